import { AkImageViewer } from './image-viewer.js';

export { AkImageViewer };

if (!customElements.get('ak-image-viewer')) customElements.define('ak-image-viewer', AkImageViewer);

declare global {
  interface HTMLElementTagNameMap {
    'ak-image-viewer': AkImageViewer;
  }
}
