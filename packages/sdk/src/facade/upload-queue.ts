import type { UploadInput } from '../backend/backend.js';
import { AttachKitError, isAbortError, type Reason } from '../errors.js';
import type { RecordRef } from '../model/schemas.js';
import { explain } from '../policy/policy.js';
import { createTypedEmitter } from '../store/emitter.js';
import { createStore, type ReadableStore } from '../store/store.js';
import type { PhotoOptions } from '../photos/photo-plan.js';
import { defaultMaxImageEdge, photoStep } from '../photos/photo-support.js';
import { checkUpload, type UploadRestrictions } from '../upload/restrictions.js';
import type { FacadeContext } from './context.js';
import type { UploadBase, UploadItem, UploadStatus } from './upload-item.js';
import { elsewhereItem, interruptedItem, UploadJournal, type InterruptedItem, type UploadJournalOptions } from './upload-journal.js';
import type { PersistedUpload } from './upload-persistence.js';
import { UploadNetworkWaits } from './upload-network-waits.js';
import { isOffline, onNetworkEvent } from '../backend/network-status.js';

export type { UploadItem, UploadStatus } from './upload-item.js';

export interface UploadQueueState {
  items: UploadItem[];
  /** Why uploads in progress will not survive a reload (the device's storage is full or denied); they still go on. */
  notPersisted?: Reason;
}

/**
 * Per-item events of the queue: `added` for every new entry, then one event
 * per status an entry reaches (`queued`, `preparing`, `uploading`, `paused`,
 * `waiting-for-network`, `done`, `failed`, `rejected`, `cancelled`), and
 * `progress` while it uploads. An element that reacts to what happens to its
 * own files listens to these instead of comparing whole states.
 */
export type UploadQueueEventMap = { added: UploadItem; progress: Extract<UploadItem, { status: 'uploading' }> } & {
  [S in UploadStatus]: Extract<UploadItem, { status: S }>;
};

export interface UploadQueueOptions {
  concurrency: number;
  restrictions: UploadRestrictions;
  /** Waits before retrying an upload the network interrupted, in ms (default 1 s, 4 s, 10 s); then it fails. */
  retryDelays?: number[];
  /** Photos made smaller before they upload (docs/photos.md); default `{ maxImageEdge: 2560, keepLocation: false }`. */
  photos?: PhotoOptions;
  /** Keeps queued files on the device so they survive a reload (`restore()`); see docs/uploads.md. */
  persistence?: Omit<UploadJournalOptions, 'onProblem'>;
  onDone(item: UploadItem & { status: 'done' }): void;
}

/** Per call of `add`: overrides the queue's photo options (what `<ak-uploader max-image-edge keep-location>` passes). */
export type UploadAddOptions = Partial<PhotoOptions>;

/** A file as the host gives it: a browser `File`, or `{ name, data }`. */
export type UploadSource = UploadInput | (Blob & { name: string });

const retryable = (error: AttachKitError) => error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;

let sequence = 0;

/**
 * Uploads files with bounded concurrency (default 3), per-file progress,
 * cancel and retry. Files refused by the restrictions or the policy never
 * leave the browser and are marked `rejected` with the reason.
 */
export class UploadQueue implements ReadableStore<UploadQueueState> {
  private readonly store = createStore<UploadQueueState>({ items: [] });
  private readonly files = new Map<string, Blob>();
  private readonly running = new Map<string, AbortController>();
  /** tus upload URLs, so a paused or interrupted upload resumes instead of starting again. */
  private readonly resumeUrls = new Map<string, string>();
  /** Bytes sent so far per entry, kept through pauses, waits and the queue. */
  private readonly progress = new Map<string, number>();
  private readonly waits: UploadNetworkWaits;
  /** Photo options of entries not yet prepared. */
  private readonly photos = new Map<string, PhotoOptions>();
  private readonly context: FacadeContext;
  private readonly options: UploadQueueOptions;
  private readonly journal: UploadJournal | null;
  private restoring?: Promise<UploadItem[]>;
  private disposed = false;

  constructor(context: FacadeContext, options: UploadQueueOptions) {
    this.context = context;
    this.options = options;
    const onProblem = (notPersisted: Reason | null) =>
      this.store.setState((s) => (notPersisted ? { ...s, notPersisted } : { items: s.items }));
    this.journal = options.persistence ? new UploadJournal({ ...options.persistence, onProblem }) : null;
    this.waits = new UploadNetworkWaits(options.retryDelays);
  }

  getState = () => this.store.getState();
  subscribe: ReadableStore<UploadQueueState>['subscribe'] = (listener) => this.store.subscribe(listener);

