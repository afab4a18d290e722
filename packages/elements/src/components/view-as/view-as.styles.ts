import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
  }
  .summary {
    margin-block: var(--_ak-space-2);
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
    background: var(--_ak-color-surface);
    border: 1px solid var(--_ak-color-border-muted);
  }
  th,
  td {
    padding: var(--_ak-space-2);
    border-block-end: 1px solid var(--_ak-color-border-muted);
    text-align: start;
    vertical-align: top;
  }
  thead {
    background: var(--_ak-color-surface-raised);
  }
  th.name {
    font-weight: 400;
    overflow-wrap: anywhere;
  }
  tr[data-visible='false'] th.name {
    opacity: var(--ak-view-as-hidden-opacity, 0.75);
    text-decoration: line-through;
  }
  tr[data-visible='false'] .verdict {
    color: var(--_ak-color-danger);
    font-weight: 600;
  }
  tr[data-visible='true'] .verdict {
    color: var(--_ak-color-success);
    font-weight: 600;
  }
  .reasons {
    margin: 0;
    padding-inline-start: 1.1rem;
  }
`;
