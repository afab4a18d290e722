import type { Attachment } from '@attachkit/sdk';
import { eventInit } from './base.js';

/**
 * An attachment's bytes were fetched and are about to be saved by the browser.
 * Cancelable: call `preventDefault()` to handle `content` yourself.
 */
export class AkDownloadEvent extends Event {
  static readonly eventName = 'ak-download';
  readonly attachment: Attachment;
  readonly content: Blob;
  constructor(attachment: Attachment, content: Blob) {
    super(AkDownloadEvent.eventName, eventInit(true));
    this.attachment = attachment;
    this.content = content;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-download': AkDownloadEvent;
  }
}
