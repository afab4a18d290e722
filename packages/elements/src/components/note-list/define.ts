import { AkNoteList } from './note-list.js';

export { AkNoteList };

if (!customElements.get('ak-note-list')) customElements.define('ak-note-list', AkNoteList);

declare global {
  interface HTMLElementTagNameMap {
    'ak-note-list': AkNoteList;
  }
}
