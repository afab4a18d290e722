import { AttachKitError } from '../errors.js';
import type { UploadInput } from './backend.js';

/** Throws a validation error unless `file` is a name and a Blob: plain JavaScript callers can pass anything. */
export function assertUploadInput(file: unknown): asserts file is UploadInput {
  const candidate = file as Partial<UploadInput> | null | undefined;
  if (!candidate || typeof candidate.name !== 'string' || !(candidate.data instanceof Blob)) {
    throw new AttachKitError('validation.invalid', 'The upload needs a name and a Blob of data.', { status: 400 });
  }
}
