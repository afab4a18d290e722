import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A polite live region for one element: `announce()` what a screen reader
 * should hear (bulk results, saves, refusals) and place `render()` once in
 * the template. A repeated message is announced again.
 */
export class Announcer implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private text = '';
  private sequence = 0;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** The latest message. */
  get message(): string {
    return this.text;
  }

  announce(message: string): void {
    // Clearing first makes a repeated message be announced again.
    const turn = ++this.sequence;
    this.text = '';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      if (turn !== this.sequence) return;
      this.text = message;
      this.host.requestUpdate();
    });
  }

  hostConnected(): void {}

  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.text}</div>`;
  }
}
