import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .dropzone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2) var(--_ak-space-3);
    padding: var(--ak-uploader-dropzone-padding, var(--_ak-space-3));
    border: var(--ak-uploader-dropzone-border, 2px dashed var(--_ak-color-border));
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-surface);
  }
  .dropzone.dragging {
    background: var(--_ak-color-drop-target);
    border-color: var(--_ak-color-accent);
  }
  /* Shown on touch devices only: always a 44 px target, whatever the primary pointer. */
  .take-photo {
    min-block-size: 44px;
    min-inline-size: 44px;
  }
  .hint,
  .why {
    margin: 0;
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  .why {
    flex-basis: 100%;
  }
  .files {
    list-style: none;
    margin: var(--_ak-space-2) 0 0;
    padding: 0;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_ak-space-2);
    padding-block: var(--_ak-space-1);
    border-block-end: 1px solid var(--_ak-color-border-muted);
  }
  .file .name {
    flex: 1 1 12rem;
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .file .size,
  .file .state {
    color: var(--_ak-color-text-muted);
    font-size: var(--_ak-font-size-small);
  }
  .file .state.done {
    color: var(--_ak-color-success);
  }
  .file-error {
    color: var(--_ak-color-danger);
    flex-basis: 100%;
  }
  progress {
    inline-size: 8rem;
    accent-color: var(--_ak-color-accent);
  }
  .clear {
    margin-block-start: var(--_ak-space-2);
  }
  .storage-notice {
    margin: var(--_ak-space-2) 0 0;
    padding: var(--_ak-space-2);
    border-radius: var(--_ak-radius);
    background: var(--_ak-color-danger-surface);
    color: var(--_ak-color-text);
  }
  /* A phone (320–400 px) gets 44 px targets for each file's buttons, also with a mouse or a stylus. */
  @media (max-width: 400px) {
    .file button {
      min-block-size: 44px;
      min-inline-size: 44px;
    }
  }
`;