  private readonly events = createTypedEmitter<UploadQueueEventMap>();

  /** Listens to one per-item event; returns the function that stops listening. */
  on<K extends keyof UploadQueueEventMap>(name: K, listener: (item: UploadQueueEventMap[K]) => void): () => void {
    return this.events.on(name, listener);
  }

  private emit(name: keyof UploadQueueEventMap, item: UploadItem): void {
    this.events.emit(name, item);
  }

  /** Queues files for a record and starts uploading; returns their queue entries. */
  add(record: RecordRef, sources: Iterable<UploadSource>, options: UploadAddOptions = {}): UploadItem[] {
    const defaults = this.options.photos ?? { maxImageEdge: defaultMaxImageEdge, keepLocation: false };
    const photos = {
      maxImageEdge: options.maxImageEdge ?? defaults.maxImageEdge,
      keepLocation: options.keepLocation ?? defaults.keepLocation,
    };
    const added: UploadItem[] = [];
    const permission = explain(this.context.principal(), 'attachment.upload', undefined, this.context.policyContext());
    for (const source of sources) {
      const data = 'data' in source && source.data instanceof Blob ? source.data : (source as Blob);
      const base = { id: `upload-${++sequence}`, record: { type: record.type, id: record.id }, name: source.name, size: data.size };
      const reason = permission.reasons[0] ?? checkUpload(base, this.options.restrictions);
      const item: UploadItem = reason ? { ...base, status: 'rejected', reason } : { ...base, status: 'queued' };
      if (!reason) this.files.set(item.id, data);
      if (!reason) this.photos.set(item.id, photos);
      if (!reason) this.journal?.added(item, data, photos);
      added.push(item);
    }
    this.insert(added);
    this.pump();
    return added;
  }

  private insert(added: UploadItem[]): void {
    this.store.setState((s) => ({ ...s, items: [...s.items, ...added] }));
    for (const item of added) {
      this.emit('added', item);
      this.emit(item.status, item);
    }
  }

  /**
   * Brings back this user's uploads from an earlier page, once (later calls
   * answer the same promise): each is `paused` with `interrupted` and
   * `restored`, for `resume(id)` (from the server's offset) or `discard(id)`;
   * one another tab of this browser has is `in-another-tab` until that tab
   * closes. Without persistence it resolves to `[]`. `connectAttachKit` calls it.
   */
  restore(): Promise<UploadItem[]> {
    this.restoring ??= (async () => {
      const restored =
        (await this.journal?.restore(
          () => `upload-${++sequence}`,
          (id, entry) => this.claimed(id, entry),
        )) ?? [];
      const items = restored.map(({ id, entry, elsewhere }) => (elsewhere ? elsewhereItem(id, entry) : this.adopt(id, entry)));
      this.insert(items);
      return items;
    })();
    return this.restoring;
  }

  /** Takes a persisted entry's bytes and upload URL for queue id `id`; answers its interrupted item. */
  private adopt(id: string, entry: PersistedUpload): InterruptedItem {
    this.files.set(id, entry.data);
    if (entry.photos) this.photos.set(id, entry.photos);
    if (entry.url) this.resumeUrls.set(id, entry.url);
    const item = interruptedItem(id, entry);
    this.progress.set(id, item.loaded);
    return item;
  }

  /** The tab that had an `in-another-tab` entry let go: it is this tab's now (interrupted), or gone (finished there). */
  private claimed(id: string, entry: PersistedUpload | null): void {
    if (this.get(id)?.status !== 'in-another-tab') return;
    if (!entry) {
      this.store.setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
      return;
    }
    const { status, loaded, total, interrupted } = this.adopt(id, entry);
    this.set(id, { status, loaded, total, interrupted });
  }

  /**
   * Stops this queue for good (its AttachKit is replaced: `<ak-provider>`
   * reconnects, or is removed): running uploads are aborted and nothing
   * starts again, but their entries stay on the device for the next queue's
   * `restore()`. Resolves, once every write is done and this tab's claims
   * are released, with the entry keys of the uploads that were going, for
   * the next queue's `resumeRestored(keys)`.
   */
  async dispose(): Promise<string[]> {
    if (this.disposed) return [];
    const going = this.getState().items.filter((i) => ['queued', 'preparing', 'uploading', 'waiting-for-network'].includes(i.status));
    const keys = going.flatMap((i) => this.journal?.keyOf(i.id) ?? []);
    this.disposed = true;
    for (const item of this.getState().items) this.stop(item.id);
    await this.journal?.dispose();
    return keys;
  }

