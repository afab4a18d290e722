import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import {
  toAttachKitError,
  type AttachKit,
  type AttachmentsStore,
  type NotesStore,
  type AttachKitError,
  type Attachment,
  type CollectionState,
  type Note,
  type RecordRef,
} from '@attachkit/sdk';
import { attachKitContext } from '../../context.js';
import { StoreController } from '../../controllers/store-controller.js';
import type { ItemKind } from '../../events/base.js';
import { AkConfidentialEvent } from '../../events/confidential.js';
import { AkDeleteEvent } from '../../events/delete.js';
import { AkDownloadEvent } from '../../events/download.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkPreviewEvent } from '../../events/preview.js';
import { AkSelectionChangeEvent } from '../../events/selection-change.js';
import { AkShareEvent } from '../../events/share.js';
import { formatDate, formatDateTime, formatNumber, formatSize } from '../../localization/format.js';
import { errorText, reasonText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { bulkActions, firstDenial, resultMessage, type BulkAction } from './bulk-actions.js';
import { styles } from './attachment-list.styles.js';

/** Attachments opened in the image pop-up rather than downloaded. */
export const previewableTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export type SortKey = 'name' | 'size' | 'date';
export type SortDirection = 'ascending' | 'descending';

interface Confirmation {
  message: string;
  confirmLabel: string;
  danger: boolean;
  resolve(confirmed: boolean): void;
}

type Preview =
  | { status: 'loading'; id: string }
  | { status: 'ready'; id: string; url: string }
  | { status: 'error'; id: string; error: AttachKitError };

/**
 * Lists up to this many rows render every row (find-in-page, printing and
 * off-screen lists work as on any page); longer ones are virtualized.
 */
export const virtualizeAbove = 100;

const compareText = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const downloadIcon = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M7.25 1.75a.75.75 0 0 1 1.5 0v6.69l2.22-2.22a.75.75 0 1 1 1.06 1.06l-3.5 3.5a.75.75 0 0 1-1.06 0l-3.5-3.5a.75.75 0 1 1 1.06-1.06l2.22 2.22V1.75ZM2.75 12.5a.75.75 0 0 0 0 1.5h10.5a.75.75 0 0 0 0-1.5H2.75Z"/>
</svg>`;

let instances = 0;

/**
 * The attachments of one host record, as the current principal may see them,
 * with the Ascora bulk actions (Customer Portal sharing, Confidential, delete),
 * sorting, filtering, an image pop-up, downloads, and the record's shared
 * notes in a second section. Lists longer than 100 rows are virtualized:
 * 10,000 attachments keep only the visible rows in the DOM.
 *
 * A portal client sees the customer's view of the same list: what is shared
 * with them, to open and download, without selection, staff actions or the
 * Customer View and Confidential columns.
 *
 * @tag ak-attachment-list
 * @summary A record's attachments and shared notes with sharing and confidentiality controls.
 *
 * @attr record-type - The host record's type, e.g. `job`.
 * @attr record-id - The host record's id, e.g. `J-1042`.
 * @attr hide-notes - Leave out the shared notes section.
 * @attr data-theme - `light` or `dark` forces a theme (otherwise `prefers-color-scheme`, or an ancestor's `data-theme`).
 *
 * @fires {AkShareEvent} ak-share - Items are about to become Viewable/Hidden in the Customer Portal. Cancelable.
 * @fires {AkConfidentialEvent} ak-confidential - Items are about to be marked Confidential or cleared. Cancelable.
 * @fires {AkDeleteEvent} ak-delete - The user confirmed a delete. Cancelable.
 * @fires {AkDownloadEvent} ak-download - An attachment's bytes are about to be saved. Cancelable (handle `content` yourself).
 * @fires {AkPreviewEvent} ak-preview - An image is about to open in the pop-up. Cancelable.
 * @fires {AkSelectionChangeEvent} ak-selection-change - The checked rows changed.
 * @fires {AkErrorEvent} ak-error - Loading or a command failed (the store was rolled back).
 *
 * @csspart toolbar - The bulk action toolbar (attachments and notes).
 * @csspart action - Each toolbar button.
 * @csspart filter - The filter text field.
 * @csspart table - The attachments table.
 * @csspart header - The header row.
 * @csspart row - Each attachment row.
 * @csspart name - The attachment name button.
 * @csspart flag - A Customer View / Confidential `Y`/`N` cell.
 * @csspart download-button - The download icon button of a row.
 * @csspart status - The loading and empty messages.
 * @csspart error - An error message with its retry button.
 * @csspart notes - The shared notes section.
 * @csspart note-form - The "Add a note" form (staff who may write notes).
 * @csspart dialog - The image pop-up and the confirmation dialog.
 * @csspart image - The image in the pop-up.
 *
 * @cssprop --ak-attachment-list-max-height - Height of the scrolling rows area before it scrolls (default 24rem).
 * @cssprop --ak-attachment-list-row-height - Height of a row (default 2.75rem; rows have a fixed height).
 * @cssprop --ak-attachment-list-columns - `grid-template-columns` of the rows.
 * @cssprop --ak-attachment-list-portal-columns - `grid-template-columns` of the rows a portal client sees (name, size, added, download).
 * @cssprop --ak-color-text - Text colour token (see the theming guide for every `--ak-*` token).
 * @cssprop --ak-color-accent - Accent token: links, primary buttons, focus ring.
 * @cssprop --ak-color-surface-selected - Background of checked rows.
 *
 * @slot empty - Shown instead of the default message when the record has no attachments.
 */
@localized()
export class AkAttachmentList extends LitElement {
  static override styles = [tokens, controls, styles];

  /** The AttachKit, from the nearest `<ak-provider>` or set directly. */
  @consume({ context: attachKitContext, subscribe: true })
  @property({ attribute: false })
  kit?: AttachKit;

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  @property({ type: Boolean, attribute: 'hide-notes', reflect: true }) hideNotes = false;

  /**
   * A portal client sees the customer's view: what is shared with them, to
   * open and download — no selection, no staff actions, and no Customer View
   * or Confidential columns (internal classification is not the customer's).
   */
  private get portalView(): boolean {
    return this.kit?.principal.kind === 'client';
  }

  @state() private selected: ReadonlySet<string> = new Set();
  @state() private selectedNotes: ReadonlySet<string> = new Set();
  @state() private filter = '';
  @state() private sortKey: SortKey = 'date';
  @state() private sortDirection: SortDirection = 'ascending';
  @state() private confirmation: Confirmation | null = null;
  @state() private preview: Preview | null = null;
  @state() private announcement = '';
  @state() private dismissedError: AttachKitError | null = null;
  @state() private dismissedNoteError: AttachKitError | null = null;

  @query('dialog.preview') private previewDialog?: HTMLDialogElement;
  @query('dialog.confirm') private confirmDialog?: HTMLDialogElement;

  private readonly attachments = new StoreController<CollectionState<Attachment>>(this);
  private readonly notes = new StoreController<CollectionState<Note>>(this);
  private attachmentStore: AttachmentsStore | null = null;
  private noteStore: NotesStore | null = null;
  private readonly uid = `ak-list-${++instances}`;
  private viewCache: { items: Attachment[]; filter: string; key: SortKey; direction: SortDirection; result: Attachment[] } | null = null;
  private previewToken = 0;

  /** The record this list shows, or null until both attributes are set. */
  get record(): RecordRef | null {
    return this.recordType && this.recordId ? { type: this.recordType, id: this.recordId } : null;
  }

  /** Ids of the checked attachments (that are still in the list). */
  get selectedIds(): string[] {
    return (this.attachments.value?.items ?? []).filter((a) => this.selected.has(a.id)).map((a) => a.id);
  }

  /** Reloads the attachments and notes. */
  async reload(): Promise<void> {
    await Promise.all([this.attachmentStore?.load(), this.noteStore?.load()]);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit') || changed.has('recordType') || changed.has('recordId') || changed.has('hideNotes')) {
      const record = this.record;
      const attachments = this.kit && record ? this.kit.attachments(record) : null;
      const notes = this.kit && record && !this.hideNotes ? this.kit.notes(record) : null;
      if (attachments !== this.attachments.store) this.selected = new Set();
      if (notes !== this.notes.store) this.selectedNotes = new Set();
      this.attachmentStore = attachments;
      this.noteStore = notes;
      this.attachments.bind(attachments);
      this.notes.bind(notes);
      void attachments?.ensureLoaded();
      void notes?.ensureLoaded();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.closePreview();
  }

  // ------------------------------------------------------------------ derived

  private view(items: Attachment[]): Attachment[] {
    const cache = this.viewCache;
    if (cache && cache.items === items && cache.filter === this.filter && cache.key === this.sortKey && cache.direction === this.sortDirection) {
      return cache.result;
    }
    const needle = this.filter.trim().toLocaleLowerCase();
    const result = this.sortItems(needle ? items.filter((a) => a.name.toLocaleLowerCase().includes(needle)) : items);
    this.viewCache = { items, filter: this.filter, key: this.sortKey, direction: this.sortDirection, result };
    return result;
  }

  private images(): Attachment[] {
    return this.sortItems((this.attachments.value?.items ?? []).filter((a) => previewableTypes.includes(a.mimeType)));
  }

  private sortItems(items: readonly Attachment[]): Attachment[] {
    const sign = this.sortDirection === 'ascending' ? 1 : -1;
    const compare: Record<SortKey, (a: Attachment, b: Attachment) => number> = {
      name: (a, b) => compareText.compare(a.name, b.name),
      size: (a, b) => a.size - b.size,
      date: (a, b) => a.createdAt.localeCompare(b.createdAt),
    };
    const by = compare[this.sortKey];
    return [...items].sort((a, b) => sign * by(a, b) || compareText.compare(a.name, b.name));
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    if (!this.kit) {
      return html`<p class="message" part="status" role="status">${msg('Waiting for an AttachKit (place this element inside <ak-provider>).')}</p>`;
    }
    if (!this.record) {
      return html`<p class="message" part="status" role="status">${msg('Set the record-type and record-id attributes to show attachments.')}</p>`;
    }
    return html`
      <section class="attachments" aria-labelledby="${this.uid}-caption">
        <span id="${this.uid}-caption" class="visually-hidden">${msg(str`Attachments of ${this.record.type} ${this.record.id}`)}</span>
        ${this.renderAttachments()}
      </section>
      ${this.hideNotes ? nothing : this.renderNotes()}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      ${this.renderPreview()} ${this.renderConfirmation()}
    `;
  }

  private renderAttachments(): TemplateResult {
    const state = this.attachments.value!;
    if (state.status === 'error' && state.items.length === 0) {
      return html`<div class="error" part="error" role="alert">
        <span>${msg('The attachments could not be loaded.')} ${state.error ? errorText(state.error, this.reasonContext()) : ''}</span>
        <button type="button" @click=${() => this.reload()}>${msg('Retry')}</button>
      </div>`;
    }
    if ((state.status === 'loading' || state.status === 'idle') && state.items.length === 0) {
      return html`<p class="message" part="status" role="status">${msg('Loading attachments…')}</p>`;
    }
    const items = state.items;
    const rows = this.view(items);
    const selectedItems = items.filter((a) => this.selected.has(a.id));
    return html`
      ${this.portalView ? nothing : this.renderToolbar('attachment', selectedItems)}
      ${this.renderCommandError('attachment', state.error, state.status)}
      ${items.length === 0
        ? html`<div class="message" part="status"><slot name="empty">${this.emptyText()}</slot></div>`
        : html`
            <div class="filter-bar">
              <label for="${this.uid}-filter">${msg('Filter by name')}</label>
              <input
                id="${this.uid}-filter"
                part="filter"
                type="search"
                .value=${this.filter}
                @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)}
              />
              <span class="count" aria-live="polite">${msg(str`${formatNumber(rows.length)} of ${formatNumber(items.length)} shown`)}</span>
            </div>
            ${this.renderTable(rows)}
          `}
    `;
  }

  /** "No attachments yet.", or for a portal client who may see nothing at all, why (e.g. the shared view is off). */
  private emptyText(): string {
    const denial = this.portalView ? this.kit!.explain('attachment.view').reasons[0] : undefined;
    return denial ? reasonText(denial, this.reasonContext()) : msg('No attachments yet.');
  }

  private renderTable(rows: Attachment[]): TemplateResult {
    const allChecked = rows.length > 0 && rows.every((a) => this.selected.has(a.id));
    const someChecked = !allChecked && rows.some((a) => this.selected.has(a.id));
    const sortHeader = (key: SortKey, label: string) => html`<div
      role="columnheader"
      class="cell"
      aria-sort=${this.sortKey === key ? this.sortDirection : 'none'}
    >
      <button type="button" class="sort" data-sort=${key} @click=${() => this.sortBy(key)}>
        ${label}<span aria-hidden="true" class="arrow">${this.sortKey === key ? (this.sortDirection === 'ascending' ? '▲' : '▼') : ''}</span>
      </button>
    </div>`;
    return html`
      <div role="table" class="table ${this.portalView ? 'portal' : ''}" part="table" aria-labelledby="${this.uid}-caption" aria-rowcount=${rows.length + 1}>
        <div role="rowgroup">
          <div role="row" class="row header" part="header" aria-rowindex="1">
            ${this.portalView ? nothing : html`<div role="columnheader" class="cell check">
              <input
                type="checkbox"
                class="select-all"
                aria-label=${msg('Select all attachments')}
                .checked=${allChecked}
                .indeterminate=${someChecked}
                ?disabled=${rows.length === 0}
                @change=${(e: Event) => this.selectAll(rows, (e.target as HTMLInputElement).checked)}
              />
            </div>`}
            ${sortHeader('name', msg('Name'))} ${sortHeader('size', msg('Size'))} ${sortHeader('date', msg('Added'))}
            ${this.portalView
              ? nothing
              : html`<div role="columnheader" class="cell flag">${msg('Customer View')}</div>
                  <div role="columnheader" class="cell flag">${msg('Confidential')}</div>`}
            <div role="columnheader" class="cell icon"><span class="visually-hidden">${msg('Download')}</span></div>
          </div>
        </div>
        ${rows.length === 0
          ? nothing
          : html`<div role="rowgroup" class="body" style="--_rows: ${rows.length}">
              ${rows.length > virtualizeAbove
                ? virtualize({
                    items: rows,
                    keyFunction: (a: Attachment) => a.id,
                    renderItem: (a: Attachment, index: number) => this.renderRow(a, index),
                    scroller: true,
                  })
                : repeat(rows, (a) => a.id, (a, index) => this.renderRow(a, index))}
            </div>`}
      </div>
      ${rows.length === 0 ? html`<p class="message" part="status" role="status">${msg(str`No attachments match "${this.filter}".`)}</p>` : nothing}
    `;
  }

  private renderRow(a: Attachment, index: number): TemplateResult {
    const checked = this.selected.has(a.id);
    const pending = this.attachments.value?.pending.includes(a.id) ?? false;
    const canDownload = this.kit?.can('attachment.download', a) ?? false;
    return html`<div
      role="row"
      class="row ${checked ? 'selected' : ''}"
      part="row"
      data-id=${a.id}
      aria-rowindex=${index + 2}
      aria-busy=${pending ? 'true' : 'false'}
    >
      ${this.portalView
        ? nothing
        : html`<div role="cell" class="cell check">
            <input
              type="checkbox"
              aria-label=${msg(str`Select ${a.name}`)}
              .checked=${checked}
              @change=${(e: Event) => this.toggle('attachment', a.id, (e.target as HTMLInputElement).checked)}
            />
          </div>`}
      <div role="cell" class="cell name">
        <button type="button" class="link" part="name" dir="auto" title=${a.name} @click=${() => this.openAttachment(a)}>${a.name}</button>
      </div>
      <div role="cell" class="cell size">${formatSize(a.size)}</div>
      <div role="cell" class="cell date"><span title=${formatDateTime(a.createdAt)}>${formatDate(a.createdAt)}</span></div>
      ${this.portalView
        ? nothing
        : html`<div role="cell" class="cell flag" part="flag" data-flag="portal">${this.flag(a.portal === 'viewable')}</div>
            <div role="cell" class="cell flag" part="flag" data-flag="confidential">${this.flag(a.confidential)}</div>`}
      <div role="cell" class="cell icon">
        <button
          type="button"
          class="icon-button download"
          part="download-button"
          aria-label=${msg(str`Download ${a.name}`)}
          aria-disabled=${canDownload ? 'false' : 'true'}
          @click=${() => canDownload && this.download(a)}
        >
          ${downloadIcon}
        </button>
      </div>
    </div>`;
  }

  private flag(on: boolean): TemplateResult {
    return html`<span aria-hidden="true">${on ? msg('Y', { id: 'flag.yes' }) : msg('N', { id: 'flag.no' })}</span
      ><span class="visually-hidden">${on ? msg('Yes') : msg('No')}</span>`;
  }

  private renderToolbar(kind: ItemKind, selectedItems: ReadonlyArray<Attachment | Note>): TemplateResult {
    const kit = this.kit!;
    const label = kind === 'attachment' ? msg('Actions on the checked attachments') : msg('Actions on the checked notes');
    return html`<div class="toolbar" part="toolbar" role="toolbar" aria-label=${label} data-kind=${kind}>
      ${bulkActions(kind).map((action) => {
        const reason =
          selectedItems.length === 0
            ? null
            : firstDenial(kit, action.action, selectedItems);
        const description =
          selectedItems.length === 0
            ? kind === 'attachment'
              ? msg('Check one or more attachments first.')
              : msg('Check one or more notes first.')
            : reason
              ? reasonText(reason, this.reasonContext())
              : '';
        const unavailable = selectedItems.length === 0 || reason !== null;
        const id = `${this.uid}-${kind}-${action.id}-why`;
        return html`<button
            type="button"
            part="action"
            class=${action.danger && !unavailable ? 'danger' : ''}
            data-action=${action.id}
            aria-disabled=${unavailable ? 'true' : 'false'}
            aria-describedby=${unavailable ? id : nothing}
            title=${unavailable ? description : nothing}
            @click=${() => (unavailable ? this.announce(description) : this.run(kind, action))}
          >
            ${action.label}</button
          >${unavailable ? html`<span id=${id} class="visually-hidden">${description}</span>` : nothing}`;
      })}
      <span class="selection-count">${selectedItems.length > 0 ? msg(str`${formatNumber(selectedItems.length)} checked`) : ''}</span>
    </div>`;
  }

  private renderCommandError(kind: ItemKind, error: AttachKitError | null, status: string): TemplateResult | typeof nothing {
    const dismissed = kind === 'attachment' ? this.dismissedError : this.dismissedNoteError;
    if (!error || status === 'error' || error === dismissed) return nothing;
    return html`<div class="error" part="error" role="alert">
      <span>${errorText(error, this.reasonContext())}</span>
      <button
        type="button"
        @click=${() => (kind === 'attachment' ? (this.dismissedError = error) : (this.dismissedNoteError = error))}
      >
        ${msg('Dismiss')}
      </button>
    </div>`;
  }

  private renderNotes(): TemplateResult {
    const state = this.notes.value;
    if (!state) return html``;
    const heading = `${this.uid}-notes`;
    let body: TemplateResult;
    if (state.status === 'error' && state.items.length === 0) {
      body = html`<div class="error" part="error" role="alert">
        <span>${msg('The notes could not be loaded.')} ${state.error ? errorText(state.error, this.reasonContext()) : ''}</span>
        <button type="button" @click=${() => this.noteStore?.load()}>${msg('Retry')}</button>
      </div>`;
    } else if ((state.status === 'loading' || state.status === 'idle') && state.items.length === 0) {
      body = html`<p class="message" part="status" role="status">${msg('Loading notes…')}</p>`;
    } else {
      const selectedItems = state.items.filter((n) => this.selectedNotes.has(n.id));
      const allChecked = state.items.length > 0 && selectedItems.length === state.items.length;
      body = html`
        ${this.portalView ? nothing : this.renderToolbar('note', selectedItems)} ${this.renderCommandError('note', state.error, state.status)}
        ${state.items.length === 0
          ? html`<p class="message" part="status">${msg('No shared notes yet.')}</p>`
          : html`<table class="notes-table">
              <thead>
                <tr>
                  ${this.portalView ? nothing : html`<th scope="col" class="check">
                    <input
                      type="checkbox"
                      class="select-all-notes"
                      aria-label=${msg('Select all notes')}
                      .checked=${allChecked}
                      .indeterminate=${selectedItems.length > 0 && !allChecked}
                      @change=${(e: Event) => this.selectAllNotes(state.items, (e.target as HTMLInputElement).checked)}
                    />
                  </th>`}
                  <th scope="col">${msg('Note')}</th>
                  <th scope="col">${msg('Added')}</th>
                  ${this.portalView
                    ? nothing
                    : html`<th scope="col" class="flag">${msg('Customer View')}</th>
                        <th scope="col" class="flag">${msg('Confidential')}</th>`}
                </tr>
              </thead>
              <tbody>
                ${state.items.map(
                  (n) => html`<tr class=${this.selectedNotes.has(n.id) ? 'selected' : ''} data-id=${n.id}>
                    ${this.portalView
                      ? nothing
                      : html`<td class="check">
                          <input
                            type="checkbox"
                            aria-label=${msg(str`Select note: ${n.body.slice(0, 60)}`)}
                            .checked=${this.selectedNotes.has(n.id)}
                            @change=${(e: Event) => this.toggle('note', n.id, (e.target as HTMLInputElement).checked)}
                          />
                        </td>`}
                    <td class="body" dir="auto">${n.body}</td>
                    <td><span title=${formatDateTime(n.createdAt)}>${formatDate(n.createdAt)}</span></td>
                    ${this.portalView
                      ? nothing
                      : html`<td class="flag" part="flag" data-flag="portal">${this.flag(n.portal === 'viewable')}</td>
                          <td class="flag" part="flag" data-flag="confidential">${this.flag(n.confidential)}</td>`}
                  </tr>`,
                )}
              </tbody>
            </table>`}
      `;
    }
    return html`<section class="notes" part="notes" aria-labelledby=${heading}>
      <h3 id=${heading}>${msg('Shared notes')}</h3>
      ${body} ${this.renderNoteForm(state.status)}
    </section>`;
  }

  /** "Add a note", for staff who may write notes; new notes are Hidden until shared. */
  private renderNoteForm(status: string): TemplateResult | typeof nothing {
    if (this.portalView || status !== 'ready' || !this.kit?.can('note.create')) return nothing;
    const id = `${this.uid}-new-note`;
    return html`<form class="note-form" part="note-form" @submit=${this.addNote}>
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
    if (!body || !this.noteStore) return;
    try {
      await this.noteStore.create({ body });
      field.value = '';
      this.announce(msg('Note added (hidden from the Customer Portal).'));
    } catch (error) {
      // The store keeps the error (shown above the notes) and the text stays in the field.
      this.announce(errorText(toAttachKitError(error), this.reasonContext()));
    }
  }

  private renderPreview(): TemplateResult {
    const preview = this.preview;
    const images = preview ? this.images() : [];
    const index = preview ? images.findIndex((a) => a.id === preview.id) : -1;
    const current = index >= 0 ? images[index] : undefined;
    const title = `${this.uid}-preview-title`;
    return html`<dialog
      class="preview"
      part="dialog"
      aria-labelledby=${title}
      @close=${() => this.closePreview()}
      @keydown=${this.onPreviewKeydown}
    >
      ${current
        ? html`<header>
              <h2 id=${title}>${current.name}</h2>
              <span class="position">${msg(str`Image ${formatNumber(index + 1)} of ${formatNumber(images.length)}`)}</span>
              <button type="button" class="close" @click=${() => this.previewDialog?.close()}>${msg('Close')}</button>
            </header>
            <div class="stage">
              ${preview!.status === 'ready'
                ? html`<img part="image" src=${preview!.url} alt=${current.name} />`
                : preview!.status === 'loading'
                  ? html`<p class="message" role="status">${msg('Loading image…')}</p>`
                  : html`<div class="error" role="alert">${errorText(preview!.error, this.reasonContext())}</div>`}
            </div>
            <footer>
              ${images.length > 1
                ? html`<button type="button" class="previous" @click=${() => this.step(-1)}>${msg('Previous image')}</button>
                    <button type="button" class="next" @click=${() => this.step(1)}>${msg('Next image')}</button>`
                : nothing}
              <button type="button" class="primary download" @click=${() => this.download(current)}>${msg('Download')}</button>
            </footer>`
        : html`<h2 id=${title} class="visually-hidden">${msg('Image')}</h2>`}
    </dialog>`;
  }

  private renderConfirmation(): TemplateResult {
    const c = this.confirmation;
    const id = `${this.uid}-confirm-text`;
    return html`<dialog
      class="confirm"
      part="dialog"
      role="alertdialog"
      aria-describedby=${id}
      aria-label=${msg('Please confirm')}
      @close=${() => {
        // A close event is queued: ignore one that arrives after the dialog was opened again.
        if (!this.confirmDialog?.open) this.settleConfirmation(false);
      }}
    >
      <p id=${id}>${c?.message ?? ''}</p>
      <div class="buttons">
        <button type="button" value="cancel" autofocus @click=${() => this.answer(false)}>${msg('Cancel')}</button>
        <button type="button" value="confirm" class=${c?.danger ? 'danger' : 'primary'} @click=${() => this.answer(true)}>
          ${c?.confirmLabel ?? msg('Confirm')}
        </button>
      </div>
    </dialog>`;
  }

  // ------------------------------------------------------------------ actions

  private reasonContext() {
    return { catalog: this.kit?.catalog, level: this.kit?.level };
  }

  private announce(message: string): void {
    // Clearing first makes a repeated message be announced again.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = message));
  }

  private sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      this.sortDirection = 'ascending';
    }
  }

  private toggle(kind: ItemKind, id: string, checked: boolean): void {
    const next = new Set(kind === 'attachment' ? this.selected : this.selectedNotes);
    if (checked) next.add(id);
    else next.delete(id);
    this.setSelection(kind, next);
  }

  private selectAll(rows: Attachment[], checked: boolean): void {
    const next = new Set(this.selected);
    for (const a of rows) {
      if (checked) next.add(a.id);
      else next.delete(a.id);
    }
    this.setSelection('attachment', next);
  }

  private selectAllNotes(items: Note[], checked: boolean): void {
    this.setSelection('note', checked ? new Set(items.map((n) => n.id)) : new Set());
  }

  private setSelection(kind: ItemKind, next: ReadonlySet<string>): void {
    if (kind === 'attachment') this.selected = next;
    else this.selectedNotes = next;
    this.dispatchEvent(new AkSelectionChangeEvent(kind, [...next]));
  }

  /** Asks the user in a modal dialog; resolves true on "confirm". */
  private confirm(message: string, confirmLabel: string, danger: boolean): Promise<boolean> {
    this.settleConfirmation(false);
    return new Promise((resolve) => {
      this.confirmation = { message, confirmLabel, danger, resolve };
      void this.updateComplete.then(() => {
        const dialog = this.confirmDialog;
        if (dialog && !dialog.open) dialog.showModal();
      });
    });
  }

  private answer(confirmed: boolean): void {
    this.settleConfirmation(confirmed);
    this.confirmDialog?.close();
  }

  private settleConfirmation(confirmed: boolean): void {
    const c = this.confirmation;
    if (!c) return;
    this.confirmation = null;
    c.resolve(confirmed);
  }

  private async run(kind: ItemKind, action: BulkAction): Promise<void> {
    const kit = this.kit;
    const record = this.record;
    if (!kit || !record) return;
    const store = kind === 'attachment' ? kit.attachments(record) : kit.notes(record);
    const items: Array<Attachment | Note> = store.getState().items;
    const selection = kind === 'attachment' ? this.selected : this.selectedNotes;
    const chosen = items.filter((i) => selection.has(i.id));
    const ids = chosen.map((i) => i.id);
    if (ids.length === 0) return;
    const n = formatNumber(ids.length);

    if (action.id === 'share') {
      const confidential = chosen.filter((i) => i.confidential).length;
      if (confidential > 0) {
        const c = formatNumber(confidential);
        const message =
          kind === 'attachment'
            ? msg(str`${c} of the ${n} checked attachments are marked Confidential. Make them viewable in the Customer Portal anyway?`)
            : msg(str`${c} of the ${n} checked notes are marked Confidential. Make them viewable in the Customer Portal anyway?`);
        if (!(await this.confirm(message, msg('Share anyway'), false))) return;
      }
    }
    if (action.id === 'delete') {
      const message =
        kind === 'attachment'
          ? msg(str`Delete ${n} checked attachments? This cannot be undone.`)
          : msg(str`Delete ${n} checked notes? This cannot be undone.`);
      if (!(await this.confirm(message, msg('Delete'), true))) return;
    }

    const event =
      action.id === 'share' || action.id === 'hide'
        ? new AkShareEvent(kind, ids, action.id === 'share' ? 'viewable' : 'hidden')
        : action.id === 'delete'
          ? new AkDeleteEvent(kind, ids)
          : new AkConfidentialEvent(kind, ids, action.id === 'markConfidential');
    if (!this.dispatchEvent(event)) return;

    try {
      if (action.id === 'delete') {
        await store.remove(ids);
        this.setSelection(kind, new Set());
      } else {
        await store[action.id](ids);
      }
      if (kind === 'attachment') this.dismissedError = null;
      else this.dismissedNoteError = null;
      this.announce(resultMessage(kind, action.id, ids.length));
    } catch (error) {
      const failure = toAttachKitError(error);
      this.announce(errorText(failure, this.reasonContext()));
      this.dispatchEvent(new AkErrorEvent(action.action, failure));
    }
  }

  private openAttachment(a: Attachment): void {
    if (previewableTypes.includes(a.mimeType)) void this.openPreview(a);
    else void this.download(a);
  }

  /** Opens the image pop-up on an image attachment. */
  async openPreview(a: Attachment): Promise<void> {
    if (!this.dispatchEvent(new AkPreviewEvent(a))) return;
    await this.showImage(a);
    const dialog = this.previewDialog;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLButtonElement>('button.close')?.focus();
  }

  private async showImage(a: Attachment): Promise<void> {
    const token = ++this.previewToken;
    this.revokePreview();
    this.preview = { status: 'loading', id: a.id };
    await this.updateComplete;
    try {
      const blob = await this.kit!.backend.getAttachmentContent(a.id);
      if (token !== this.previewToken) return;
      this.preview = { status: 'ready', id: a.id, url: URL.createObjectURL(blob) };
    } catch (error) {
      if (token !== this.previewToken) return;
      const failure = toAttachKitError(error);
      this.preview = { status: 'error', id: a.id, error: failure };
      this.dispatchEvent(new AkErrorEvent('attachment.download', failure));
    }
    await this.updateComplete;
  }

  private step(delta: number): Promise<void> {
    const images = this.images();
    const index = images.findIndex((a) => a.id === this.preview?.id);
    if (images.length < 2 || index < 0) return Promise.resolve();
    const next = images[(index + delta + images.length) % images.length]!;
    return this.showImage(next);
  }

  private readonly onPreviewKeydown = (e: KeyboardEvent) => {
    const rtl = getComputedStyle(this).direction === 'rtl';
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      void this.step((e.key === 'ArrowRight') !== rtl ? 1 : -1);
    } else if (e.key === 'Tab') {
      // Keep focus inside the pop-up (a modal dialog already makes the page inert).
      const focusable = [...(this.previewDialog?.querySelectorAll<HTMLElement>('button') ?? [])];
      if (focusable.length === 0) return;
      const first = focusable[0]!;
      const last = focusable[focusable.length - 1]!;
      const active = this.shadowRoot?.activeElement;
      if (e.shiftKey && active === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  private revokePreview(): void {
    if (this.preview?.status === 'ready') URL.revokeObjectURL(this.preview.url);
  }

  private closePreview(): void {
    this.previewToken++;
    this.revokePreview();
    this.preview = null;
    if (this.previewDialog?.open) this.previewDialog.close();
  }

  /** Fetches an attachment's bytes and lets the browser save them under its name. */
  async download(a: Attachment): Promise<void> {
    const kit = this.kit;
    if (!kit) return;
    let content: Blob;
    try {
      content = await kit.backend.getAttachmentContent(a.id);
    } catch (error) {
      const failure = toAttachKitError(error);
      this.announce(errorText(failure, this.reasonContext()));
      this.dispatchEvent(new AkErrorEvent('attachment.download', failure));
      return;
    }
    if (!this.dispatchEvent(new AkDownloadEvent(a, content))) return;
    const url = URL.createObjectURL(content);
    const link = document.createElement('a');
    link.href = url;
    link.download = a.name;
    link.rel = 'noopener';
    link.hidden = true;
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
    // Revoking at once can cancel the save in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.announce(msg(str`Downloading ${a.name}.`));
  }
}
