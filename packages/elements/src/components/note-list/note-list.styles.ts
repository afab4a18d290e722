import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container: ak-note-list / inline-size;
  }
  .notes .heading {
    margin: 0;
    font-size: 1rem;
  }
  .notes-table {
    inline-size: 100%;
    border-collapse: collapse;
    border: 1px solid var(--_ak-color-border-muted);
    background: var(--_ak-color-surface);
  }
  .notes-table th,
  .notes-table td {
    padding: var(--_ak-space-2);
    border-block-end: 1px solid var(--_ak-color-border-muted);
    text-align: start;
    vertical-align: top;
  }
  .notes-table thead {
    background: var(--_ak-color-surface-raised);
  }
  .notes-table .flag,
  .notes-table .check {
    text-align: center;
    inline-size: 7rem;
  }
  .notes-table .check {
    inline-size: 2.5rem;
  }
  .notes-table tr.selected {
    background: var(--_ak-color-surface-selected);
  }
  .notes-table .body {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .note-form {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: var(--_ak-space-1) var(--_ak-space-2);
    align-items: end;
    margin-block-start: var(--_ak-space-2);
  }
  .note-form label {
    grid-column: 1 / -1;
  }
  .note-form textarea {
    min-inline-size: 0;
    font: inherit;
    color: inherit;
    background: var(--_ak-color-surface);
    border: 1px solid var(--_ak-color-border);
    border-radius: var(--_ak-radius);
    padding: var(--_ak-space-1) var(--_ak-space-2);
    resize: vertical;
  }

  /* Narrow containers: each note is a card (checkbox, text, date · badges). */
  @container ak-note-list (max-width: 36rem) {
    .notes-table,
    .notes-table tbody {
      display: block;
      border: 0;
      background: none;
    }
    .notes-table thead tr {
      display: flex;
      align-items: center;
      gap: var(--_ak-space-2);
      padding: var(--_ak-space-2);
    }
    .notes-table thead th:not(.check) {
      display: none;
    }
    .notes-table thead {
      display: block;
      background: none;
    }
    .notes-table tr[part~='note'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_ak-space-1) var(--_ak-space-2);
      margin-block-end: var(--_ak-space-2);
      padding: var(--_ak-space-2);
      border: 1px solid var(--_ak-color-border-muted);
      border-radius: var(--_ak-radius);
      background: var(--_ak-color-surface);
    }
    .notes-table tr[part~='note'].selected {
      background: var(--_ak-color-surface-selected);
    }
    .notes-table td {
      display: inline-flex;
      padding: 0;
      border: 0;
      inline-size: auto;
      text-align: start;
    }
    .notes-table td.flag,
    .notes-table td.check {
      inline-size: auto;
      min-inline-size: 0;
    }
    .notes-table td.body {
      display: block;
      flex: 1 1 calc(100% - 3rem);
      min-inline-size: 0;
    }
    .notes-table td.date {
      color: var(--_ak-color-text-muted);
      font-size: var(--_ak-font-size-small);
    }
    .notes-table td.date {
      white-space: nowrap;
    }
    .notes-table tr[part~='note'] .yn {
      display: none;
    }
    .notes-table tr[part~='note'] .badge {
      display: inline-block;
    }
    .note-form {
      grid-template-columns: 1fr;
    }
  }
`;