  /** Resumes the restored, interrupted uploads of these entry keys (what `dispose()` of the queue before answered). */
  resumeRestored(keys: Iterable<string>): void {
    const wanted = new Set(keys);
    for (const item of this.getState().items) {
      const key = this.journal?.keyOf(item.id);
      if (item.status === 'paused' && item.interrupted && key && wanted.has(key)) this.resume(item.id);
    }
  }

  /**
   * Drops an upload for good: stops it, removes it from the queue and its
   * bytes from the device and, once the server holds some (tus), from the
   * server (DELETE). Resolves when both are gone.
   */
  async discard(id: string): Promise<void> {
    const item = this.get(id);
    // Another tab's (it may be uploading it): not this tab's to drop.
    if (!item || item.status === 'done' || item.status === 'in-another-tab') return;
    this.stop(id);
    const url = this.resumeUrls.get(id);
    this.resumeUrls.delete(id);
    this.forget(id);
    this.waits.reset(id);
    this.store.setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
    this.pump();
    const terminate =
      url && this.context.backend.discardResumableUpload?.(url).catch((error: unknown) => void this.context.fail('upload.discard', error));
    await Promise.all([this.journal?.forget(id), terminate]);
  }

  /** Resolves once everything the queue wrote to the device so far is written. */
  async flushPersistence(): Promise<void> {
    await this.journal?.flushed();
  }

  /** Removes this user's persisted uploads from the device (a sign-out on a shared device); the queue itself is unchanged. */
  async clearPersisted(): Promise<void> {
    await this.journal?.clear();
  }

  /** Stops a queued, preparing, running, paused or waiting upload; nothing becomes an attachment (a resumable upload's bytes expire on the server). */
  cancel(id: string): void {
    const item = this.get(id);
    if (!item || !['queued', 'preparing', 'uploading', 'paused', 'waiting-for-network'].includes(item.status)) return;
    this.stop(id);
    this.resumeUrls.delete(id);
    this.set(id, { status: 'cancelled' });
    this.pump();
  }

  /** Pauses a queued, running or waiting upload, keeping its progress; `resume(id)` goes on from the server's offset. */
  pause(id: string): void {
    const item = this.get(id);
    if (!item || !['queued', 'preparing', 'uploading', 'waiting-for-network'].includes(item.status)) return;
    this.stop(id);
    this.set(id, { status: 'paused', ...this.kept(item) });
    this.pump();
  }

  /** Goes on with a paused upload, or a waiting one at once. */
  resume(id: string): void {
    const item = this.get(id);
    if (!item || (item.status !== 'paused' && item.status !== 'waiting-for-network')) return;
    this.stop(id);
    this.set(id, { status: 'queued' });
    this.pump();
  }

  private stop(id: string): void {
    this.running.get(id)?.abort();
    this.running.delete(id);
    this.waits.cancel(id);
  }

  /** The progress an entry keeps while it does not upload. */
  private kept(item: UploadItem): { loaded: number; total: number } {
    const total = 'total' in item ? item.total : item.size;
    return { loaded: Math.min(this.progress.get(item.id) ?? 0, total), total };
  }

  /** Queues a failed or cancelled upload again. */
  retry(id: string): void {
    const item = this.get(id);
    const file = this.files.get(id);
    if (!item || (item.status !== 'failed' && item.status !== 'cancelled') || !file) return;
    this.waits.reset(id);
    if (item.status === 'cancelled') this.journal?.added(item, file, this.photos.get(id));
    this.set(id, { status: 'queued' });
    this.pump();
  }

  /** Removes finished entries (done, rejected, cancelled); running ones stay. */
  clearFinished(): void {
    const finished = new Set<UploadStatus>(['done', 'rejected', 'cancelled']);
    const keep = this.getState().items.filter((i) => !finished.has(i.status));
    for (const item of this.getState().items) if (finished.has(item.status)) this.forget(item.id);
    this.store.setState((s) => ({ ...s, items: keep }));
  }

