import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { RecordRef, UploadItem, UploadQueueState } from '@attachkit/sdk';
import { AkElement } from '../../internal/ak-element.js';
import { StoreController } from '../../controllers/store-controller.js';
import { AkErrorEvent } from '../../events/error.js';
import { AkUploadAddEvent, AkUploadCompleteEvent, AkUploadRejectedEvent } from '../../events/upload.js';
import { formatNumber } from '../../localization/format.js';
import { errorText, reasonText, type ReasonContext } from '../../localization/reasons.js';
import { controls, tokens } from '../../styles/tokens.js';
import { MediaQueryController } from '../../controllers/media-query-controller.js';
import { takePhoto, touchDevice } from './take-photo.js';
import { styles } from './uploader.styles.js';
import { announceRestored, restoredFor, resumeOrDiscard, storageNotice } from './uploader-restore.js';
import { rejectionText, uploadItem } from './uploader-item.js';
import { announceNetwork } from './uploader-network.js';
import { FileDropController } from './uploader-drop-controller.js';
import { RowFocusController } from './uploader-focus.js';

/**
 * Attaches files to a host record: a "Select Files to Attach" button, drag
 * and drop onto the element, and paste from the clipboard. Each file shows
 * its progress with cancel and retry; files the restrictions refuse say why
 * in words ("setup.exe: executable files cannot be attached."). Finished
 * files appear at once in `<ak-attachment-list>` of the same record (the
 * stores are shared), marked Hidden.
 *
 * Form-associated: inside a `<form>` it submits the ids of the attachments
 * it created under its `name` (one entry per id), and keeps the form from
 * submitting while uploads are still running.
 *
 * Survives a reload: with persistence (what `<ak-provider base-url>` sets
 * up), the uploads an earlier page left for this record come back as
 * "Interrupted" with Resume (from the server's offset) and Discard (removes
 * the bytes on the device and the server); one that another tab of the
 * browser has shows "In another tab of this browser", without buttons, until
 * that tab closes. When the device's storage is full
 * or denied, a notice says the uploads will not survive a reload.
 *
 * @tag ak-uploader
 * @summary Select, drop or paste files to attach them to a record, with per-file progress.
 *
 * @attr record-type - The host record's type, e.g. `job`.
 * @attr record-id - The host record's id, e.g. `J-1042`.
 * @attr name - The form field name of the new attachment ids (default `attachments`).
 * @attr disabled - Refuses new files.
 * @attr accept - Passed to the file picker (a hint only; the restrictions decide).
 * @attr max-image-edge - Photos (JPEG, PNG, WebP) with a longer edge are made smaller on the device before they upload (default: the SDK's `maxImageEdge`, 2560 px; `0` sends them as they are).
 * @attr capture - Adds a "Take Photo" button on touch devices that opens the camera (`capture="environment"`).
 * @attr keep-location - Photos made smaller keep their GPS position (their EXIF carried over); photos sent as they are keep or lose it by the server's `keepLocation` alone.
 * @attr data-theme - `light` or `dark` forces a theme.
 *
 * @fires {AkUploadAddEvent} ak-upload-add - Files were chosen, dropped or pasted. Cancelable.
 * @fires {AkUploadCompleteEvent} ak-upload-complete - A file is now an attachment of the record.
 * @fires {AkUploadRejectedEvent} ak-upload-rejected - A file was refused (restrictions, policy, server).
 * @fires {AkErrorEvent} ak-error - An upload failed in a way a retry may fix (network, server error).
 *
 * @csspart dropzone - The area that accepts dropped files.
 * @csspart button - The "Select Files to Attach" button.
 * @csspart take-photo - The "Take Photo" button (`capture`, touch devices).
 * @csspart hint - The drag-and-drop/paste hint.
 * @csspart files - The list of files in progress.
 * @csspart file - One file's entry.
 * @csspart progress - A file's progress bar.
 * @csspart file-error - A file's error or refusal sentence.
 * @csspart file-action - A file's cancel, pause, resume, retry or discard button.
 * @csspart storage-notice - Why the uploads will not survive a reload (the device's storage is full or denied).
 *
 * @cssprop --ak-uploader-dropzone-border - Border of the drop zone (default: dashed, border colour).
 * @cssprop --ak-uploader-dropzone-padding - Padding of the drop zone.
 * @cssprop --ak-color-drop-target - Background of the drop zone while files are dragged over it.
 *
 * @slot hint - Replaces the drag-and-drop/paste hint.
 */
