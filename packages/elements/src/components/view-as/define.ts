import { AkViewAs } from './view-as.js';

export { AkViewAs };

if (!customElements.get('ak-view-as')) customElements.define('ak-view-as', AkViewAs);

declare global {
  interface HTMLElementTagNameMap {
    'ak-view-as': AkViewAs;
  }
}