  /** Resolves once nothing is queued or uploading. */
  idle(): Promise<void> {
    const busy = () => this.getState().items.some((i) => ['queued', 'preparing', 'uploading', 'waiting-for-network'].includes(i.status));
    if (!busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.subscribe(() => {
        if (!busy()) {
          stop();
          resolve();
        }
      });
    });
  }

  private get(id: string): UploadItem | undefined {
    return this.getState().items.find((i) => i.id === id);
  }

  private forget(id: string): void {
    this.files.delete(id);
    this.photos.delete(id);
    this.progress.delete(id);
  }

  private set(id: string, change: DistributiveOmit<UploadItem, keyof UploadBase>, size?: number): void {
    const before = this.get(id);
    if (!before) return;
    const base = {
      id: before.id,
      record: before.record,
      name: before.name,
      size: size ?? before.size,
      ...(before.restored ? { restored: true } : {}),
    };
    const next = { ...base, ...change };
    if ('loaded' in next) this.progress.set(id, next.loaded);
    this.store.setState((s) => ({ ...s, items: s.items.map((i) => (i.id === id ? next : i)) }));
    this.journal?.changed(next);
    if (next.status !== before.status) this.emit(next.status, next);
    else if (next.status === 'uploading' && before.status === 'uploading' && next.loaded !== before.loaded) this.emit('progress', next);
  }

  private pump(): void {
    if (this.disposed) return;
    for (const item of this.getState().items) {
      if (this.running.size >= this.options.concurrency) return;
      if (item.status === 'queued') void this.run(item);
    }
  }

  /**
   * After a network failure, or when the browser goes offline: the entry
   * waits (`waiting-for-network`, progress kept) for the `online` event when
   * offline, else for the next backoff delay, then is queued again (it
   * resumes from the server's offset). False once the delays are used up.
   */
  private waitForNetwork(id: string): boolean {
    const item = this.get(id);
    const again = () => {
      if (this.get(id)?.status === 'waiting-for-network') this.set(id, { status: 'queued' });
      this.pump();
    };
    if (!item || !this.waits.schedule(id, again)) return false;
    this.set(id, { status: 'waiting-for-network', ...this.kept(item) });
    return true;
  }

  /** The browser went offline while this entry uploads: its request stops now (tus keeps the bytes sent) and it waits. */
  private wentOffline(id: string, controller: AbortController): void {
    if (this.running.get(id) !== controller) return;
    this.running.delete(id);
    controller.abort();
    this.waitForNetwork(id);
  }

  private async run(item: UploadItem): Promise<void> {
    let file = this.files.get(item.id);
    if (!file) return; // forgotten (discarded) before its turn
    const controller = new AbortController();
    this.running.set(item.id, controller);
    const stillMine = () => this.running.get(item.id) === controller && !controller.signal.aborted;
    try {
      // A big photo is made smaller first (once); progress then counts the bytes actually sent.
      const photos = this.photos.get(item.id);
      const prepare = photos && photoStep(file, item.name, photos);
      if (prepare) {
        this.set(item.id, { status: 'preparing' });
        const ready = await prepare(controller.signal);
        if (!stillMine()) return;
        this.files.set(item.id, ready);
        file = ready;
        this.photos.delete(item.id);
        this.journal?.prepared(item.id, ready);
      }
      if (isOffline()) {
        this.running.delete(item.id);
        this.waitForNetwork(item.id);
        return;
      }
      const size = file.size;
      if (prepare) this.progress.set(item.id, 0);
      this.set(item.id, { status: 'uploading', loaded: this.progress.get(item.id) ?? 0, total: size }, size);
      const stopOffline = onNetworkEvent('offline', () => this.wentOffline(item.id, controller));
      const attachment = await this.context.backend
        .uploadAttachment(
          item.record,
          { name: item.name, data: file },
          {
            signal: controller.signal,
            resumable: {
              url: this.resumeUrls.get(item.id),
              onUrl: (url) => {
                this.resumeUrls.set(item.id, url);
                this.journal?.url(item.id, url);
              },
            },
            onProgress: ({ loaded, total }) => {
              if (stillMine()) this.set(item.id, { status: 'uploading', loaded, total });
            },
          },
        )
        .finally(stopOffline);
      if (!stillMine()) return;
      this.forget(item.id);
      this.resumeUrls.delete(item.id);
      this.waits.reset(item.id);
      this.set(item.id, { status: 'done', attachment });
      this.options.onDone(this.get(item.id) as UploadItem & { status: 'done' });
    } catch (error) {
      if (!stillMine() || isAbortError(error)) return;
      const failure = this.context.fail('attachment.upload', error);
      if (failure.status === 0 && this.waitForNetwork(item.id)) return;
      if (retryable(failure)) this.set(item.id, { status: 'failed', error: failure });
      else {
        this.forget(item.id);
        this.set(item.id, {
          status: 'rejected',
          reason: failure.reasons[0] ?? { code: failure.code, message: `${item.name}: ${failure.message}` },
        });
      }
    } finally {
      if (this.running.get(item.id) === controller) this.running.delete(item.id);
      this.pump();
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
