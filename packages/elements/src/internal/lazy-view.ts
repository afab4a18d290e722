import { adoptStyles, html, nothing, type CSSResultOrNative, type LitElement, type ReactiveController } from 'lit';
import { msg } from '@lit/localize';

/** What an element's on-demand module hands back: the object that renders it, and the styles it adds. */
export interface LoadedView<V extends { render(): unknown }> {
  view: V;
  styles: CSSResultOrNative[];
}

/**
 * The part of an element that loads on demand (the admin elements: their
 * templates, styles and handlers). The tag is defined at once with a small
 * class — so `customElements.whenDefined()` resolves, properties set before
 * or after the upgrade are the element's own, and it works inside any shadow
 * root — and the first time the element is connected, this imports the rest
 * (once per page: the module is cached), adds its styles and renders it.
 * Until then the element renders nothing; if the import fails (offline) it
 * says so, with a Retry button. The element's `updateComplete` waits for
 * `ready`.
 */
export class LazyView<V extends { render(): unknown }> implements ReactiveController {
  private readonly host: LitElement;
  private readonly load: () => Promise<LoadedView<V>>;
  private view?: V;
  private loading?: Promise<void>;
  private failed = false;

  constructor(host: LitElement, load: () => Promise<LoadedView<V>>) {
    this.host = host;
    this.load = load;
    host.addController(this);
  }

  hostConnected(): void {
    void this.start();
  }

  /** The view, once loaded. */
  get loaded(): V | undefined {
    return this.view;
  }

  /** Settles once the view is there or could not be loaded; resolved before the element is first connected. */
  get ready(): Promise<void> {
    return this.view ? Promise.resolve() : (this.loading ?? Promise.resolve());
  }

  private start(): Promise<void> {
    this.loading ??= this.load()
      .then(
        ({ view, styles }) => {
          const root = this.host.renderRoot;
          if (root instanceof ShadowRoot) adoptStyles(root, [...(this.host.constructor as typeof LitElement).elementStyles, ...styles]);
          this.view = view;
          this.failed = false;
        },
        () => {
          this.failed = true;
          this.loading = undefined;
        },
      )
      .finally(() => this.host.requestUpdate());
    return this.loading;
  }

  render(): unknown {
    if (this.view) return this.view.render();
    if (!this.failed) return nothing;
    return html`<div class="error" part="error" role="alert">
      <span>${msg('This part of the page could not be loaded.')}</span>
      <button type="button" @click=${() => void this.start()}>${msg('Retry')}</button>
    </div>`;
  }
}
