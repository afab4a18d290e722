/**
 * What `<ak-image-viewer>` loads on demand, the first time one is connected:
 * the modal dialog, its paging (buttons, arrow keys, swipe), the image
 * loading and download, and its styles. image-viewer.ts defines the element.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { toAttachKitError, type AttachKitError, type Attachment } from '@attachkit/sdk';
import { AkErrorEvent } from '../../events/error.js';
import { Announcer } from '../../internal/announcer.js';
import { downloadAttachment } from '../../internal/download.js';
import { isPreviewable } from '../../internal/file-types.js';
import type { LoadedView } from '../../internal/lazy-view.js';
import { listStyles } from '../../internal/list.styles.js';
import { formatNumber } from '../../localization/format.js';
import { errorText, type ReasonContext } from '../../localization/reasons.js';
import type { AkImageViewer } from './image-viewer.js';
import { styles } from './image-viewer.styles.js';

type Shown =
  { status: 'loading'; id: string } | { status: 'ready'; id: string; url: string } | { status: 'error'; id: string; error: AttachKitError };

/** A horizontal swipe at least this long (CSS px) turns the page. */
const swipeDistance = 40;

export function imageViewerView(host: AkImageViewer, uid: string): LoadedView<ImageViewerView> {
  return { view: new ImageViewerView(host, uid), styles: [listStyles, styles] };
}

class ImageViewerView {
  private shownValue: Shown | null = null;
  private token = 0;
  private swipeStart: { x: number; y: number } | null = null;
  private readonly host: AkImageViewer;
  private readonly uid: string;
  private readonly announcer: Announcer;

  constructor(host: AkImageViewer, uid: string) {
    this.host = host;
    this.uid = uid;
    this.announcer = new Announcer(host);
  }

  /** What is shown; setting it renders the element again. */
  private get shown(): Shown | null {
    return this.shownValue;
  }

  private set shown(value: Shown | null) {
    this.shownValue = value;
    this.host.requestUpdate();
  }

  private get dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  private reasonContext(): ReasonContext {
    return { catalog: this.host.kit?.catalog, level: this.host.kit?.level };
  }

  /** Is the gallery open? */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** The image shown, if any. */
  get current(): Attachment | undefined {
    const id = this.shown?.id;
    return id ? this.gallery().find((a) => a.id === id) : undefined;
  }

  /** Opens the gallery on an image (another type is ignored: it downloads instead). */
  async show(attachment: Attachment): Promise<void> {
    if (!isPreviewable(attachment.mimeType)) return;
    const loaded = this.load(attachment);
    await this.host.updateComplete;
    const dialog = this.dialog;
    if (dialog && !dialog.open) dialog.showModal();
    await loaded;
  }

  /** Closes the gallery and frees the image. */
  close(): void {
    this.token++;
    this.revoke();
    this.shown = null;
    if (this.dialog?.open) this.dialog.close();
  }

  /** Shows the next (1) or previous (-1) image, wrapping around. */
  step(delta: number): Promise<void> {
    const images = this.gallery();
    const index = images.findIndex((a) => a.id === this.shown?.id);
    if (images.length < 2 || index < 0) return Promise.resolve();
    const next = images[(index + delta + images.length) % images.length];
    return next ? this.load(next) : Promise.resolve();
  }

  private gallery(): Attachment[] {
    if (this.host.images) return this.host.images;
    return [...(this.host.attachments.value?.items ?? [])]
      .filter((a) => isPreviewable(a.mimeType))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async load(a: Attachment): Promise<void> {
    const token = ++this.token;
    this.revoke();
    this.shown = { status: 'loading', id: a.id };
    try {
      if (!this.host.kit) throw new Error('No AttachKit: place <ak-image-viewer> inside <ak-provider>.');
      const blob = await this.host.kit.backend.getAttachmentContent(a.id);
      if (token !== this.token) return;
      this.shown = { status: 'ready', id: a.id, url: URL.createObjectURL(blob) };
    } catch (error) {
      if (token !== this.token) return;
      const failure = toAttachKitError(error);
      this.shown = { status: 'error', id: a.id, error: failure };
      this.host.dispatchEvent(new AkErrorEvent('attachment.download', failure));
    }
    await this.host.updateComplete;
  }

  private revoke(): void {
    if (this.shown?.status === 'ready') URL.revokeObjectURL(this.shown.url);
  }

  private readonly onKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    void this.step((e.key === 'ArrowRight') !== rtl ? 1 : -1);
  };

  private readonly onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    this.swipeStart = { x: e.clientX, y: e.clientY };
  };

  private readonly onPointerUp = (e: PointerEvent) => {
    const start = this.swipeStart;
    this.swipeStart = null;
    if (!start) return;
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    if (Math.abs(dx) < swipeDistance || Math.abs(dx) < Math.abs(dy)) return;
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    // Swiping left brings the next image in (from the right), as on a phone.
    void this.step(dx < 0 !== rtl ? 1 : -1);
  };

  render(): TemplateResult {
    const shown = this.shown;
    const images = shown ? this.gallery() : [];
    const index = shown ? images.findIndex((a) => a.id === shown.id) : -1;
    const current = index >= 0 ? images[index] : undefined;
    const title = `${this.uid}-title`;
    return html`<dialog class="preview" part="dialog" aria-labelledby=${title} @close=${() => this.close()} @keydown=${this.onKeydown}>
        ${
          current && shown
            ? html`<header>
                <h2 id=${title} dir="auto">${current.name}</h2>
                <span class="position" part="position">${msg(str`Image ${formatNumber(index + 1)} of ${formatNumber(images.length)}`)}</span>
                <button type="button" class="close" part="close-button" autofocus @click=${() => this.close()}>${msg('Close')}</button>
              </header>
              <div class="stage" @pointerdown=${this.onPointerDown} @pointerup=${this.onPointerUp} @pointercancel=${() => (this.swipeStart = null)}>
                ${
                  shown.status === 'ready'
                    ? html`<img part="image" src=${shown.url} alt=${current.name} draggable="false" />`
                    : shown.status === 'loading'
                      ? html`<p class="message" role="status">${msg('Loading image…')}</p>`
                      : html`<div class="error" role="alert">${errorText(shown.error, this.reasonContext())}</div>`
                }
              </div>
              <footer>
                ${
                  images.length > 1
                    ? html`<button type="button" class="previous" part="nav-button" @click=${() => this.step(-1)}>${msg('Previous image')}</button>
                      <button type="button" class="next" part="nav-button" @click=${() => this.step(1)}>${msg('Next image')}</button>`
                    : nothing
                }
                <button
                  type="button"
                  class="primary download"
                  part="download-button"
                  @click=${() => this.host.kit && downloadAttachment(this.host, this.host.kit, current, (t) => this.announcer.announce(t), this.reasonContext())}
                >
                  ${msg('Download')}
                </button>
              </footer>`
            : html`<h2 id=${title} class="visually-hidden">${msg('Image')}</h2>`
        }
        ${this.announcer.render()}
      </dialog>`;
  }
}
