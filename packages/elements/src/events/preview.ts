import type { Attachment } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** An image is about to open in the pop-up. Cancelable: the host may show its own viewer. */
export class AkPreviewEvent extends Event {
  static readonly eventName = 'ak-preview';
  readonly attachment: Attachment;
  constructor(attachment: Attachment) {
    super(AkPreviewEvent.eventName, eventInit(true));
    this.attachment = attachment;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-preview': AkPreviewEvent;
  }
}
