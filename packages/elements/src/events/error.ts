import type { AttachKitError } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** A load or a command failed; the SDK store has already been rolled back. */
export class AkErrorEvent extends Event {
  static readonly eventName = 'ak-error';
  /** What failed, e.g. `attachment.share`, `attachment.list`, `grants.edit`. */
  readonly operation: string;
  readonly error: AttachKitError;
  constructor(operation: string, error: AttachKitError) {
    super(AkErrorEvent.eventName, eventInit(false));
    this.operation = operation;
    this.error = error;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-error': AkErrorEvent;
  }
}
