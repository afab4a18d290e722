import type { ReactiveController, ReactiveControllerHost } from 'lit';

/*
 * Keeps the keyboard focus in `<ak-uploader>`'s file list when a row changes
 * status. Each status renders its own buttons (Pause becomes Resume, Cancel
 * becomes Retry), so the button that had the focus goes away — whether the
 * user pressed it or the row changed by itself (queued → uploading when a
 * slot frees, preparing → uploading, uploading → waiting for the network) —
 * and the focus would fall to the page, losing a keyboard or screen-reader
 * user's place.
 */

/** Where the focus was before a render: the row and the action of the focused button. */
interface Focused {
  element: HTMLElement;
  upload: string;
  action: string;
}

/**
 * Before each render notes the focused button of a row; after it, when that
 * button went away and the focus fell to the page, focuses the row's button
 * of the same action (Cancel stays on Cancel), else the row's first button,
 * else (a row without buttons — done, refused — or gone) `fallback()`.
 */
export class RowFocusController implements ReactiveController {
  private focused: Focused | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly fallback: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const active = this.host.shadowRoot?.activeElement;
    const row = active instanceof HTMLElement ? active.closest<HTMLElement>('[data-upload]') : null;
    this.focused =
      active instanceof HTMLElement && row?.dataset.upload
        ? { element: active, upload: row.dataset.upload, action: active.className }
        : null;
  }

  hostUpdated(): void {
    const was = this.focused;
    this.focused = null;
    const root = this.host.shadowRoot;
    if (!was || was.element.isConnected || !root || root.activeElement) return;
    // The user moved the focus elsewhere meanwhile: leave it there.
    if (document.activeElement && document.activeElement !== document.body) return;
    const row = [...root.querySelectorAll<HTMLElement>('[data-upload]')].find((li) => li.dataset.upload === was.upload);
    const buttons = row ? [...row.querySelectorAll<HTMLElement>('button')] : [];
    (buttons.find((button) => button.className === was.action) ?? buttons[0] ?? this.fallback())?.focus();
  }
}