@localized()
export class AkUploader extends AkElement {
  static override styles = [tokens, controls, styles];
  static formAssociated = true;

  @property({ attribute: 'record-type', reflect: true }) recordType = '';
  @property({ attribute: 'record-id', reflect: true }) recordId = '';
  @property({ reflect: true }) name = 'attachments';
  @property({ type: Boolean, reflect: true }) disabled = false;
  @property() accept = '';
  /** Long-edge limit in px for photos made smaller before upload; unset: the SDK's `maxImageEdge` (2560); 0: off. */
  @property({ attribute: 'max-image-edge', type: Number }) maxImageEdge?: number;
  @property({ attribute: 'keep-location', type: Boolean }) keepLocation = false;
  /** Offer "Take Photo" (the camera) on touch devices. */
  @property({ type: Boolean, reflect: true }) capture = false;

  @state() private log: { id: number; text: string }[] = [];
  @state() private ownIds: ReadonlySet<string> = new Set();

  @query('input[type=file]') private input?: HTMLInputElement;
  @query('button.select') private selectButton?: HTMLButtonElement;

  private readonly internals: ElementInternals;
  private readonly queue = new StoreController<UploadQueueState>(this);
  private readonly touch = new MediaQueryController(this, touchDevice);
  /** Paste and drag and drop of files. */
  private readonly drop = new FileDropController(this, { denial: () => this.denial(), addFiles: (files) => this.addFiles(files) });
  private unsubscribe: (() => void) | null = null;
  private logSequence = 0;
  private formDisabled = false;
  /** Files chosen before the AttachKit arrived (the provider was still connecting). */
  private waiting: File[] = [];
  /** Ids of the attachments created through this element, for the form value. */
  private created: string[] = [];

  constructor() {
    super();
    this.internals = this.attachInternals();
    // A row's buttons change with its status, by a press or by itself: the focus stays in the row.
    new RowFocusController(this, () => this.selectButton);
  }

  /** The record files are attached to, or null until both attributes are set. */
  get record(): RecordRef | null {
    return this.recordType && this.recordId ? { type: this.recordType, id: this.recordId } : null;
  }

  /** The ids of the attachments this uploader created (what the form submits). */
  get value(): readonly string[] {
    return [...this.created];
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** This element's queue entries, oldest first. */
  get uploads(): UploadItem[] {
    return (this.queue.value?.items ?? []).filter((i) => this.mine(i));
  }

  /** Files added here, and the uploads an earlier page left for this record. */
  private mine(item: UploadItem): boolean {
    return this.ownIds.has(item.id) || restoredFor(item, this.record);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watchQueue();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('kit')) {
      this.queue.bind(this.kit?.uploads ?? null);
      this.watchQueue();
      // Files chosen while the provider was still connecting go now.
      if (this.kit && this.waiting.length > 0) {
        const files = this.waiting;
        this.waiting = [];
        queueMicrotask(() => this.addFiles(files));
      }
    }
  }

  protected override updated(): void {
    const busy = this.uploads.some((i) => i.status === 'queued' || i.status === 'preparing' || i.status === 'uploading');
    if (busy) this.internals.setValidity({ customError: true }, msg('Wait until the uploads finish.'), this.selectButton);
    else this.internals.setValidity({});
  }

