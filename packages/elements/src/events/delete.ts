import { eventInit, type ItemKind } from './base.js';

/** The user confirmed a delete; the items are about to be removed. Cancelable: the host may veto. */
export class AkDeleteEvent extends Event {
  static readonly eventName = 'ak-delete';
  readonly kind: ItemKind;
  readonly ids: readonly string[];
  constructor(kind: ItemKind, ids: readonly string[]) {
    super(AkDeleteEvent.eventName, eventInit(true));
    this.kind = kind;
    this.ids = ids;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-delete': AkDeleteEvent;
  }
}
