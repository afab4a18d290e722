import type { Reason } from '../errors.js';
import type { PhotoOptions } from '../photos/photo-plan.js';
import type { UploadBase, UploadItem } from './upload-item.js';
import { notPersistedReason, type PersistedUpload, type PersistedUploadPatch, type UploadPersistence } from './upload-persistence.js';

export interface UploadJournalOptions {
  persistence: UploadPersistence;
  /** Whose uploads (`uploadPersistenceScope(server, principal)`). */
  scope: string;
  /** Entries older than this are dropped on restore, in ms (default 7 days). */
  maxAgeMs?: number;
  /** Hears why uploads will not survive a reload (storage full or denied), or null once one was kept again. */
  onProblem(reason: Reason | null): void;
  now?: () => number;
}

/** A restored entry with the queue id it gets in this page. */
export interface RestoredUpload {
  id: string;
  entry: PersistedUpload;
}

const terminal = new Set<UploadItem['status']>(['done', 'rejected', 'cancelled']);
const randomKey = () =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/**
 * Mirrors the upload queue into an `UploadPersistence`: an entry when a file is
 * queued (bytes, record, name, size, type), its tus URL once the server made
 * it, its progress now and then, and no entry once the file is done,
 * rejected, cancelled or discarded. Writes run one after the other, so a
 * removal never overtakes the write it undoes. A failed write is reported
 * (`onProblem`), never thrown: the upload goes on without persistence.
 */
export class UploadJournal {
  private readonly keys = new Map<string, string>();
  private readonly lastProgress = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private readonly options: UploadJournalOptions;

  constructor(options: UploadJournalOptions) {
    this.options = options;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Runs `write` after the writes before it; resolves when it is done (failures are reported, not thrown). */
  private write(write: () => Promise<void>, onFailure?: () => void): Promise<void> {
    const step = this.chain.then(write).then(
      () => undefined,
      (error: unknown) => {
        onFailure?.();
        this.options.onProblem(notPersistedReason(error));
      },
    );
    this.chain = step;
    return step;
  }

  /** A file was queued: keep it. */
  added(item: UploadBase, data: Blob, photos?: PhotoOptions): void {
    const key = randomKey();
    this.keys.set(item.id, key);
    const { persistence, scope } = this.options;
    const entry: PersistedUpload = {
      key,
      scope,
      record: { ...item.record },
      name: item.name,
      size: item.size,
      type: data.type,
      data,
      loaded: 0,
      createdAt: this.now(),
      ...(photos ? { photos } : {}),
    };
    void this.write(
      async () => {
        await persistence.put(entry);
        this.options.onProblem(null);
      },
      () => {
        // Not kept: nothing to update or remove later.
        if (this.keys.get(item.id) === key) this.keys.delete(item.id);
      },
    );
  }

  /**
   * The file was prepared (a photo made smaller, its position removed): keep
   * those bytes instead, so a reload resumes the very bytes the server's
   * upload was created for, and never the original photo.
   */
  prepared(id: string, data: Blob): void {
    this.update(id, { data, size: data.size, type: data.type, photos: undefined });
  }

  /** The server created the upload: keep its URL so a reload resumes it. */
  url(id: string, url: string): void {
    this.update(id, { url });
  }

  /** The queue changed an item: its progress (now and then), or its end. */
  changed(item: UploadItem): void {
    if (terminal.has(item.status)) return void this.forget(item.id);
    if (!('loaded' in item)) return;
    const last = this.lastProgress.get(item.id) ?? 0;
    // Progress is only shown until HEAD tells the real offset: a write a second is plenty.
    if (item.status === 'uploading' && this.now() - last < 1000) return;
    this.lastProgress.set(item.id, this.now());
    this.update(item.id, { loaded: item.loaded });
  }

  /** Removes the item's entry (done, rejected, cancelled, discarded). Resolves once it is gone. */
  forget(id: string): Promise<void> {
    const key = this.keys.get(id);
    this.keys.delete(id);
    this.lastProgress.delete(id);
    if (!key) return this.chain;
    const { persistence, scope } = this.options;
    return this.write(() => persistence.remove(scope, key));
  }

  private update(id: string, patch: PersistedUploadPatch): void {
    const key = this.keys.get(id);
    if (!key) return;
    const { persistence, scope } = this.options;
    void this.write(() => persistence.update(scope, key, patch));
  }

  /**
   * This user's entries from an earlier page, oldest first, each with a new
   * queue id from `nextId`; entries past `maxAgeMs` are removed instead.
   */
  async restore(nextId: () => string): Promise<RestoredUpload[]> {
    const { persistence, scope } = this.options;
    const maxAge = this.options.maxAgeMs ?? 7 * 24 * 60 * 60 * 1000;
    let entries: PersistedUpload[];
    try {
      entries = await persistence.list(scope);
    } catch (error) {
      this.options.onProblem(notPersistedReason(error));
      return [];
    }
    const restored: RestoredUpload[] = [];
    for (const entry of entries.sort((a, b) => a.createdAt - b.createdAt)) {
      // Never trust what is on the device more than needed: the scope must be ours, the bytes a Blob.
      if (entry.scope !== scope || !(entry.data instanceof Blob)) continue;
      if (this.now() - entry.createdAt > maxAge) {
        void this.write(() => persistence.remove(scope, entry.key));
        continue;
      }
      const id = nextId();
      this.keys.set(id, entry.key);
      restored.push({ id, entry });
    }
    return restored;
  }

  /** Resolves once every write so far is done (tests, and a host about to sign out). */
  flushed(): Promise<void> {
    return this.chain;
  }

  /** Removes every entry of this user on this server (a sign-out on a shared device). */
  clear(): Promise<void> {
    this.keys.clear();
    const { persistence, scope } = this.options;
    return this.write(() => persistence.clear(scope));
  }
}
