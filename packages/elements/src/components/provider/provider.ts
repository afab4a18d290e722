import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { localized, msg } from '@lit/localize';
import {
  connectAttachKit,
  createHttpBackend,
  toAttachKitError,
  type AttachKit,
  type AttachKitBackend,
  type AttachKitError,
  type UploadPersistence,
  type UploadRestrictions,
} from '@attachkit/sdk';
import { indexedDbUploadPersistence } from '@attachkit/sdk/browser';
import { attachKitContext } from '../../context.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkReadyEvent } from '../../events/ready.js';
import { errorText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';

export type ProviderStatus = 'idle' | 'connecting' | 'ready' | 'error';

/** One IndexedDB store per page for every provider (entries are keyed by server and principal). */
let persistence: UploadPersistence | undefined;

/**
 * Kits of this page being stopped (a provider reconnected or was removed),
 * and the entry keys of the uploads they were running: the next kit of the
 * page restores once they let go, and goes on with those uploads.
 */
let releasing: Promise<void> = Promise.resolve();
let handedOver = new Set<string>();

/**
 * Gives an `AttachKit` to every attachkit element inside it (@lit/context).
 *
 * Three ways to feed it, first match wins:
 * 1. the `kit` property: an instance you made with `createAttachKit`;
 * 2. the `backend` property: any `AttachKitBackend` (e.g. `createMemoryBackend()`);
 *    the provider asks it who the caller is (`connectAttachKit`);
 * 3. the `base-url` (and `token`) attributes: the provider creates the HTTP
 *    backend itself, so a plain HTML page needs no script beyond the import.
 *
 * With a backend that names its server (the HTTP backend), the upload queue
 * is kept in IndexedDB, per server and user, and the uploads an earlier page
 * left come back as interrupted in `<ak-uploader>` (`no-persist` turns it
 * off; a `kit` you set keeps its own choice). When the provider builds a
 * new kit (its `base-url`, `token`, `backend` or `restrictions` change) or
 * is removed from the page (not just moved), the old kit's uploads stop and
 * stay on the device; the next kit of the page restores them and goes on
 * with those that were running (same user and server).
 *
 * @tag ak-provider
 * @summary Provides the AttachKit instance to descendant attachkit elements.
 *
 * @attr base-url - The attachkit server's base URL, e.g. `https://crm.example/`.
 * @attr token - Bearer token sent with every request (read on each request; changing it reconnects).
 * @attr no-persist - Keeps no uploads on this device (they do not survive a reload).
 * @attr data-theme - `light` or `dark`: forces the theme of the elements inside.
 *
 * @fires {AkReadyEvent} ak-ready - The AttachKit is ready (also when one is assigned through `kit`).
 * @fires {AkErrorEvent} ak-error - Connecting failed (operation `connect`).
 *
 * @slot - The attachkit elements (and anything else) that use this AttachKit.
 * @csspart status - The "Connecting…" message.
 * @csspart error - The connection error with its retry button.
 * @cssprop --ak-color-danger-surface - Background of the connection error.
 */
@localized()
export class AkProvider extends LitElement {
  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      .message,
      .error {
        margin-block-end: var(--_ak-space-2);
      }
    `,
  ];

  /** The AttachKit given to descendants. Set it yourself, or let the provider create it. */
  @provide({ context: attachKitContext })
  @property({ attribute: false })
  kit?: AttachKit;

  /** A backend to connect through (ignored when `kit` is set by you). */
  @property({ attribute: false }) backend?: AttachKitBackend;

  @property({ attribute: 'base-url' }) baseUrl = '';
  @property() token = '';
  /** Keeps no uploads on this device (a kiosk, or a host with its own). */
  @property({ type: Boolean, attribute: 'no-persist' }) noPersist = false;

  /** Upload restrictions for the AttachKit the provider creates. */
  @property({ attribute: false }) restrictions?: Partial<UploadRestrictions>;

  /** Where connecting stands. */
  @state() status: ProviderStatus = 'idle';
  @state() private error: AttachKitError | null = null;

  private ownsKit = false;
  /** The kit was made with persistence: its uploads survive being stopped. */
  private persists = false;
  /** The kit was stopped because the provider left the page: connect again when it comes back. */
  private released = false;
  private attempt = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.released) {
      this.released = false;
      void this.connect();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move (out and back in within the task) keeps the kit and its uploads.
    setTimeout(() => {
      if (this.isConnected || !this.ownsKit || !this.persists) return;
      this.released = true;
      void this.releaseKit();
    });
  }

  /**
   * Stops the kit this provider made, when its uploads are kept on the
   * device (without persistence they go on, as stopping would lose them).
   * Resolves once every kit of the page being stopped let go of its entries.
   */
  private releaseKit(): Promise<void> {
    const kit = this.ownsKit && this.persists ? this.kit : undefined;
    if (kit) {
      this.ownsKit = false;
      this.kit = undefined;
      releasing = releasing.then(async () => {
        for (const key of await kit.uploads.dispose()) handedOver.add(key);
      });
    }
    return releasing;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit') && !this.ownsKit && this.kit) {
      this.status = 'ready';
      this.error = null;
    }
    const inputs = changed.has('backend') || changed.has('baseUrl') || changed.has('token') || changed.has('restrictions');
    if (inputs && (this.ownsKit || !this.kit)) void this.connect();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('kit') && this.kit) this.dispatchEvent(new AkReadyEvent(this.kit));
  }

  /** (Re)connects with the current `backend` or `base-url`/`token`. Resolves when done. */
  async connect(): Promise<void> {
    if (!this.backend && !this.baseUrl) return;
    const attempt = ++this.attempt;
    this.status = 'connecting';
    this.error = null;
    try {
      // The old kit lets go of its uploads first, so this one restores them (not "in another tab").
      await this.releaseKit();
      if (attempt !== this.attempt) return;
      const backend = this.backend ?? createHttpBackend({ baseURL: this.baseUrl, getToken: () => this.token || undefined });
      const uploadPersistence =
        backend.server !== undefined && !this.noPersist ? (persistence ??= indexedDbUploadPersistence()) : undefined;
      const kit = await connectAttachKit({ backend, restrictions: this.restrictions, uploadPersistence });
      if (attempt !== this.attempt) return void kit.uploads.dispose();
      this.ownsKit = true;
      this.persists = uploadPersistence !== undefined;
      this.kit = kit;
      this.status = 'ready';
      const going = handedOver;
      handedOver = new Set();
      if (going.size > 0) void kit.uploads.restore().then(() => kit.uploads.resumeRestored(going));
    } catch (error) {
      if (attempt !== this.attempt) return;
      const failure = toAttachKitError(error);
      this.status = 'error';
      this.error = failure;
      this.dispatchEvent(new AkErrorEvent('connect', failure));
    }
  }

  protected override render(): TemplateResult {
    return html`${this.status === 'connecting' ? html`<p class="message" part="status" role="status">${msg('Connecting…')}</p>` : nothing}${
      this.status === 'error' && this.error
        ? html`<div class="error" part="error" role="alert">
            <span>${msg('Could not connect to attachkit.')} ${errorText(this.error)}</span>
            <button type="button" @click=${() => this.connect()}>${msg('Retry')}</button>
          </div>`
        : nothing
    }<slot></slot>`;
  }
}