  /** Queues files for the record (what the button, drop and paste do). Returns the queue entries. */
  addFiles(files: Iterable<File>): UploadItem[] {
    const list = [...files];
    const kit = this.kit;
    const record = this.record;
    if (list.length === 0 || !record) return [];
    const denied = this.denial();
    if (!kit && !denied) {
      // A fresh page whose provider is still connecting: keep the files (and the user's press).
      this.waiting = [...this.waiting, ...list];
      this.say(msg('Connecting… the files will be attached as soon as the connection is ready.'));
      return [];
    }
    if (!kit) return [];
    if (denied) {
      this.say(denied);
      return [];
    }
    if (!this.dispatchEvent(new AkUploadAddEvent(record, list))) return [];
    const photos = {
      ...(this.maxImageEdge === undefined ? {} : { maxImageEdge: this.maxImageEdge }),
      ...(this.keepLocation ? { keepLocation: true } : {}),
    };
    const added = kit.uploads.add(record, list, photos);
    this.ownIds = new Set([...this.ownIds, ...added.map((i) => i.id)]);
    // Files refused on the spot were reported by the queue before their ids were known here.
    for (const item of added) if (item.status === 'rejected') this.noteStatus(item);
    const queued = added.filter((i) => i.status !== 'rejected').length;
    if (queued > 0) this.say(msg(str`Uploading ${formatNumber(queued)} of ${formatNumber(added.length)} files.`));
    return added;
  }

  /** Opens the browser's file picker. */
  openPicker(): void {
    if (this.denial()) return;
    this.input?.click();
  }

