import { css } from 'lit';

/** What the attachment and note lists share: the bulk toolbar and the dialogs. */
export const listStyles = css`
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
  dialog {
    max-inline-size: min(calc(100vw - 2 * var(--_ak-space-2)), 60rem);
    padding: var(--_ak-space-4);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
    color: var(--_ak-color-text);
  }
  dialog::backdrop {
    background: var(--_ak-color-backdrop);
  }
  dialog .buttons {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_ak-space-2);
  }
`;

/** Customer View / Confidential: `Y`/`N` in a table, a labelled badge in a card. */
export const flagStyles = css`
  .badge {
    display: none;
    padding: 0 var(--_ak-space-2);
    border: 1px solid var(--_ak-color-border-muted);
    border-radius: 999px;
    font-size: var(--_ak-font-size-small);
    line-height: 1.5rem;
    white-space: nowrap;
    color: var(--_ak-color-text-muted);
  }
  .badge[data-on='true'] {
    border-color: var(--_ak-color-accent);
    color: var(--_ak-color-text);
    font-weight: 600;
  }
  [data-flag='confidential'] .badge[data-on='true'] {
    border-color: var(--_ak-color-danger);
  }
`;
