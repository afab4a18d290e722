import { AkProvider } from './provider.js';

export { AkProvider };

if (!customElements.get('ak-provider')) customElements.define('ak-provider', AkProvider);

declare global {
  interface HTMLElementTagNameMap {
    'ak-provider': AkProvider;
  }
}
