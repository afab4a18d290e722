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
`;
