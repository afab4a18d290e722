import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import type { AttachKit, Attachment } from '@attachkit/sdk';
import { fileKind, isPreviewable } from '../../internal/file-types.js';
import { downloadIcon, fileIcon } from '../../internal/icons.js';
import { thumbnail } from '../../internal/thumbnails.js';
import type { ItemListController } from '../../internal/item-list-controller.js';
import { renderFlag } from '../../internal/list-parts.js';
import { formatDate, formatDateTime, formatSize } from '../../localization/format.js';
import type { SortDirection, SortKey } from './attachment-view.js';
import type { RowGrid } from '../../internal/row-grid.js';
import type { RowMenu } from './row-menu.js';

/**
 * Lists up to this many rows render every row (find-in-page, printing and
 * off-screen lists work as on any page); longer ones are virtualized, with
 * `@lit-labs/virtualizer` loaded on demand the first time a list needs it.
 */
export const virtualizeAbove = 100;

let virtualRows: typeof import('./virtual-rows.js') | undefined;
let virtualizerFailed = false;
let loadingVirtualizer: Promise<void> | undefined;

/**
 * Loads the virtualizer once per page; resolves when it is there, or when it
 * could not be loaded (the list then renders every row, as a short one does).
 */
export function loadVirtualizer(): Promise<void> {
  loadingVirtualizer ??= import('./virtual-rows.js').then(
    (module) => void (virtualRows = module),
    () => void (virtualizerFailed = true),
  );
  return loadingVirtualizer;
}

/** What the rows need from the list element. */
export interface RowsContext {
  kit: AttachKit;
  /** A portal client: no selection, no Customer View / Confidential columns. */
  portal: boolean;
  /** `grid`: photo tiles; `list`: a table, or cards in a narrow container. */
  view: 'list' | 'grid';
  menu: RowMenu;
  /** One tab stop for all rows, arrow keys between them (WAI-ARIA grid). */
  grid: RowGrid;
  list: ItemListController<Attachment>;
  captionId: string;
  /** Called with the virtualizer's loading when a list longer than `virtualizeAbove` renders before it is there. */
  virtualizerLoading(loading: Promise<void>): void;
  sortKey: SortKey;
  sortDirection: SortDirection;
  sortBy(key: SortKey): void;
  canDownload(a: Attachment): boolean;
  open(a: Attachment): void;
  download(a: Attachment): void;
}

/** One attachment as a row shows it: the same model renders as a table row or, in a narrow container, a card. */
export interface RowModel {
  attachment: Attachment;
  checked: boolean;
  pending: boolean;
  canDownload: boolean;
}

export function rowModel(a: Attachment, context: RowsContext): RowModel {
  return {
    attachment: a,
    checked: context.list.isSelected(a.id),
    pending: context.list.isPending(a.id),
    canDownload: context.canDownload(a),
  };
}

