import type { PortalVisibility } from '@attachkit/sdk';
import { eventInit, type ItemKind } from './base.js';

/**
 * Items are about to be made Viewable in, or Hidden from, the Customer Portal
 * (after any confirmation). Cancelable: `preventDefault()` vetoes the change.
 */
export class AkShareEvent extends Event {
  static readonly eventName = 'ak-share';
  readonly kind: ItemKind;
  readonly ids: readonly string[];
  readonly portal: PortalVisibility;
  constructor(kind: ItemKind, ids: readonly string[], portal: PortalVisibility) {
    super(AkShareEvent.eventName, eventInit(true));
    this.kind = kind;
    this.ids = ids;
    this.portal = portal;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-share': AkShareEvent;
  }
}
