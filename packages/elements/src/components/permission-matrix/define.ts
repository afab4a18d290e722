import { AkPermissionMatrix } from './permission-matrix.js';

export { AkPermissionMatrix };

if (!customElements.get('ak-permission-matrix')) customElements.define('ak-permission-matrix', AkPermissionMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'ak-permission-matrix': AkPermissionMatrix;
  }
}
