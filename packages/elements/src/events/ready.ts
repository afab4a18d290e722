import type { AttachKit } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** `<ak-provider>` has an `AttachKit` ready for its descendants. */
export class AkReadyEvent extends Event {
  static readonly eventName = 'ak-ready';
  readonly kit: AttachKit;
  constructor(kit: AttachKit) {
    super(AkReadyEvent.eventName, eventInit(false));
    this.kit = kit;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-ready': AkReadyEvent;
  }
}
