import { css } from 'lit';

/** Colours of `fileIcon()` from the tokens. */
export const fileIconStyles = css`
  .file-icon {
    inline-size: 100%;
    block-size: 100%;
  }
  .file-icon .page {
    fill: var(--_ak-color-surface);
    stroke: var(--_ak-color-border);
    stroke-width: 1.5;
  }
  .file-icon .fold,
  .file-icon .lines {
    fill: none;
    stroke: var(--_ak-color-border);
    stroke-width: 1.5;
  }
  .file-icon .band {
    fill: var(--_ak-color-text-muted);
  }
  .file-icon[data-kind='pdf'] .band {
    fill: var(--_ak-color-danger);
  }
  .file-icon[data-kind='word'] .band {
    fill: var(--_ak-color-accent);
  }
  .file-icon[data-kind='excel'] .band {
    fill: var(--_ak-color-success);
  }
  .file-icon .label {
    fill: var(--_ak-color-surface);
    font: 700 6.5px/1 var(--_ak-font-family);
  }
`;
