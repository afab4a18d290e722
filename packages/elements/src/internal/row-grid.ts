import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far PageUp / PageDown move. */
const page = 10;

/**
 * The WAI-ARIA grid pattern over a list's rows, so that a keyboard user
 * crosses the rows with one Tab: each row's widgets (checkbox, name, download,
 * menu) carry `data-column`, and only the active one has `tabindex="0"`.
 * ↑/↓ (PageUp/PageDown, Ctrl+Home/End) move between rows in the same column,
 * ←/→ (mirrored in right-to-left) and Home/End within the row; Space checks
 * the row wherever focus is in it, Enter opens it from its checkbox (on a
 * button Enter does what the button does).
 */
export class RowGrid implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private active: { id: string; column: number } | null = null;
  private rowIds: readonly string[] = [];
  private firstColumn = 0;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Called while rendering: the rows in order and the first column that has a widget. */
  prepare(rowIds: readonly string[], firstColumn: number): void {
    this.rowIds = rowIds;
    this.firstColumn = firstColumn;
    if (this.active && !rowIds.includes(this.active.id)) this.active = null;
  }

  /** `0` for the one widget in the tab order, `-1` for the others. */
  tabIndex(id: string, column: number): 0 | -1 {
    const active = this.active ?? { id: this.rowIds[0], column: this.firstColumn };
    return active.id === id && active.column === column ? 0 : -1;
  }

  readonly onFocusin = (e: FocusEvent): void => {
    const widget = (e.target as HTMLElement).closest<HTMLElement>('[data-column]');
    const row = widget?.closest<HTMLElement>('[role=row][data-id]');
    const id = row?.dataset.id;
    if (!widget || id === undefined) return;
    const next = { id, column: Number(widget.dataset.column) };
    if (this.active?.id === next.id && this.active.column === next.column) return;
    this.active = next;
    this.host.requestUpdate();
  };

  readonly onKeydown = (e: KeyboardEvent): void => {
    const widget = (e.target as HTMLElement).closest<HTMLElement>('[data-column]');
    const row = widget?.closest<HTMLElement>('[role=row][data-id]');
    if (!widget || !row || e.altKey || e.metaKey) return;
    const column = Number(widget.dataset.column);
    const rtl = getComputedStyle(row).direction === 'rtl';
    const checkbox = row.querySelector<HTMLInputElement>('input[type=checkbox]');
    switch (e.key) {
      case ' ':
        if (widget === checkbox || !checkbox) return;
        e.preventDefault();
        checkbox.click();
        return;
      case 'Enter':
        if (widget !== checkbox) return;
        e.preventDefault();
        row.querySelector<HTMLElement>('[part~=name]')?.click();
        return;
      case 'ArrowDown': {
        this.toRow(e, row, 1, column);
        return;
      }
      case 'ArrowUp': {
        this.toRow(e, row, -1, column);
        return;
      }
      case 'PageDown': {
        this.toRow(e, row, page, column);
        return;
      }
      case 'PageUp': {
        this.toRow(e, row, -page, column);
        return;
      }
      case 'ArrowRight':
      case 'ArrowLeft': {
        const widgets = this.widgets(row);
        const forward = (e.key === 'ArrowRight') !== rtl;
        const next = widgets[widgets.indexOf(widget) + (forward ? 1 : -1)];
        e.preventDefault();
        next?.focus();
        return;
      }
      case 'Home':
      case 'End': {
        e.preventDefault();
        if (e.ctrlKey) {
          this.toRow(e, row, e.key === 'Home' ? -Infinity : Infinity, column);
          return;
        }
        const widgets = this.widgets(row);
        (e.key === 'Home' ? widgets[0] : widgets.at(-1))?.focus();
        return;
      }
    }
  };

  /** The row's focusable widgets in order (hidden ones, like the menu button of a table row, left out). */
  private widgets(row: HTMLElement): HTMLElement[] {
    return [...row.querySelectorAll<HTMLElement>('[data-column]')].filter((w) => w.getClientRects().length > 0);
  }

  private toRow(e: KeyboardEvent, row: HTMLElement, delta: number, column: number): void {
    e.preventDefault();
    const rows = this.renderedRows(row);
    const index = rows.indexOf(row);
    const target =
      rows[Math.max(0, Math.min(rows.length - 1, index + (Number.isFinite(delta) ? delta : delta > 0 ? rows.length : -rows.length)))];
    if (!target || target === row) {
      // A virtualized list: bring the next rows in, then try again.
      const scroller = row.closest<HTMLElement>('.body');
      if (scroller && Number.isFinite(delta)) {
        scroller.scrollTop += Math.sign(delta) * row.offsetHeight;
        requestAnimationFrame(() => requestAnimationFrame(() => this.focusIn(row, delta, column)));
      }
      return;
    }
    this.focusCell(target, column);
  }

  private focusIn(from: HTMLElement, delta: number, column: number): void {
    const index = this.rowIds.indexOf(from.dataset.id ?? '');
    const id = this.rowIds[index + Math.sign(delta)];
    const target = id ? this.renderedRows(from).find((r) => r.dataset.id === id) : undefined;
    if (target) this.focusCell(target, column);
  }

  /** The rows in the DOM, in list order (a virtualizer may keep them in any DOM order). */
  private renderedRows(row: HTMLElement): HTMLElement[] {
    const body = row.closest('.body') ?? row.parentElement;
    const rows = [...(body?.querySelectorAll<HTMLElement>('[role=row][data-id]') ?? [])];
    return rows.sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
  }

  private focusCell(row: HTMLElement, column: number): void {
    const widgets = this.widgets(row);
    const same =
      widgets.find((w) => Number(w.dataset.column) === column) ??
      widgets.filter((w) => Number(w.dataset.column) < column).at(-1) ??
      widgets[0];
    same?.focus();
    same?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}
