import type { PortalSettingKey } from '@attachkit/sdk';
import { eventInit } from './base.js';

/** A Customer Portal switch was toggled and is about to be saved (value as stored, with its polarity). Cancelable. */
export class AkPortalSettingChangeEvent extends Event {
  static readonly eventName = 'ak-portal-setting-change';
  readonly key: PortalSettingKey;
  readonly value: boolean;
  constructor(key: PortalSettingKey, value: boolean) {
    super(AkPortalSettingChangeEvent.eventName, eventInit(true));
    this.key = key;
    this.value = value;
  }
}

declare global {
  interface HTMLElementEventMap {
    'ak-portal-setting-change': AkPortalSettingChangeEvent;
  }
}
