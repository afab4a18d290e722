import { eventInit, type ItemKind } from './base.js';

/** Items are about to be marked Confidential or have the mark cleared. Cancelable. */
export class AkConfidentialEvent extends Event {
  static readonly eventName = 'ak-confidential';
  readonly kind: ItemKind;
  readonly ids: readonly string[];
  readonly confidential: boolean;
  constructor(kind: ItemKind, ids: readonly string[], confidential: boolean) {
    super(AkConfidentialEvent.eventName, eventInit(true));
    this.kind = kind;
    this.ids = ids;
    this.confidential = confidential;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-confidential': AkConfidentialEvent;
  }
}
