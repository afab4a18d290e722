import { css } from 'lit';

/**
 * Below 46rem of the element's own width (container query) the rows become
 * cards; with view="grid" they are photo tiles at any width. Same DOM, same
 * parts: only the layout changes.
 */
export const cardStyles = css`
  @container ak-attachment-list (width < 46rem) {
    .table.list {
      border: 0;
      background: none;
      overflow: visible;
    }
    .table.list .body:not(.virtual) {
      block-size: auto;
      overflow: visible;
    }
    .table.list .body .row {
      grid-template-columns: auto auto minmax(0, 1fr) auto;
      grid-template-areas:
        'check name name actions'
        'check size date actions'
        'check portal confidential actions';
      gap: var(--_ak-space-1) 0;
      block-size: auto;
      min-block-size: 5.5rem;
      margin-block-end: var(--_ak-space-2);
      padding: var(--_ak-space-2);
      border: 1px solid var(--_ak-color-border-muted);
      border-radius: var(--_ak-radius);
    }
    .table.list.portal .body .row {
      grid-template-areas:
        'name name actions'
        'size date actions';
      grid-template-columns: auto minmax(0, 1fr) auto;
      min-block-size: 4rem;
    }
    .table.list .body .cell {
      padding-inline: var(--_ak-space-1);
    }
    .table.list .body .cell.name button {
      white-space: normal;
      overflow-wrap: anywhere;
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      line-clamp: 2;
    }
    .table.list .body .cell.name button:is(:hover, :focus-visible) {
      -webkit-line-clamp: unset;
      line-clamp: unset;
    }
    .table.list .thumbnail {
      inline-size: 3rem;
      block-size: 3rem;
    }
    .table.list .thumbnail.icon {
      inline-size: 2.5rem;
    }
    .table.list .body .row-menu-button {
      display: inline-flex;
    }
  }

  @container ak-attachment-list (width < 46rem) {
    .table.list .body .cell.check {
      grid-area: check;
      align-self: start;
      padding-block-start: var(--_ak-space-3);
    }
    .table.list .body .cell.name {
      grid-area: name;
    }
    .table.list .body .cell.size {
      grid-area: size;
    }
    .table.list .body .cell.date {
      grid-area: date;
    }
    .table.list .body .cell.size,
    .table.list .body .cell.date {
      color: var(--_ak-color-text-muted);
      font-size: var(--_ak-font-size-small);
    }
    .table.list .body .cell.date {
      white-space: normal;
    }
    .table.list .body .cell.date::before {
      content: '·';
      padding-inline: var(--_ak-space-1);
    }
    .table.list .body .cell.flag {
      justify-self: start;
      overflow: visible;
    }
    .table.list .body .cell.flag[data-flag='portal'] {
      grid-area: portal;
    }
    .table.list .body .cell.flag[data-flag='confidential'] {
      grid-area: confidential;
    }
    .table.list .body .yn {
      display: none;
    }
    .table.list .body .badge {
      display: inline-block;
    }
    .table.list .body .cell.icon {
      grid-area: actions;
      display: flex;
      flex-direction: column;
      gap: var(--_ak-space-1);
      align-self: start;
      overflow: visible;
    }
  }

  /* Header of cards and tiles: select all, then the sort buttons. */
  @container ak-attachment-list (width < 46rem) {
    .table.list .row.header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_ak-space-2);
      block-size: auto;
      min-block-size: var(--_row-height);
      margin-block-end: var(--_ak-space-2);
      border: 1px solid var(--_ak-color-border-muted);
      border-radius: var(--_ak-radius);
    }
    .table.list .row.header .cell.flag,
    .table.list .row.header .cell.icon {
      display: none;
    }
  }
  .table.grid {
    border: 0;
    background: none;
    overflow: visible;
  }
  .table.grid .row.header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
    block-size: auto;
    min-block-size: var(--_row-height);
    margin-block-end: var(--_ak-space-2);
    border: 1px solid var(--_ak-color-border-muted);
    border-radius: var(--_ak-radius);
  }
  .table.grid .row.header .cell.flag,
  .table.grid .row.header .cell.icon {
    display: none;
  }
  .table.grid .body:not(.virtual) {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(10rem, 100%), 1fr));
    gap: var(--_ak-space-2);
    block-size: auto;
    overflow: visible;
  }
  .table.grid .body .row {
    grid-template-columns: auto minmax(0, 1fr) auto;
    grid-template-areas:
      'name name name'
      'size date date'
      'portal confidential confidential'
      'check . actions';
    align-content: start;
    gap: var(--_ak-space-1);
    block-size: auto;
    padding: var(--_ak-space-2);
    border: 1px solid var(--_ak-color-border-muted);
    border-radius: var(--_ak-radius);
  }
  .table.grid .body.virtual .row {
    block-size: 100%;
  }
  .table.grid.portal .body .row {
    grid-template-areas:
      'name name name'
      'size date date'
      '. . actions';
  }
  .table.grid .body .cell {
    padding: 0;
  }
  .table.grid .body .cell.name {
    grid-area: name;
    flex-direction: column;
    align-items: stretch;
  }
  .table.grid .thumbnail {
    inline-size: 100%;
    block-size: auto;
    aspect-ratio: 4 / 3;
  }
  .table.grid .thumbnail.icon {
    padding: var(--_ak-space-3);
  }
  .table.grid .body .cell.name button {
    white-space: normal;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
  }
  .table.grid .body .cell.name button:is(:hover, :focus-visible) {
    -webkit-line-clamp: unset;
    line-clamp: unset;
  }
  .table.grid .body .cell.check {
    grid-area: check;
    justify-self: start;
  }
  .table.grid .body .cell.size {
    grid-area: size;
  }
  .table.grid .body .cell.date {
    grid-area: date;
  }
  .table.grid .body .cell.size,
  .table.grid .body .cell.date {
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  .table.grid .body .cell.date::before {
    content: '·';
    padding-inline: var(--_ak-space-1);
  }
  .table.grid .body .cell.flag {
    justify-self: start;
  }
  .table.grid .body .cell.flag[data-flag='portal'] {
    grid-area: portal;
  }
  .table.grid .body .cell.flag[data-flag='confidential'] {
    grid-area: confidential;
  }
  .table.grid .body .yn {
    display: none;
  }
  .table.grid .body .badge {
    display: inline-block;
  }
  .table.grid .body .cell.icon {
    grid-area: actions;
    display: flex;
    gap: var(--_ak-space-1);
    overflow: visible;
  }
  .table.grid .body .row-menu-button {
    display: inline-flex;
  }
`;
