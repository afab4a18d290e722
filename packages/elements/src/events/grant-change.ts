import type { AccessLevel, PermissionKey } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** A permission cell was toggled and is about to be saved. Cancelable: the host may veto. */
export class AkGrantChangeEvent extends Event {
  static readonly eventName = 'ak-grant-change';
  readonly userId: string;
  readonly level: AccessLevel;
  readonly key: PermissionKey;
  readonly granted: boolean;
  constructor(userId: string, level: AccessLevel, key: PermissionKey, granted: boolean) {
    super(AkGrantChangeEvent.eventName, eventInit(true));
    this.userId = userId;
    this.level = level;
    this.key = key;
    this.granted = granted;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-grant-change': AkGrantChangeEvent;
  }
}
