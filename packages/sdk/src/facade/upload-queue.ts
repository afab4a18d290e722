import type { UploadInput } from '../backend/backend.js';
import type { Reason } from '../errors.js';
import type { RecordRef } from '../model/schemas.js';
import { explain } from '../policy/policy.js';
import { createTypedEmitter } from '../store/emitter.js';
import { createStore, type ReadableStore } from '../store/store.js';
import type { PhotoOptions } from '../photos/photo-plan.js';
import { defaultMaxImageEdge } from '../photos/photo-support.js';
import { checkUpload, type UploadRestrictions } from '../upload/restrictions.js';
import type { FacadeContext } from './context.js';
import { UploadFiles } from './upload-files.js';
import type { UploadChange, UploadItem, UploadStatus } from './upload-item.js';
import { elsewhereItem, type UploadJournalOptions } from './upload-journal.js';
import type { PersistedUpload } from './upload-persistence.js';
import { UploadRunner } from './upload-runner.js';

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

let sequence = 0;

/** Still on its way: what `pause` stops, `idle` waits for and `dispose` hands to the next queue. */
const going = (item: UploadItem) => ['queued', 'preparing', 'uploading', 'waiting-for-network'].includes(item.status);

/**
 * Uploads files with bounded concurrency (default 3), per-file progress,
 * cancel and retry. Files refused by the restrictions or the policy never
 * leave the browser and are marked `rejected` with the reason.
 *
 * The queue holds the entries' state and its commands; `UploadRunner` sends
 * them, `UploadFiles` keeps their bytes and resume data (and, with
 * persistence, mirrors them to the device).
 */
export class UploadQueue implements ReadableStore<UploadQueueState> {
  private readonly store = createStore<UploadQueueState>({ items: [] });
  private readonly context: FacadeContext;
  private readonly options: UploadQueueOptions;
  private readonly files: UploadFiles;
  private readonly runner: UploadRunner;
  private restoring?: Promise<UploadItem[]>;

  constructor(context: FacadeContext, options: UploadQueueOptions) {
    this.context = context;
    this.options = options;
    const onProblem = (notPersisted: Reason | null) =>
      this.store.setState((s) => (notPersisted ? { ...s, notPersisted } : { items: s.items }));
    this.files = new UploadFiles(options.persistence, onProblem);
    this.runner = new UploadRunner(
      {
        context,
        files: this.files,
        items: () => this.getState().items,
        get: (id) => this.get(id),
        set: (id, change, size) => this.set(id, change, size),
        onDone: (item) => options.onDone(item),
      },
      options,
    );
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
      if (!reason) this.files.added(item, data, photos);
      added.push(item);
    }
    this.insert(added);
    this.runner.pump();
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
      const restored = await this.files.restore(
        () => `upload-${++sequence}`,
        (id, entry) => this.claimed(id, entry),
      );
      const items = restored.map(({ id, entry, elsewhere }) => (elsewhere ? elsewhereItem(id, entry) : this.files.adopt(id, entry)));
      this.insert(items);
      return items;
    })();
    return this.restoring;
  }

  /** The tab that had an `in-another-tab` entry let go: it is this tab's now (interrupted), or gone (finished there). */
  private claimed(id: string, entry: PersistedUpload | null): void {
    if (this.get(id)?.status !== 'in-another-tab') return;
    if (!entry) {
      this.store.setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
      return;
    }
    const { status, loaded, total, interrupted } = this.files.adopt(id, entry);
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
    if (this.runner.disposed) return [];
    const { items } = this.getState();
    const keys = items.filter(going).flatMap((i) => this.files.keyOf(i.id) ?? []);
    this.runner.dispose();
    await this.files.dispose();
    return keys;
  }

  /** Resumes the restored, interrupted uploads of these entry keys (what `dispose()` of the queue before answered). */
  resumeRestored(keys: Iterable<string>): void {
    const wanted = new Set(keys);
    for (const item of this.getState().items) {
      const key = this.files.keyOf(item.id);
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
    this.runner.stop(id);
    const url = this.files.resumeUrl(id);
    this.files.dropUrl(id);
    this.files.forget(id);
    this.runner.resetBackoff(id);
    this.store.setState((s) => ({ ...s, items: s.items.filter((i) => i.id !== id) }));
    this.runner.pump();
    const terminate =
      url && this.context.backend.discardResumableUpload?.(url).catch((error: unknown) => void this.context.fail('upload.discard', error));
    await Promise.all([this.files.unpersist(id), terminate]);
  }

  /** Resolves once everything the queue wrote to the device so far is written. */
  async flushPersistence(): Promise<void> {
    await this.files.flushed();
  }

  /** Removes this user's persisted uploads from the device (a sign-out on a shared device); the queue itself is unchanged. */
  async clearPersisted(): Promise<void> {
    await this.files.clear();
  }

  /** Stops a queued, preparing, running, paused or waiting upload; nothing becomes an attachment (a resumable upload's bytes expire on the server). */
  cancel(id: string): void {
    const item = this.get(id);
    if (!item || !(going(item) || item.status === 'paused')) return;
    this.runner.stop(id);
    this.files.dropUrl(id);
    this.set(id, { status: 'cancelled' });
    this.runner.pump();
  }

  /** Pauses a queued, running or waiting upload, keeping its progress; `resume(id)` goes on from the server's offset. */
  pause(id: string): void {
    const item = this.get(id);
    if (!item || !going(item)) return;
    this.runner.stop(id);
    this.set(id, { status: 'paused', ...this.files.kept(item) });
    this.runner.pump();
  }

  /** Goes on with a paused upload, or a waiting one at once. */
  resume(id: string): void {
    const item = this.get(id);
    if (!item || (item.status !== 'paused' && item.status !== 'waiting-for-network')) return;
    this.runner.stop(id);
    this.set(id, { status: 'queued' });
    this.runner.pump();
  }

  /** Queues a failed or cancelled upload again. */
  retry(id: string): void {
    const item = this.get(id);
    if (!item || (item.status !== 'failed' && item.status !== 'cancelled') || !this.files.blob(id)) return;
    this.runner.resetBackoff(id);
    if (item.status === 'cancelled') this.files.requeued(item);
    this.set(id, { status: 'queued' });
    this.runner.pump();
  }

  /** Removes finished entries (done, rejected, cancelled); running ones stay. */
  clearFinished(): void {
    const finished = new Set<UploadStatus>(['done', 'rejected', 'cancelled']);
    const keep = this.getState().items.filter((i) => !finished.has(i.status));
    for (const item of this.getState().items) if (finished.has(item.status)) this.files.forget(item.id);
    this.store.setState((s) => ({ ...s, items: keep }));
  }

  /** Resolves once nothing is queued or uploading. */
  idle(): Promise<void> {
    const busy = () => this.getState().items.some(going);
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

  private set(id: string, change: UploadChange, size?: number): void {
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
    if ('loaded' in next) this.files.setLoaded(id, next.loaded);
    this.store.setState((s) => ({ ...s, items: s.items.map((i) => (i.id === id ? next : i)) }));
    this.files.changed(next);
    if (next.status !== before.status) this.emit(next.status, next);
    else if (next.status === 'uploading' && before.status === 'uploading' && next.loaded !== before.loaded) this.emit('progress', next);
  }
}
