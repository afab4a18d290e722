import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  dialog {
    inline-size: min(calc(100vw - 1rem), 60rem);
    max-block-size: calc(100dvh - 1rem);
    padding: var(--_ak-space-3);
  }
  header,
  footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
  }
  header h2 {
    flex: 1 1 12rem;
    min-inline-size: 0;
    margin: 0;
    font-size: 1.05rem;
    overflow-wrap: anywhere;
  }
  .position {
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  .stage {
    display: grid;
    place-items: center;
    min-block-size: 12rem;
    padding-block: var(--_ak-space-3);
    touch-action: pan-y pinch-zoom;
    user-select: none;
  }
  img {
    max-inline-size: 100%;
    max-block-size: 65dvh;
    object-fit: contain;
  }
  footer {
    justify-content: flex-end;
  }
  @media (pointer: coarse) {
    button {
      min-block-size: 44px;
      min-inline-size: 44px;
    }
  }
`;
