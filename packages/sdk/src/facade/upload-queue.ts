import type { UploadInput } from '../backend/backend.js';
import { AttachKitError, isAbortError, type Reason } from '../errors.js';
import type { Attachment, RecordRef } from '../model/schemas.js';
import { explain } from '../policy/policy.js';
import { createStore, type ReadableStore } from '../store/store.js';
import { checkUpload, type UploadRestrictions } from '../upload/restrictions.js';
import type { FacadeContext } from './context.js';

interface UploadBase {
  /** Local id of this queue entry (not the attachment id). */
  id: string;
  record: RecordRef;
  name: string;
  size: number;
}

/** One file's state in the queue: a discriminated union on `status`. */
export type UploadItem = UploadBase &
  (
    | { status: 'queued' }
    | { status: 'uploading'; loaded: number; total: number }
    /** A failure that may succeed on retry (network, server error). */
    | { status: 'failed'; error: AttachKitError }
    /** Refused for a reason a retry cannot fix (restrictions, policy, content). */
    | { status: 'rejected'; reason: Reason }
    | { status: 'cancelled' }
    | { status: 'done'; attachment: Attachment }
  );

export type UploadStatus = UploadItem['status'];

export interface UploadQueueState {
  items: UploadItem[];
}

export interface UploadQueueOptions {
  concurrency: number;
  restrictions: UploadRestrictions;
  onDone(item: UploadItem & { status: 'done' }): void;
}

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
  private readonly context: FacadeContext;
  private readonly options: UploadQueueOptions;

  constructor(context: FacadeContext, options: UploadQueueOptions) {
    this.context = context;
    this.options = options;
  }

  getState = () => this.store.getState();
  subscribe: ReadableStore<UploadQueueState>['subscribe'] = (listener) => this.store.subscribe(listener);

  /** Queues files for a record and starts uploading; returns their queue entries. */
  add(record: RecordRef, sources: Iterable<UploadSource>): UploadItem[] {
    const added: UploadItem[] = [];
    const permission = explain(this.context.principal(), 'attachment.upload', undefined, this.context.policyContext());
    for (const source of sources) {
      const data = 'data' in source && source.data instanceof Blob ? source.data : (source as Blob);
      const base = { id: `upload-${++sequence}`, record: { type: record.type, id: record.id }, name: source.name, size: data.size };
      const reason = permission.reasons[0] ?? checkUpload(base, this.options.restrictions);
      const item: UploadItem = reason ? { ...base, status: 'rejected', reason } : { ...base, status: 'queued' };
      if (!reason) this.files.set(item.id, data);
      added.push(item);
    }
    this.store.setState((s) => ({ items: [...s.items, ...added] }));
    this.pump();
    return added;
  }

  /** Stops a queued or running upload; nothing is kept on the server. */
  cancel(id: string): void {
    const item = this.get(id);
    if (!item || (item.status !== 'queued' && item.status !== 'uploading')) return;
    this.running.get(id)?.abort();
    this.running.delete(id);
    this.set(id, { status: 'cancelled' });
    this.pump();
  }

  /** Queues a failed or cancelled upload again. */
  retry(id: string): void {
    const item = this.get(id);
    if (!item || (item.status !== 'failed' && item.status !== 'cancelled') || !this.files.has(id)) return;
    this.set(id, { status: 'queued' });
    this.pump();
  }

  /** Removes finished entries (done, rejected, cancelled); running ones stay. */
  clearFinished(): void {
    const finished = new Set<UploadStatus>(['done', 'rejected', 'cancelled']);
    const keep = this.getState().items.filter((i) => !finished.has(i.status));
    for (const item of this.getState().items) if (finished.has(item.status)) this.files.delete(item.id);
    this.store.setState({ items: keep });
  }

  /** Resolves once nothing is queued or uploading. */
  idle(): Promise<void> {
    const busy = () => this.getState().items.some((i) => i.status === 'queued' || i.status === 'uploading');
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

  private set(id: string, change: DistributiveOmit<UploadItem, keyof UploadBase>): void {
    this.store.setState((s) => ({
      items: s.items.map((i) => (i.id === id ? ({ id: i.id, record: i.record, name: i.name, size: i.size, ...change } as UploadItem) : i)),
    }));
  }

  private pump(): void {
    for (const item of this.getState().items) {
      if (this.running.size >= this.options.concurrency) return;
      if (item.status === 'queued') void this.run(item);
    }
  }

  private async run(item: UploadItem): Promise<void> {
    const controller = new AbortController();
    this.running.set(item.id, controller);
    this.set(item.id, { status: 'uploading', loaded: 0, total: item.size });
    const stillMine = () => this.running.get(item.id) === controller && !controller.signal.aborted;
    try {
      const attachment = await this.context.backend.uploadAttachment(
        item.record,
        { name: item.name, data: this.files.get(item.id)! },
        {
          signal: controller.signal,
          onProgress: ({ loaded, total }) => {
            if (stillMine()) this.set(item.id, { status: 'uploading', loaded, total });
          },
        },
      );
      if (!stillMine()) return;
      this.files.delete(item.id);
      this.set(item.id, { status: 'done', attachment });
      this.options.onDone(this.get(item.id) as UploadItem & { status: 'done' });
    } catch (error) {
      if (!stillMine() || isAbortError(error)) return;
      const failure = this.context.fail('attachment.upload', error);
      if (retryable(failure)) this.set(item.id, { status: 'failed', error: failure });
      else {
        this.files.delete(item.id);
        this.set(item.id, { status: 'rejected', reason: failure.reasons[0] ?? { code: failure.code, message: `${item.name}: ${failure.message}` } });
      }
    } finally {
      if (this.running.get(item.id) === controller) this.running.delete(item.id);
      this.pump();
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
