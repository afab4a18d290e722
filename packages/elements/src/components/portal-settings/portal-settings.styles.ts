import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  fieldset {
    margin: 0;
    padding: var(--_ak-space-3) var(--_ak-space-4);
    border: 1px solid var(--_ak-color-border-muted);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
  }
  legend {
    padding-inline: var(--_ak-space-1);
    font-weight: 600;
  }
  ul {
    display: grid;
    gap: var(--ak-portal-settings-gap, var(--_ak-space-3));
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    align-items: flex-start;
    gap: var(--_ak-space-2);
  }
  li input {
    margin-block-start: 0.2rem;
  }
  label {
    font-weight: 500;
  }
  .polarity {
    margin-inline-start: var(--_ak-space-2);
    padding-inline: var(--_ak-space-1);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    font-size: var(--_ak-font-size-small);
    color: var(--_ak-color-text-muted);
  }
  .description,
  .reason,
  .notice {
    margin: var(--_ak-space-1) 0 0;
    font-size: var(--_ak-font-size-small);
    color: var(--_ak-color-text-muted);
  }
  .reason {
    color: var(--_ak-color-text);
    font-style: italic;
  }
  .notice {
    margin-block-end: var(--_ak-space-2);
  }
  .error {
    margin-block-end: var(--_ak-space-2);
  }
`;
