import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_row-height: var(--ak-attachment-list-row-height, 2.75rem);
    --_max-height: var(--ak-attachment-list-max-height, 24rem);
    --_columns: var(--ak-attachment-list-columns, 2.5rem minmax(8rem, 1fr) 7.5rem 8.5rem 7.5rem 7.5rem 3rem);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
    padding-block: var(--_ak-space-2);
  }
  .selection-count {
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  .filter-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
    padding-block: var(--_ak-space-2);
  }
  .filter-bar .count {
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  .table {
    border: 1px solid var(--_ak-color-border-muted);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
    overflow: hidden;
  }
  .table.portal {
    --_columns: var(--ak-attachment-list-portal-columns, minmax(8rem, 1fr) 7.5rem 8.5rem 3rem);
  }
  .row {
    display: grid;
    grid-template-columns: var(--_columns);
    align-items: center;
    inline-size: 100%;
    block-size: var(--_row-height);
    border-block-end: 1px solid var(--_ak-color-border-muted);
    background: var(--_ak-color-surface);
  }
  .row.header {
    background: var(--_ak-color-surface-raised);
    font-weight: 600;
    line-height: 1.2;
  }
  .row.header .cell {
    white-space: normal;
  }
  .row.selected {
    background: var(--_ak-color-surface-selected);
  }
  .cell {
    min-inline-size: 0;
    padding-inline: var(--_ak-space-2);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .cell.check,
  .cell.flag,
  .cell.icon {
    text-align: center;
    justify-self: center;
  }
  .cell.size {
    font-variant-numeric: tabular-nums;
  }
  .cell.name button {
    display: block;
    max-inline-size: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  button.sort {
    min-height: 0;
    padding: 0;
    border: 0;
    background: none;
    font-weight: 600;
  }
  button.sort .arrow {
    font-size: 0.7em;
    color: var(--_ak-color-text-muted);
  }
  .icon-button {
    min-height: 2rem;
    padding: var(--_ak-space-1);
    color: var(--_ak-color-accent);
  }
  .body {
    block-size: min(var(--_max-height), calc(var(--_rows) * var(--_row-height)));
    min-block-size: var(--_row-height) !important;
    overflow: auto;
  }
  .body .row {
    inline-size: 100%;
  }
  .notes {
    margin-block-start: var(--_ak-space-4);
  }
  .notes h3 {
    margin: 0;
    font-size: 1rem;
  }
  .note-form {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: var(--_ak-space-1) var(--_ak-space-2);
    align-items: end;
    margin-block-start: var(--_ak-space-2);
  }
  .note-form label {
    grid-column: 1 / -1;
  }
  .note-form textarea {
    font: inherit;
    color: inherit;
    background: var(--_ak-color-surface);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    padding: var(--_ak-space-1) var(--_ak-space-2);
    resize: vertical;
  }
  .notes-table {
    inline-size: 100%;
    border-collapse: collapse;
    border: 1px solid var(--_ak-color-border-muted);
    background: var(--_ak-color-surface);
  }
  .notes-table th,
  .notes-table td {
    padding: var(--_ak-space-2);
    border-block-end: 1px solid var(--_ak-color-border-muted);
    text-align: start;
    vertical-align: top;
  }
  .notes-table thead {
    background: var(--_ak-color-surface-raised);
  }
  .notes-table .flag,
  .notes-table .check {
    text-align: center;
    inline-size: 7rem;
  }
  .notes-table .check {
    inline-size: 2.5rem;
  }
  .notes-table tr.selected {
    background: var(--_ak-color-surface-selected);
  }
  .notes-table .body {
    block-size: auto;
    white-space: pre-wrap;
  }
  dialog {
    max-inline-size: min(90vw, 60rem);
    padding: var(--_ak-space-4);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
    color: var(--_ak-color-text);
  }
  dialog::backdrop {
    background: var(--_ak-color-backdrop);
  }
  dialog header,
  dialog footer,
  dialog .buttons {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
  }
  dialog header h2 {
    flex: 1;
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  dialog .position {
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  dialog .stage {
    display: grid;
    place-items: center;
    min-block-size: 12rem;
    padding-block: var(--_ak-space-3);
  }
  dialog img {
    max-inline-size: 100%;
    max-block-size: 70vh;
    object-fit: contain;
  }
  dialog footer {
    justify-content: flex-end;
  }
  dialog .buttons {
    justify-content: flex-end;
  }
`;
