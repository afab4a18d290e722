import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .scroller {
    max-block-size: var(--ak-permission-matrix-max-height, none);
    overflow: auto;
    border: 1px solid var(--_ak-color-border-muted);
    border-radius: var(--_ak-radius);
  }
  table {
    border-collapse: collapse;
    background: var(--_ak-color-surface);
  }
  caption {
    padding: var(--_ak-space-2);
    font-weight: 600;
    text-align: start;
  }
  th,
  td {
    padding: var(--_ak-space-2);
    border: 1px solid var(--_ak-color-border-muted);
  }
  /* Wide containers: the header rows and the user column stay in view while the grid scrolls. */
  thead th,
  thead td {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
  }
  thead tr:nth-child(2) th {
    inset-block-start: var(--_section-row-height, 2.4rem);
  }
  th[scope='row'],
  thead .corner,
  thead .user-heading {
    position: sticky;
    inset-inline-start: 0;
    z-index: 1;
    background: var(--_ak-color-surface-raised);
  }
  thead .corner,
  thead .user-heading {
    z-index: 2;
  }
  thead th {
    background: var(--_ak-color-surface-raised);
    font-size: var(--_ak-font-size-small);
    font-weight: 600;
    vertical-align: bottom;
    inline-size: var(--ak-permission-matrix-column-width, 7.5rem);
    min-inline-size: var(--ak-permission-matrix-column-width, 7.5rem);
  }
  th.section {
    text-align: center;
    font-size: var(--_ak-font-size);
  }
  th[scope='row'],
  .user-heading {
    text-align: start;
    white-space: nowrap;
  }
  td {
    text-align: center;
  }
  td.locked {
    background: var(--_ak-color-surface-raised);
  }
  tr[aria-busy='true'] th[scope='row'] {
    color: var(--_ak-color-text-muted);
  }
  .notice {
    margin: 0 0 var(--_ak-space-2);
    color: var(--_ak-color-text-muted);
  }
  .error {
    margin-block-end: var(--_ak-space-2);
  }
  .scroller {
    --_section-row-height: 2.4rem;
  }
  thead tr:first-child > * {
    block-size: var(--_section-row-height);
  }
  /* Narrow containers: one user at a time, permissions as rows. */
  .user-picker {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
    margin-block-end: var(--_ak-space-2);
  }
  .user-picker select {
    min-inline-size: 0;
    max-inline-size: 100%;
  }
  table.one-user {
    inline-size: 100%;
  }
  table.one-user th[scope='row'] {
    position: static;
    white-space: normal;
    font-weight: normal;
    background: none;
  }
  table.one-user th.section {
    text-align: start;
    background: var(--_ak-color-surface-raised);
  }
  table.one-user td {
    inline-size: 4rem;
  }
`;
