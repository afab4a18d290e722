import type { AccessLevel, Principal } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** `<ak-view-as>` now previews the record as another principal (or nobody). */
export class AkViewAsChangeEvent extends Event {
  static readonly eventName = 'ak-view-as-change';
  readonly principal: Principal | null;
  readonly level: AccessLevel;
  constructor(principal: Principal | null, level: AccessLevel) {
    super(AkViewAsChangeEvent.eventName, eventInit(false));
    this.principal = principal;
    this.level = level;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-view-as-change': AkViewAsChangeEvent;
  }
}
