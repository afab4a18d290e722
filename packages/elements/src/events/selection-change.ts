import { eventInit, type ItemKind } from './base.js';

/** The checked rows of a list changed. */
export class AkSelectionChangeEvent extends Event {
  static readonly eventName = 'ak-selection-change';
  readonly kind: ItemKind;
  readonly ids: readonly string[];
  constructor(kind: ItemKind, ids: readonly string[]) {
    super(AkSelectionChangeEvent.eventName, eventInit(false));
    this.kind = kind;
    this.ids = ids;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-selection-change': AkSelectionChangeEvent;
  }
}
