import '../image-viewer/define.js';
import '../note-list/define.js';
import { AkAttachmentList } from './attachment-list.js';

export { AkAttachmentList };

if (!customElements.get('ak-attachment-list')) customElements.define('ak-attachment-list', AkAttachmentList);

declare global {
  interface HTMLElementTagNameMap {
    'ak-attachment-list': AkAttachmentList;
  }
}
