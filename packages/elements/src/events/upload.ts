import type { Attachment, Reason, RecordRef } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** Files were chosen, dropped or pasted and are about to be queued. Cancelable: the host may veto. */
export class AkUploadAddEvent extends Event {
  static readonly eventName = 'ak-upload-add';
  readonly record: RecordRef;
  readonly files: readonly File[];
  constructor(record: RecordRef, files: readonly File[]) {
    super(AkUploadAddEvent.eventName, eventInit(true));
    this.record = record;
    this.files = files;
  }
}

/** A file this uploader queued is now an attachment of the record (Hidden, not confidential). */
export class AkUploadCompleteEvent extends Event {
  static readonly eventName = 'ak-upload-complete';
  readonly record: RecordRef;
  readonly attachment: Attachment;
  constructor(record: RecordRef, attachment: Attachment) {
    super(AkUploadCompleteEvent.eventName, eventInit(false));
    this.record = record;
    this.attachment = attachment;
  }
}

/** A file was refused (restrictions, policy or server) for a reason a retry cannot fix. */
export class AkUploadRejectedEvent extends Event {
  static readonly eventName = 'ak-upload-rejected';
  readonly name: string;
  readonly reason: Reason;
  constructor(name: string, reason: Reason) {
    super(AkUploadRejectedEvent.eventName, eventInit(false));
    this.name = name;
    this.reason = reason;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-upload-add': AkUploadAddEvent;
    'ak-upload-complete': AkUploadCompleteEvent;
    'ak-upload-rejected': AkUploadRejectedEvent;
  }
}