/** The ARIA table of attachments: a header row of sort buttons and one row per attachment. */
export function renderRows(rows: Attachment[], context: RowsContext): TemplateResult {
  const { list, portal } = context;
  context.grid.prepare(
    rows.map((a) => a.id),
    portal ? 1 : 0,
  );
  const allChecked = rows.length > 0 && rows.every((a) => list.isSelected(a.id));
  const someChecked = !allChecked && rows.some((a) => list.isSelected(a.id));
  const sortHeader = (key: SortKey, label: string) => html`<div
    role="columnheader"
    class="cell"
    aria-sort=${context.sortKey === key ? context.sortDirection : 'none'}
  >
    <button type="button" class="sort" data-sort=${key} @click=${() => context.sortBy(key)}>
      ${label}<span aria-hidden="true" class="arrow">${context.sortKey === key ? (context.sortDirection === 'ascending' ? '▲' : '▼') : ''}</span>
    </button>
  </div>`;
  const virtual = rows.length > virtualizeAbove && !virtualizerFailed;
  if (virtual && !virtualRows) context.virtualizerLoading(loadVirtualizer());
  const renderItem = (a: Attachment, index: number) => renderRow(rowModel(a, context), index, context);
  return html`<div role="grid" class="table ${portal ? 'portal' : ''} ${context.view}" part="table" aria-labelledby=${context.captionId} aria-rowcount=${rows.length + 1}>
    <div role="rowgroup">
      <div role="row" class="row header" part="header" aria-rowindex="1">
        ${
          portal
            ? nothing
            : html`<div role="columnheader" class="cell check">
              <input
                type="checkbox"
                class="select-all"
                aria-label=${msg('Select all attachments')}
                .checked=${allChecked}
                .indeterminate=${someChecked}
                ?disabled=${rows.length === 0}
                @change=${(e: Event) =>
                  list.check(
                    rows.map((a) => a.id),
                    (e.target as HTMLInputElement).checked,
                  )}
              />
            </div>`
        }
        ${sortHeader('name', msg('Name'))} ${sortHeader('size', msg('Size'))} ${sortHeader('date', msg('Added'))}
        ${
          portal
            ? nothing
            : html`<div role="columnheader" class="cell flag">${msg('Customer View')}</div>
              <div role="columnheader" class="cell flag">${msg('Confidential')}</div>`
        }
        <div role="columnheader" class="cell icon"><span class="visually-hidden">${msg('Download')}</span></div>
      </div>
    </div>
    ${
      rows.length === 0
        ? nothing
        : html`<div
          role="rowgroup"
          class="body ${virtual ? 'virtual' : ''}"
          style="--_rows: ${rows.length}"
          aria-busy=${virtual && !virtualRows ? 'true' : 'false'}
          @keydown=${context.grid.onKeydown}
          @focusin=${context.grid.onFocusin}
        >
          ${virtual ? (virtualRows?.renderVirtualRows(rows, context.view, renderItem) ?? nothing) : repeat(rows, (a) => a.id, renderItem)}
        </div>`
    }
  </div>`;
}

export function renderRow(model: RowModel, index: number, context: RowsContext): TemplateResult {
  const a = model.attachment;
  return html`<div
    role="row"
    class="row ${model.checked ? 'selected' : ''}"
    part="row"
    data-id=${a.id}
    aria-rowindex=${index + 2}
    aria-busy=${model.pending ? 'true' : 'false'}
  >
    ${
      context.portal
        ? nothing
        : html`<div role="gridcell" class="cell check">
          <input
            type="checkbox"
            data-column="0"
            tabindex=${context.grid.tabIndex(a.id, 0)}
            aria-label=${msg(str`Select ${a.name}`)}
            .checked=${model.checked}
            @change=${(e: Event) => context.list.toggle(a.id, (e.target as HTMLInputElement).checked)}
          />
        </div>`
    }
    <div role="gridcell" class="cell name">
      ${
        isPreviewable(a.mimeType)
          ? html`<img class="thumbnail" part="thumbnail" alt="" width="48" height="48" decoding="async" ${thumbnail(context.kit, a)} /><span
              class="thumbnail icon fallback"
              >${fileIcon('image')}</span
            >`
          : html`<span class="thumbnail icon" part="thumbnail">${fileIcon(fileKind(a.mimeType, a.name))}</span>`
      }
      <button
        type="button"
        class="link"
        part="name"
        dir="auto"
        title=${a.name}
        data-column="1"
        tabindex=${context.grid.tabIndex(a.id, 1)}
        @click=${() => context.open(a)}
      >${a.name}</button
      >
    </div>
    <div role="gridcell" class="cell size">${formatSize(a.size)}</div>
    <div role="gridcell" class="cell date"><span title=${formatDateTime(a.createdAt)}>${formatDate(a.createdAt)}</span></div>
    ${
      context.portal
        ? nothing
        : html`<div role="gridcell" class="cell flag" part="flag" data-flag="portal">${renderFlag('portal', a.portal === 'viewable')}</div>
          <div role="gridcell" class="cell flag" part="flag" data-flag="confidential">${renderFlag('confidential', a.confidential)}</div>`
    }
    <div role="gridcell" class="cell icon">
      <button
        type="button"
        class="icon-button download"
        part="download-button"
        data-column="2"
        tabindex=${context.grid.tabIndex(a.id, 2)}
        aria-label=${msg(str`Download ${a.name}`)}
        aria-disabled=${model.canDownload ? 'false' : 'true'}
        @click=${() => model.canDownload && context.download(a)}
      >
        ${downloadIcon}
      </button>
      ${context.portal ? nothing : context.menu.renderButton(a, context.grid.tabIndex(a.id, 3))}
    </div>
  </div>`;
}
