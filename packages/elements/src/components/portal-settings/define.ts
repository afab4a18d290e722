import { AkPortalSettings } from './portal-settings.js';

export { AkPortalSettings };

if (!customElements.get('ak-portal-settings')) customElements.define('ak-portal-settings', AkPortalSettings);

declare global {
  interface HTMLElementTagNameMap {
    'ak-portal-settings': AkPortalSettings;
  }
}
