import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    /* The element's own width decides its layout (the host decides how wide it is). */
    container: ak-attachment-list / inline-size;
    --_row-height: var(--ak-attachment-list-row-height, 2.75rem);
    --_max-height: var(--ak-attachment-list-max-height, 24rem);
    --_columns: var(--ak-attachment-list-columns, 2.5rem minmax(8rem, 1fr) 7.5rem 8.5rem 7.5rem 7.5rem 3rem);
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
  .cell.name {
    display: flex;
    align-items: center;
    gap: var(--_ak-space-2);
  }
  .cell.name button {
    display: block;
    min-inline-size: 0;
    max-inline-size: 100%;
    min-block-size: 24px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .thumbnail {
    flex: none;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: calc(var(--_ak-radius) / 2);
    object-fit: cover;
    background: var(--_ak-color-surface-raised);
  }
  /* Until the thumbnail has loaded (or when there is none) the image icon stands in, at the same size. */
  img.thumbnail:not([data-state='loaded']),
  img.thumbnail[data-state='loaded'] + .fallback {
    display: none;
  }
  .thumbnail.icon {
    display: grid;
    place-items: center;
    background: none;
  }
  button.sort {
    min-height: 24px;
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
    justify-content: center;
    min-height: 2rem;
    min-inline-size: 2rem;
    padding: var(--_ak-space-1);
    color: var(--_ak-color-accent);
  }
  .row-menu-button {
    display: none;
  }
  .body {
    block-size: min(var(--_max-height), calc(var(--_rows) * var(--_row-height)));
    min-block-size: var(--_row-height) !important;
    overflow: auto;
  }
  .body .row {
    inline-size: 100%;
  }
`;
