import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { AttachKit, Attachment, RecordRef } from '@attachkit/sdk';
import { AkPreviewEvent } from '../../events/preview.js';
import { AkElement } from '../../internal/ak-element.js';
import { Announcer } from '../../internal/announcer.js';
import { renderBulkToolbar } from '../../internal/bulk-toolbar.js';
import { ConfirmationController } from '../../internal/confirmation.js';
import { downloadAttachment } from '../../internal/download.js';
import { isPreviewable } from '../../internal/file-types.js';
import { ItemListController } from '../../internal/item-list-controller.js';
import { RowGrid } from '../../internal/row-grid.js';
import { renderCommandError, renderLoadError } from '../../internal/list-parts.js';
import { fileIconStyles } from '../../internal/file-icon.styles.js';
import { flagStyles, listStyles } from '../../internal/list.styles.js';
import { formatNumber } from '../../localization/format.js';
import { reasonText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import type { AkImageViewer } from '../image-viewer/image-viewer.js';
import { renderRows, type RowsContext } from './attachment-rows.js';
import { AttachmentView, sortAttachments, type SortDirection, type SortKey } from './attachment-view.js';
import { RowMenu } from './row-menu.js';
import { cardStyles } from './attachment-cards.styles.js';
import { styles } from './attachment-list.styles.js';
import { rowMenuStyles } from './row-menu.styles.js';

export { previewableTypes } from '../../internal/file-types.js';
export { virtualizeAbove } from './attachment-rows.js';
export type { SortDirection, SortKey } from './attachment-view.js';

/**
 * The attachments of one host record, as the current principal may see them,
 * with the Ascora bulk actions (Customer Portal sharing, Confidential, delete),
 * sorting, filtering, an image gallery (`<ak-image-viewer>`, loaded on the first preview), downloads, and
 * the record's shared notes (`<ak-note-list>`) in a second section. Lists
 * longer than 100 rows are virtualized: 10,000 attachments keep only the
 * visible rows in the DOM (the virtualizer loads on demand, the first time a
 * list is that long).
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
 * @attr heading-level - The level of the element's headings (the "Shared notes" heading), 1–6 (default 2).
 * @attr view - `list` (default): a table, or cards below 46rem of the element's own width; `grid`: photo tiles.
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
 * @csspart thumbnail - An image row's thumbnail (`<img>`, fixed size, loaded lazily) or another type's file-type icon.
 * @csspart menu-button - A card's "More actions" button (rows the principal may change).
 * @csspart row-menu - The row menu popover.
 * @csspart flag - A Customer View / Confidential `Y`/`N` cell.
 * @csspart download-button - The download icon button of a row.
 * @csspart status - The loading and empty messages.
 * @csspart error - An error message with its retry button.
 * @csspart notes - The shared notes section (an `<ak-note-list>`).
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
export class AkAttachmentList extends AkElement {
  static override styles = [tokens, controls, listStyles, flagStyles, fileIconStyles, styles, rowMenuStyles, cardStyles];

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  @property({ type: Boolean, attribute: 'hide-notes', reflect: true }) hideNotes = false;
  /** The level of the element's own headings (the notes section), 1–6, default 2. */
  @property({ type: Number, attribute: 'heading-level', reflect: true }) headingLevel = 2;
  /** `list` (default): a table, or cards in a narrow container; `grid`: photo tiles, for photo-heavy jobs. */
  @property({ reflect: true }) view: 'list' | 'grid' = 'list';

  @state() private filter = '';
  @state() private sortKey: SortKey = 'date';
  @state() private sortDirection: SortDirection = 'ascending';

  @query('ak-image-viewer') private viewer?: AkImageViewer;
  /** `<ak-image-viewer>` is rendered from the first preview on (so its view loads only when someone opens an image). */
  @state() private viewerWanted = false;

  private readonly announcer = new Announcer(this);
  private readonly confirmation = new ConfirmationController(this, this.uid);
  private readonly list = new ItemListController<Attachment>(this, 'attachment', {
    announce: (text) => this.announcer.announce(text),
    confirm: (request) => this.confirmation.ask(request),
    reasonContext: () => this.reasonContext(),
  });
  private readonly rowsView = new AttachmentView();
  private readonly grid = new RowGrid(this);
  private readonly menu = new RowMenu(this, this.uid, {
    kit: () => this.kit,
    run: (action, a) => void this.list.runOn(action, [a]),
  });

  /** The virtualizer's loading, while a list longer than 100 rows waits for it (`updateComplete` waits too). */
  private virtualizer?: Promise<void>;

  private awaitVirtualizer(loading: Promise<void>): void {
    if (this.virtualizer) return;
    this.virtualizer = loading.then(() => {
      this.virtualizer = undefined;
      this.requestUpdate();
    });
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.virtualizer) {
      await this.virtualizer;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  /**
   * A portal client sees the customer's view: what is shared with them, to
   * open and download — no selection, no staff actions, and no Customer View
   * or Confidential columns (internal classification is not the customer's).
   */
  private get portalView(): boolean {
    return this.kit?.principal.kind === 'client';
  }

  /** The record this list shows, or null until both attributes are set. */
  get record(): RecordRef | null {
    return this.recordType && this.recordId ? { type: this.recordType, id: this.recordId } : null;
  }

  /** Ids of the checked attachments (that are still in the list). */
  get selectedIds(): string[] {
    return this.list.selectedIds;
  }

  /** Reloads the attachments and notes. */
  async reload(): Promise<void> {
    await Promise.all([this.list.reload(), this.renderRoot.querySelector<{ reload(): Promise<void> } & Element>('ak-note-list')?.reload()]);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit') || changed.has('recordType') || changed.has('recordId')) {
      const record = this.record;
      this.list.bind(this.kit && record ? this.kit.attachments(record) : null);
    }
  }

  /** Opens the image gallery on an image attachment (the first time, `<ak-image-viewer>` loads its view). */
  async openPreview(a: Attachment): Promise<void> {
    if (!this.dispatchEvent(new AkPreviewEvent(a))) return;
    this.viewerWanted = true;
    await this.updateComplete;
    const viewer = this.viewer;
    if (!viewer) return;
    // Connected now, the gallery imports its view (once per page); a slow load is announced.
    const slow = setTimeout(() => this.announcer.announce(msg('Loading image…')), 300);
    await viewer.updateComplete.finally(() => clearTimeout(slow));
    await viewer.show(a);
  }

  /** Fetches an attachment's bytes and lets the browser save them under its name. */
  async download(a: Attachment): Promise<void> {
    if (!this.kit) return;
    await downloadAttachment(this, this.kit, a, (t) => this.announcer.announce(t), this.reasonContext());
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    if (!this.kit) {
      return html`<p class="message" part="status" role="status">${msg('Waiting for an AttachKit (place this element inside <ak-provider>).')}</p>`;
    }
    const record = this.record;
    if (!record) {
      return html`<p class="message" part="status" role="status">${msg('Set the record-type and record-id attributes to show attachments.')}</p>`;
    }
    return html`
      <section class="attachments" aria-labelledby="${this.uid}-caption">
        <span id="${this.uid}-caption" class="visually-hidden">${msg(str`Attachments of ${record.type} ${record.id}`)}</span>
        ${this.renderAttachments(this.kit)}
      </section>
      ${
        this.hideNotes
          ? nothing
          : html`<ak-note-list
            class="notes"
            part="notes"
            exportparts="toolbar, action, flag, status, error, note-form, dialog, heading"
            record-type=${record.type}
            record-id=${record.id}
            heading-level=${this.headingLevel}
            .kit=${this.kit}
          ></ak-note-list>`
      }
      ${this.announcer.render()} ${this.confirmation.render()} ${this.menu.render()}
      ${this.viewerWanted ? html`<ak-image-viewer exportparts="dialog, image" .kit=${this.kit} .images=${this.images()}></ak-image-viewer>` : nothing}
    `;
  }

  private renderAttachments(kit: AttachKit): TemplateResult {
    const state = this.list.state;
    if (state?.status === 'error' && state.items.length === 0) {
      return renderLoadError(msg('The attachments could not be loaded.'), this.list, this.reasonContext());
    }
    // No store yet (the first render after the record is set) counts as loading.
    if (!state || ((state.status === 'loading' || state.status === 'idle') && state.items.length === 0)) {
      return html`<p class="message" part="status" role="status">${msg('Loading attachments…')}</p>`;
    }
    const items = state.items;
    const rows = this.rowsView.rows(items, { filter: this.filter, key: this.sortKey, direction: this.sortDirection });
    return html`
      ${
        this.portalView
          ? nothing
          : renderBulkToolbar({
              kit,
              list: this.list,
              uid: this.uid,
              announce: (t) => this.announcer.announce(t),
              reasonContext: this.reasonContext(),
            })
      }
      ${renderCommandError(this.list, this.reasonContext())}
      ${
        items.length === 0
          ? html`<div class="message" part="status"><slot name="empty">${this.emptyText(kit)}</slot></div>`
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
            ${renderRows(rows, this.rowsContext(kit))}
            ${rows.length === 0 ? html`<p class="message" part="status" role="status">${msg(str`No attachments match "${this.filter}".`)}</p>` : nothing}
          `
      }
    `;
  }

  private rowsContext(kit: AttachKit): RowsContext {
    return {
      kit,
      portal: this.portalView,
      view: this.view === 'grid' ? 'grid' : 'list',
      menu: this.menu,
      grid: this.grid,
      list: this.list,
      captionId: `${this.uid}-caption`,
      virtualizerLoading: (loading) => this.awaitVirtualizer(loading),
      sortKey: this.sortKey,
      sortDirection: this.sortDirection,
      sortBy: (key) => this.sortBy(key),
      canDownload: (a) => this.kit?.can('attachment.download', a) ?? false,
      open: (a) => void (isPreviewable(a.mimeType) ? this.openPreview(a) : this.download(a)),
      download: (a) => void this.download(a),
    };
  }

  /** "No attachments yet.", or for a portal client who may see nothing at all, why (e.g. the shared view is off). */
  private emptyText(kit: AttachKit): string {
    const denial = this.portalView ? kit.explain('attachment.view').reasons[0] : undefined;
    return denial ? reasonText(denial, this.reasonContext()) : msg('No attachments yet.');
  }

  /** The record's images in the list's order, for the gallery. */
  private images(): Attachment[] {
    return sortAttachments(
      this.list.items.filter((a) => isPreviewable(a.mimeType)),
      this.sortKey,
      this.sortDirection,
    );
  }

  private sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      this.sortDirection = 'ascending';
    }
  }
}
