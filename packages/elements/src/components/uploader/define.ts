import { AkUploader } from './uploader.js';

export { AkUploader };

if (!customElements.get('ak-uploader')) customElements.define('ak-uploader', AkUploader);

declare global {
  interface HTMLElementTagNameMap {
    'ak-uploader': AkUploader;
  }
}
