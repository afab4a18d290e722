import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { toAttachKitError, type Note, type NotesStore, type RecordRef } from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { Announcer } from '../../internal/announcer.js';
import { renderBulkToolbar } from '../../internal/bulk-toolbar.js';
import { ConfirmationController } from '../../internal/confirmation.js';
import { renderHeading } from '../../internal/heading.js';
import { ItemListController } from '../../internal/item-list-controller.js';
import { renderCommandError, renderFlag, renderLoadError } from '../../internal/list-parts.js';
import { RowGrid } from '../../internal/row-grid.js';
import { flagStyles, listStyles } from '../../internal/list.styles.js';
import { formatDate, formatDateTime } from '../../localization/format.js';
import { errorText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './note-list.styles.js';

/**
 * The shared notes of one host record, as the current principal may see
 * them, with the same Customer Portal and Confidential bulk actions as the
 * attachments, and an "Add a note" form for staff who may write notes (a new
 * note is Hidden and not Confidential). A portal client sees the notes
 * shared with them, without selection, actions or the internal flags.
 * `<ak-attachment-list>` shows one below its attachments unless `hide-notes`.
 *
 * @tag ak-note-list
 * @summary A record's shared notes with sharing and confidentiality controls.
 *
 * @attr record-type - The host record's type, e.g. `job`.
 * @attr record-id - The host record's id, e.g. `J-1042`.
 * @attr heading-level - The level of the "Shared notes" heading, 1–6 (default 2).
 * @attr data-theme - `light` or `dark` forces a theme.
 *
 * @fires {AkShareEvent} ak-share - Notes are about to become Viewable/Hidden in the Customer Portal. Cancelable.
 * @fires {AkConfidentialEvent} ak-confidential - Notes are about to be marked Confidential or cleared. Cancelable.
 * @fires {AkDeleteEvent} ak-delete - The user confirmed a delete. Cancelable.
 * @fires {AkSelectionChangeEvent} ak-selection-change - The checked notes changed.
 * @fires {AkErrorEvent} ak-error - A command failed (the store was rolled back).
 *
 * @csspart notes - The section around the notes.
 * @csspart heading - The "Shared notes" heading.
 * @csspart toolbar - The bulk action toolbar.
 * @csspart action - Each toolbar button.
 * @csspart note - Each note (a table row, or a card in a narrow container).
 * @csspart flag - A Customer View / Confidential `Y`/`N` cell.
 * @csspart status - The loading and empty messages.
 * @csspart error - An error message with its retry or dismiss button.
 * @csspart note-form - The "Add a note" form.
 * @csspart dialog - The confirmation dialog.
 *
 * @cssprop --ak-color-surface-selected - Background of checked notes.
 */
@localized()
export class AkNoteList extends AkElement {
  static override styles = [tokens, controls, listStyles, flagStyles, styles];

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  /** The level of the "Shared notes" heading (1–6, default 2), to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level', reflect: true }) headingLevel = 2;

  private readonly announcer = new Announcer(this);
  private readonly confirmation = new ConfirmationController(this, this.uid);
  private readonly grid = new RowGrid(this);
  private readonly list = new ItemListController<Note>(this, 'note', {
    announce: (text) => this.announcer.announce(text),
    confirm: (request) => this.confirmation.ask(request),
    reasonContext: () => this.reasonContext(),
  });

  /** The record these notes belong to, or null until both attributes are set. */
  get record(): RecordRef | null {
    return this.recordType && this.recordId ? { type: this.recordType, id: this.recordId } : null;
  }

  /** Ids of the checked notes (that are still in the list). */
  get selectedIds(): string[] {
    return this.list.selectedIds;
  }

  /** Reloads the notes. */
  reload(): Promise<void> {
    return this.list.reload();
  }

  private get portalView(): boolean {
    return this.kit?.principal.kind === 'client';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit') || changed.has('recordType') || changed.has('recordId')) {
      const record = this.record;
      this.list.bind(this.kit && record ? this.kit.notes(record) : null);
    }
  }

  protected override render(): TemplateResult {
    const heading = `${this.uid}-notes`;
    return html`<section class="notes" part="notes" aria-labelledby=${heading}>
        ${renderHeading(this.headingLevel, heading, msg('Shared notes'))}
        ${this.renderBody()} ${this.renderForm()}
      </section>
      ${this.announcer.render()} ${this.confirmation.render()}`;
  }

  private renderBody(): TemplateResult {
    const state = this.list.state;
    if (!this.kit || !state) return html`<p class="message" part="status" role="status">${msg('Loading notes…')}</p>`;
    if (state.status === 'error' && state.items.length === 0) {
      return renderLoadError(msg('The notes could not be loaded.'), this.list, this.reasonContext());
    }
    if ((state.status === 'loading' || state.status === 'idle') && state.items.length === 0) {
      return html`<p class="message" part="status" role="status">${msg('Loading notes…')}</p>`;
    }
    const staff = !this.portalView;
    return html`
      ${
        staff
          ? renderBulkToolbar({
              kit: this.kit,
              list: this.list,
              uid: this.uid,
              announce: (t) => this.announcer.announce(t),
              reasonContext: this.reasonContext(),
            })
          : nothing
      }
      ${renderCommandError(this.list, this.reasonContext())}
      ${state.items.length === 0 ? html`<p class="message" part="status">${msg('No shared notes yet.')}</p>` : this.renderTable(state.items)}
    `;
  }

  private renderTable(items: Note[]): TemplateResult {
    const staff = !this.portalView;
    const selected = this.list.selectedItems.length;
    const allChecked = items.length > 0 && selected === items.length;
    this.grid.prepare(
      items.map((n) => n.id),
      0,
    );
    return html`<table class="notes-table" role=${staff ? 'grid' : nothing} aria-label=${msg('Shared notes')}>
      <thead>
        <tr>
          ${
            staff
              ? html`<th scope="col" class="check">
                <input
                  type="checkbox"
                  class="select-all-notes"
                  aria-label=${msg('Select all notes')}
                  .checked=${allChecked}
                  .indeterminate=${selected > 0 && !allChecked}
                  @change=${(e: Event) => this.list.setSelection((e.target as HTMLInputElement).checked ? new Set(items.map((n) => n.id)) : new Set())}
                />
              </th>`
              : nothing
          }
          <th scope="col">${msg('Note')}</th>
          <th scope="col">${msg('Added')}</th>
          ${
            staff
              ? html`<th scope="col" class="flag">${msg('Customer View')}</th>
                <th scope="col" class="flag">${msg('Confidential')}</th>`
              : nothing
          }
        </tr>
      </thead>
      <tbody class="rows" @keydown=${this.grid.onKeydown} @focusin=${this.grid.onFocusin}>
        ${items.map((n) => this.renderNote(n, staff))}
      </tbody>
    </table>`;
  }

  private renderNote(n: Note, staff: boolean): TemplateResult {
    const checked = this.list.isSelected(n.id);
    return html`<tr role="row" class=${checked ? 'selected' : ''} part="note" data-id=${n.id} aria-busy=${this.list.isPending(n.id) ? 'true' : 'false'}>
      ${
        staff
          ? html`<td class="check">
            <input
              type="checkbox"
              data-column="0"
              tabindex=${this.grid.tabIndex(n.id, 0)}
              aria-label=${msg(str`Select note: ${n.body.slice(0, 60)}`)}
              .checked=${checked}
              @change=${(e: Event) => this.list.toggle(n.id, (e.target as HTMLInputElement).checked)}
            />
          </td>`
          : nothing
      }
      <td class="body" dir="auto">${n.body}</td>
      <td class="date"><span title=${formatDateTime(n.createdAt)}>${formatDate(n.createdAt)}</span></td>
      ${
        staff
          ? html`<td class="flag" part="flag" data-flag="portal">${renderFlag('portal', n.portal === 'viewable')}</td>
            <td class="flag" part="flag" data-flag="confidential">${renderFlag('confidential', n.confidential)}</td>`
          : nothing
      }
    </tr>`;
  }

  /** "Add a note", for staff who may write notes; new notes are Hidden until shared. */
  private renderForm(): TemplateResult | typeof nothing {
    if (this.portalView || this.list.state?.status !== 'ready' || !this.kit?.can('note.create')) return nothing;
    const id = `${this.uid}-new-note`;
    return html`<form class="note-form" part="note-form" @submit=${(e: SubmitEvent) => this.addNote(e)}>
      <label for=${id}>${msg('Add a note')}</label>
      <textarea id=${id} name="body" rows="2" required maxlength="20000" dir="auto"></textarea>
      <button type="submit">${msg('Add note')}</button>
    </form>`;
  }

  private async addNote(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = form.elements.namedItem('body') as HTMLTextAreaElement;
    const body = field.value.trim();
    const store = this.list.store as NotesStore | null;
    if (!body || !store) return;
    try {
      await store.create({ body });
      field.value = '';
      this.announcer.announce(msg('Note added (hidden from the Customer Portal).'));
    } catch (error) {
      // The store keeps the error (shown above the notes) and the text stays in the field.
      this.announcer.announce(errorText(toAttachKitError(error), this.reasonContext()));
    }
  }
}
