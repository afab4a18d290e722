import * as z from 'zod/mini';

/** Why something is denied, hidden or refused: a machine-readable code and a sentence. */
export interface Reason {
  code: string;
  message: string;
  /** The permission key involved, when the reason is a missing permission. */
  permission?: string;
}

/** A field-level problem of a refused payload. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface AttachKitErrorOptions {
  status?: number;
  reasons?: Reason[];
  issues?: FieldIssue[];
  cause?: unknown;
}

/**
 * Every error the SDK throws. `code` is stable and machine-readable (the same
 * reason codes the policy uses, e.g. `confidential.notPermitted`); `status`
 * is the HTTP status the reference server answers with.
 */
export class AttachKitError extends Error {
  override name = 'AttachKitError';
  readonly code: string;
  readonly status: number;
  readonly reasons: Reason[];
  readonly issues: FieldIssue[];
  constructor(code: string, message: string, options: AttachKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 500;
    this.reasons = options.reasons ?? [];
    this.issues = options.issues ?? [];
  }
}

/** The item does not exist, or the caller may not see it (the two are indistinguishable on purpose). */
export class AttachKitNotFoundError extends AttachKitError {
  override name = 'AttachKitNotFoundError';
  constructor(what = 'item', options: AttachKitErrorOptions = {}) {
    super('not.found', `The ${what} does not exist or you may not see it.`, { status: 404, ...options });
  }
}

/** The policy denies the action; `reasons` say why. */
export class AttachKitForbiddenError extends AttachKitError {
  override name = 'AttachKitForbiddenError';
  constructor(reasons: Reason[], options: AttachKitErrorOptions = {}) {
    const first = reasons[0] ?? { code: 'permission.denied', message: 'You may not do this.' };
    super(first.code, first.message, { status: 403, reasons, ...options });
  }
}

/** The payload is invalid; `issues` name the fields. */
export class AttachKitValidationError extends AttachKitError {
  override name = 'AttachKitValidationError';
  constructor(message: string, issues: FieldIssue[] = [], options: AttachKitErrorOptions = {}) {
    super('validation.invalid', message, { status: 400, issues, ...options });
  }
}

/** The item changed since the caller read it (stale revision / If-Match). */
export class AttachKitConflictError extends AttachKitError {
  override name = 'AttachKitConflictError';
  constructor(message = 'The item was changed by someone else; reload it and try again.', options: AttachKitErrorOptions = {}) {
    super('revision.stale', message, { status: 412, ...options });
  }
}

/** An upload refused by the restrictions (size, extension, empty, content). */
export class AttachKitUploadRejectedError extends AttachKitError {
  override name = 'AttachKitUploadRejectedError';
  constructor(reason: Reason, options: AttachKitErrorOptions = {}) {
    super(reason.code, reason.message, { status: reason.code === 'upload.tooLarge' ? 413 : 422, reasons: [reason], ...options });
  }
}

/** The caller aborted the request through its AbortSignal. */
export class AttachKitAbortError extends AttachKitError {
  override name = 'AttachKitAbortError';
  constructor(message = 'The request was cancelled.') {
    super('request.aborted', message, { status: 499 });
  }
}

/** The backend could not be reached. */
export class AttachKitNetworkError extends AttachKitError {
  override name = 'AttachKitNetworkError';
  constructor(message = 'The server could not be reached.', options: AttachKitErrorOptions = {}) {
    super('network.unreachable', message, { status: 0, ...options });
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof AttachKitAbortError || (error instanceof Error && error.name === 'AbortError');
}

/** Throws an AttachKitAbortError when the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AttachKitAbortError();
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Field issues of a zod error, with dotted paths (`record.id`, `ids[2]`). */
export function issuesOf(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/**
 * Parses `value` with `schema`, or throws an AttachKitValidationError whose
 * message names the offending fields: `Invalid Attachment: size: expected int, received string`.
 */
export function parseOrThrow<S extends z.core.$ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new AttachKitValidationError(`Invalid ${what}: ${summary}`, issues);
}

/** Any thrown value as an AttachKitError (unknown failures keep their message and cause). */
export function toAttachKitError(error: unknown): AttachKitError {
  if (error instanceof AttachKitError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new AttachKitAbortError();
  const message = error instanceof Error ? error.message : String(error);
  return new AttachKitError('unexpected', message || 'Something went wrong.', { cause: error });
}
