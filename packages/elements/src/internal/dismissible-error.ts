import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';

/**
 * The message of a save that failed, shown above an element's content with a
 * Dismiss button until it is dismissed or the next save succeeds (the admin
 * elements' grants and switches).
 */
export class DismissibleError {
  private readonly host: ReactiveControllerHost;
  private text: string | null = null;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
  }

  /** Shows `text`, or clears the message with null. */
  set(text: string | null): void {
    this.text = text;
    this.host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    if (!this.text) return nothing;
    return html`<div class="error" part="error" role="alert">
      <span>${this.text}</span>
      <button type="button" @click=${() => this.set(null)}>${msg('Dismiss')}</button>
    </div>`;
  }
}
