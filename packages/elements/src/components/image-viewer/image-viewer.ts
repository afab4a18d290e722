import { type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { Attachment, AttachmentsStore, CollectionState, RecordRef } from '@attachkit/sdk';
import { StoreController } from '../../controllers/store-controller.js';
import { AkElement } from '../../internal/ak-element.js';
import { isPreviewable } from '../../internal/file-types.js';
import { LazyView } from '../../internal/lazy-view.js';
import { controls, tokens } from '../../styles/tokens.js';

/**
 * A gallery over a record's images in a native modal `<dialog>`
 * (`showModal()`: the page behind is inert, Esc closes, focus returns to
 * where it was). It shows one image at a time with its name and "Image 3 of
 * 7", next and previous by the buttons, the arrow keys (mirrored in
 * right-to-left) and a swipe, and a Download button. The images are those of
 * the record given by `record-type`/`record-id` (JPEG, PNG, GIF, WebP, oldest
 * first), or the `images` property when set (`<ak-attachment-list>` passes
 * its own order). Call `show(attachment)` to show one. The dialog, its
 * handlers and styles load on demand (image-viewer.view.ts), the first time
 * the element is connected (`<ak-attachment-list>` renders it on the first
 * preview); `show()` and `updateComplete` wait for them.
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
 * @csspart error - The gallery could not be loaded (offline), with a Retry button.
 */
@localized()
export class AkImageViewer extends AkElement {
  static override styles = [tokens, controls];

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  /** The images to page through, in order; by default the record's images, oldest first. */
  @property({ attribute: false }) images?: Attachment[];

  /** @internal The record's attachments, for the view. */
  readonly attachments = new StoreController<CollectionState<Attachment>>(this);
  private readonly view = new LazyView(this, async () => (await import('./image-viewer.view.js')).imageViewerView(this, this.uid));

  /** Is the gallery open? */
  get open(): boolean {
    return this.view.loaded?.open ?? false;
  }

  /** The image shown, if any. */
  get current(): Attachment | undefined {
    return this.view.loaded?.current;
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
    await this.view.ready;
    await this.view.loaded?.show(attachment);
  }

  /** Closes the gallery and frees the image. */
  close(): void {
    this.view.loaded?.close();
  }

  /** Shows the next (1) or previous (-1) image, wrapping around. */
  step(delta: number): Promise<void> {
    return this.view.loaded?.step(delta) ?? Promise.resolve();
  }

  protected override render(): unknown {
    return this.view.render();
  }

  protected override async getUpdateComplete(): Promise<boolean> {
    await this.view.ready;
    return super.getUpdateComplete();
  }
}