  formResetCallback(): void {
    this.created = [];
    this.internals.setFormValue(null);
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  // ------------------------------------------------------------------ state

  private watchQueue(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const uploads = this.kit?.uploads;
    if (!uploads || !this.isConnected) return;
    // The queue's per-item events: each status a file reaches is reported once, by the queue.
    const own = (listener: (item: UploadItem) => void) => (item: UploadItem) => {
      if (this.mine(item)) listener(item);
    };
    const stops = (['done', 'failed', 'rejected', 'cancelled'] as const).map((status) =>
      uploads.on(
        status,
        own((item) => this.noteStatus(item)),
      ),
    );
    stops.push(
      announceRestored(
        uploads,
        (item) => this.mine(item),
        (text) => this.uploads.length > 0 && this.say(text),
      ),
      announceNetwork(
        uploads,
        (item) => this.mine(item),
        (text) => this.say(text),
      ),
    );
    this.unsubscribe = () => stops.forEach((stop) => stop());
  }

  /** Announces what a file of this element reached, and fires its event. */
  private noteStatus(item: UploadItem): void {
    const record = item.record;
    switch (item.status) {
      case 'done':
        this.created = [...this.created, item.attachment.id];
        this.syncFormValue();
        this.say(msg(str`${item.name} attached (hidden from the Customer Portal).`));
        this.dispatchEvent(new AkUploadCompleteEvent(record, item.attachment));
        break;
      case 'rejected':
        this.say(rejectionText(item, this.reasonContext()));
        this.dispatchEvent(new AkUploadRejectedEvent(item.name, item.reason));
        break;
      case 'failed':
        this.say(msg(str`${item.name} could not be uploaded: ${errorText(item.error, this.reasonContext())}`));
        this.dispatchEvent(new AkErrorEvent('attachment.upload', item.error));
        break;
      case 'cancelled':
        this.say(msg(str`${item.name}: upload cancelled.`));
        break;
    }
  }

  private syncFormValue(): void {
    if (this.created.length === 0) {
      this.internals.setFormValue(null);
      return;
    }
    const data = new FormData();
    for (const id of this.created) data.append(this.name, id);
    this.internals.setFormValue(data);
  }

  private say(text: string): void {
    this.log = [...this.log.slice(-4), { id: ++this.logSequence, text }];
  }

  protected override reasonContext(): ReasonContext {
    return { ...super.reasonContext(), restrictions: this.kit?.restrictions };
  }

  /**
   * Why files cannot be added now, or null. A provider that is still connecting
   * is no reason: the button works at once (a keyboard user's Enter on a fresh
   * page opens the picker) and the chosen files wait for the connection.
   */
  private denial(): string | null {
    const kit = this.kit;
    if (!this.record) return msg('Attaching files is not available yet.');
    if (this.disabled || this.formDisabled) return msg('Attaching files is turned off here.');
    if (!kit) return null;
    const reason = kit.explain('attachment.upload').reasons[0];
    return reason ? reasonText(reason, this.reasonContext()) : null;
  }

  // ------------------------------------------------------------------ input

  private onPicked(e: Event): void {
    const input = e.target as HTMLInputElement;
    this.addFiles([...(input.files ?? [])]);
    input.value = '';
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    const denial = this.denial();
    const uploads = this.uploads;
    const finished = uploads.some((i) => i.status === 'done' || i.status === 'rejected' || i.status === 'cancelled');
    const why = `${this.uid}-why`;
    const hint = `${this.uid}-hint`;
    return html`
      <div class="dropzone ${this.drop.dragging ? 'dragging' : ''}" part="dropzone">
        <button
          type="button"
          class="select primary"
          part="button"
          aria-disabled=${denial ? 'true' : 'false'}
          aria-describedby=${denial ? `${why} ${hint}` : hint}
          @click=${() => (denial ? this.say(denial) : this.openPicker())}
        >
          ${msg('Select Files to Attach')}
        </button>
        <input type="file" multiple hidden tabindex="-1" accept=${this.accept || nothing} @change=${(e: Event) => this.onPicked(e)} />
        ${
          this.capture && this.touch.matches
            ? takePhoto({
                denial,
                describedBy: denial ? why : hint,
                say: (text) => this.say(text),
                onPicked: (e) => this.onPicked(e),
              })
            : nothing
        }
        <p class="hint" part="hint" id=${hint}>
          <slot name="hint">${this.drop.hint()}</slot>
        </p>
        ${denial ? html`<p class="why" id=${why}>${denial}</p>` : nothing}
      </div>
      ${
        uploads.length > 0
          ? html`<ul class="files" part="files" aria-label=${msg('Files being attached')}>
            ${uploads.map((item) => this.renderItem(item))}
          </ul>`
          : nothing
      }
      ${uploads.length > 0 ? storageNotice(this.queue.value?.notPersisted, (r) => reasonText(r, this.reasonContext())) : nothing}
      ${
        finished
          ? html`<button type="button" class="clear" @click=${() => this.clearFinished()}>${msg('Clear finished')}</button>`
          : nothing
      }
      <div class="visually-hidden" role="log" aria-live="polite" aria-relevant="additions">
        ${this.log.map((entry) => html`<p data-entry=${entry.id}>${entry.text}</p>`)}
      </div>
    `;
  }

  private renderItem(item: UploadItem): TemplateResult {
    const uploads = this.kit?.uploads;
    // The items come from the kit's own queue (bound in willUpdate), so an item without a kit cannot be rendered.
    if (!uploads) return html``;
    return uploadItem(item, { uploads, reasonContext: this.reasonContext(), reopen: (i, discard) => this.reopen(i, discard) });
  }

  /** Resume or Discard of an interrupted upload, keeping the focus in the list. */
  private reopen(item: UploadItem, discard: boolean): void {
    const uploads = this.kit?.uploads;
    if (uploads)
      void resumeOrDiscard(
        { root: this.renderRoot, updated: () => this.updateComplete, fallback: this.selectButton },
        uploads,
        item,
        discard,
        (t) => this.say(t),
      );
  }

  private clearFinished(): void {
    const uploads = this.kit?.uploads;
    if (!uploads) return;
    uploads.clearFinished();
    const remaining = new Set(uploads.getState().items.map((i) => i.id));
    this.ownIds = new Set([...this.ownIds].filter((id) => remaining.has(id)));
    this.selectButton?.focus();
  }
}
