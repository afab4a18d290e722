import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { createRef, ref, type Ref } from 'lit/directives/ref.js';
import { msg } from '@lit/localize';

export interface ConfirmationRequest {
  message: string;
  confirmLabel: string;
  /** A destructive answer (delete) gets the danger style. */
  danger?: boolean;
}

interface Pending extends ConfirmationRequest {
  resolve(confirmed: boolean): void;
}

/**
 * The one confirmation dialog of the elements: a native modal `<dialog
 * role="alertdialog">` with Cancel (focused first) and a confirm button.
 * `ask()` resolves true on confirm, false on Cancel or Esc. Place `render()`
 * once in the template; a new question settles an open one as "cancel".
 */
export class ConfirmationController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly uid: string;
  private pending: Pending | null = null;
  private readonly dialog: Ref<HTMLDialogElement> = createRef();

  constructor(host: ReactiveControllerHost, uid: string) {
    this.host = host;
    this.uid = uid;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.settle(false);
  }

  ask(request: ConfirmationRequest): Promise<boolean> {
    this.settle(false);
    return new Promise((resolve) => {
      this.pending = { ...request, resolve };
      this.host.requestUpdate();
      void this.host.updateComplete.then(() => {
        const dialog = this.dialog.value;
        if (dialog && !dialog.open) dialog.showModal();
      });
    });
  }

  private answer(confirmed: boolean): void {
    this.settle(confirmed);
    this.dialog.value?.close();
  }

  private settle(confirmed: boolean): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.host.requestUpdate();
    pending.resolve(confirmed);
  }

  render(): TemplateResult {
    const c = this.pending;
    const id = `${this.uid}-confirm-text`;
    return html`<dialog
      ${ref(this.dialog)}
      class="confirm"
      part="dialog"
      role="alertdialog"
      aria-describedby=${id}
      aria-label=${msg('Please confirm')}
      @close=${() => {
        // A close event is queued: ignore one that arrives after the dialog was opened again.
        if (!this.dialog.value?.open) this.settle(false);
      }}
    >
      <p id=${id}>${c?.message ?? ''}</p>
      <div class="buttons">
        <button type="button" value="cancel" autofocus @click=${() => this.answer(false)}>${msg('Cancel')}</button>
        <button type="button" value="confirm" class=${c?.danger ? 'danger' : 'primary'} @click=${() => this.answer(true)}>
          ${c?.confirmLabel ?? msg('Confirm')}
        </button>
      </div>
    </dialog>`;
  }
}
