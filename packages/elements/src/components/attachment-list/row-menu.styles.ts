import { css } from 'lit';

export const rowMenuStyles = css`
  .row-menu {
    inset: auto;
    margin: var(--_ak-space-1) 0;
    position-area: block-end span-inline-start;
    position-try-fallbacks: flip-block, flip-inline;
    min-inline-size: 14rem;
    max-inline-size: min(20rem, calc(100vw - 1rem));
    padding: var(--_ak-space-1);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
    color: var(--_ak-color-text);
    box-shadow: 0 4px 16px var(--_ak-color-backdrop);
  }
  .row-menu .menu-title {
    margin: 0;
    padding: var(--_ak-space-1) var(--_ak-space-2) var(--_ak-space-2);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .row-menu [role='menuitem'] {
    display: flex;
    inline-size: 100%;
    border: 0;
    background: none;
    text-align: start;
  }
  .row-menu [role='menuitem']:hover,
  .row-menu [role='menuitem']:focus-visible {
    background: var(--_ak-color-surface-selected);
  }
  .row-menu .danger-text {
    color: var(--_ak-color-danger);
  }
`;
