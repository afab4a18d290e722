import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import {
  toAttachKitError,
  type AttachKitError,
  type Attachment,
  type AttachmentsStore,
  type CollectionState,
  type RecordRef,
} from '@attachkit/sdk';
import { StoreController } from '../../controllers/store-controller.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkElement } from '../../internal/ak-element.js';
import { Announcer } from '../../internal/announcer.js';
import { downloadAttachment } from '../../internal/download.js';
import { isPreviewable } from '../../internal/file-types.js';
import { listStyles } from '../../internal/list.styles.js';
import { formatNumber } from '../../localization/format.js';
import { errorText } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { styles } from './image-viewer.styles.js';

type Shown =
  { status: 'loading'; id: string } | { status: 'ready'; id: string; url: string } | { status: 'error'; id: string; error: AttachKitError };

/** A horizontal swipe at least this long (CSS px) turns the page. */
const swipeDistance = 40;

/**
 * A gallery over a record's images in a native modal `<dialog>`
 * (`showModal()`: the page behind is inert, Esc closes, focus returns to
 * where it was). It shows one image at a time with its name and "Image 3 of
 * 7", next and previous by the buttons, the arrow keys (mirrored in
 * right-to-left) and a swipe, and a Download button. The images are those of
 * the record given by `record-type`/`record-id` (JPEG, PNG, GIF, WebP, oldest
 * first), or the `images` property when set (`<ak-attachment-list>` passes
 * its own order). Call `open(attachment)` to show one.
 *
 * @tag ak-image-viewer
 * @summary A modal gallery over a record's images, with keyboard, swipe and download.
 *
 * @attr record-type - The host record's type, e.g. `job`.
 * @attr record-id - The host record's id, e.g. `J-1042`.
 *
 * @fires {AkDownloadEvent} ak-download - The shown image is about to be saved. Cancelable.
 * @fires {AkErrorEvent} ak-error - An image could not be loaded or downloaded.
 *
 * @csspart dialog - The modal dialog.
 * @csspart image - The image shown.
 * @csspart position - The "Image 3 of 7" counter.
 * @csspart nav-button - The Previous and Next buttons.
 * @csspart download-button - The Download button.
 * @csspart close-button - The Close button.
 */
@localized()
export class AkImageViewer extends AkElement {
  static override styles = [tokens, controls, listStyles, styles];

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  /** The images to page through, in order; by default the record's images, oldest first. */
  @property({ attribute: false }) images?: Attachment[];

  @state() private shown: Shown | null = null;
  @query('dialog') private dialog?: HTMLDialogElement;

  private readonly attachments = new StoreController<CollectionState<Attachment>>(this);
  private readonly announcer = new Announcer(this);
  private token = 0;
  private swipeStart: { x: number; y: number } | null = null;

  /** Is the gallery open? */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** The image shown, if any. */
  get current(): Attachment | undefined {
    const id = this.shown?.id;
    return id ? this.gallery().find((a) => a.id === id) : undefined;
  }

  private get record(): RecordRef | null {
    return this.recordType && this.recordId ? { type: this.recordType, id: this.recordId } : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit') || changed.has('recordType') || changed.has('recordId')) {
      const record = this.record;
      const store: AttachmentsStore | null = this.kit && record ? this.kit.attachments(record) : null;
      this.attachments.bind(store);
      void store?.ensureLoaded();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  /** Opens the gallery on an image (another type is ignored: it downloads instead). */
  async show(attachment: Attachment): Promise<void> {
    if (!isPreviewable(attachment.mimeType)) return;
    const loaded = this.load(attachment);
    await this.updateComplete;
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
    if (this.images) return this.images;
    return [...(this.attachments.value?.items ?? [])]
      .filter((a) => isPreviewable(a.mimeType))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async load(a: Attachment): Promise<void> {
    const token = ++this.token;
    this.revoke();
    this.shown = { status: 'loading', id: a.id };
    try {
      if (!this.kit) throw new Error('No AttachKit: place <ak-image-viewer> inside <ak-provider>.');
      const blob = await this.kit.backend.getAttachmentContent(a.id);
      if (token !== this.token) return;
      this.shown = { status: 'ready', id: a.id, url: URL.createObjectURL(blob) };
    } catch (error) {
      if (token !== this.token) return;
      const failure = toAttachKitError(error);
      this.shown = { status: 'error', id: a.id, error: failure };
      this.dispatchEvent(new AkErrorEvent('attachment.download', failure));
    }
    await this.updateComplete;
  }

  private revoke(): void {
    if (this.shown?.status === 'ready') URL.revokeObjectURL(this.shown.url);
  }

  private readonly onKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const rtl = getComputedStyle(this).direction === 'rtl';
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
    const rtl = getComputedStyle(this).direction === 'rtl';
    // Swiping left brings the next image in (from the right), as on a phone.
    void this.step(dx < 0 !== rtl ? 1 : -1);
  };

  protected override render(): TemplateResult {
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
                  @click=${() => this.kit && downloadAttachment(this, this.kit, current, (t) => this.announcer.announce(t), this.reasonContext())}
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
