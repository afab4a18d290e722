import type { Reason } from '../errors.js';
import type { PhotoOptions } from '../photos/photo-plan.js';
import { UploadClaims, webLocks, type UploadLocks } from './upload-claims.js';
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
  /** Claims on entries across this browser's tabs: default `navigator.locks` where there is one; `null`: none (every tab has every entry). */
  locks?: UploadLocks | null;
}

/**
 * A restored entry with the queue id it gets in this page. `elsewhere`:
 * another tab of this browser has it (restored or running); this tab gets it
 * once that tab lets go or closes (`onClaimed` of `restore`).
 */
export interface RestoredUpload {
  id: string;
  entry: PersistedUpload;
  elsewhere?: true;
}

export type InterruptedItem = Extract<UploadItem, { status: 'paused' }>;

/** A restored entry as the queue shows it: paused and interrupted, from the progress last kept. */
export function interruptedItem(id: string, entry: PersistedUpload): InterruptedItem {
  const { record, name, size } = entry;
  const loaded = Math.min(Math.max(0, entry.loaded), size);
  return { id, record, name, size, restored: true, status: 'paused', loaded, total: size, interrupted: true };
}

/** A restored entry another tab has. */
export function elsewhereItem(id: string, entry: PersistedUpload): UploadItem {
  return { id, record: entry.record, name: entry.name, size: entry.size, restored: true, status: 'in-another-tab' };
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
  private readonly claims: UploadClaims;
  private disposed = false;

  constructor(options: UploadJournalOptions) {
    this.options = options;
    this.claims = new UploadClaims(options.locks === undefined ? webLocks() : (options.locks ?? undefined), options.scope);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Runs `write` after the writes before it; resolves when it is done (failures are reported, not thrown). */
  private write(write: () => Promise<void>, onFailure?: () => void): Promise<void> {
    if (this.disposed) return this.chain;
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
        // Claimed before it is on the device: no other tab ever lists it unclaimed.
        await this.claims.take(key);
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
    // Let go once it is gone from the device: a tab that claims it next finds it gone, never done again.
    return this.write(() => persistence.remove(scope, key)).then(() => this.claims.release(key));
  }

  /** The persisted entry's key of a queue id (what `UploadQueue.dispose` hands to the next queue). */
  keyOf(id: string): string | undefined {
    return this.keys.get(id);
  }

  /**
   * This queue is done with the device (its AttachKit is replaced): waits
   * for the writes so far, then writes nothing more and lets go of every
   * claim, so the next queue (or another tab) restores the entries.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.chain;
    this.claims.stop();
  }

  private update(id: string, patch: PersistedUploadPatch): void {
    const key = this.keys.get(id);
    if (!key) return;
    const { persistence, scope } = this.options;
    void this.write(() => persistence.update(scope, key, patch));
  }

  /**
   * This user's entries from an earlier page, oldest first, each with a new
   * queue id from `nextId`; entries past `maxAgeMs` are removed instead. An
   * entry another tab holds comes back `elsewhere`; once that tab lets go
   * (or closes) `onClaimed` hears the entry as it is then, or null when the
   * other tab finished or discarded it.
   */
  async restore(
    nextId: () => string,
    onClaimed: (id: string, entry: PersistedUpload | null) => void = () => {},
  ): Promise<RestoredUpload[]> {
    const maxAge = this.options.maxAgeMs ?? 7 * 24 * 60 * 60 * 1000;
    const listed = await this.list();
    if (!listed) return [];
    const entries: PersistedUpload[] = [];
    for (const entry of listed.sort((a, b) => a.createdAt - b.createdAt)) {
      if (this.now() - entry.createdAt <= maxAge) entries.push(entry);
      else void this.write(() => this.options.persistence.remove(this.options.scope, entry.key));
    }
    const mine = await Promise.all(entries.map((entry) => this.claims.take(entry.key)));
    // What another tab changed (its upload URL, prepared bytes) or finished before it let go: read again.
    const now = this.claims.enabled && mine.some(Boolean) ? await this.list() : listed;
    const restored: RestoredUpload[] = [];
    entries.forEach((entry, index) => {
      const current = now?.find((e) => e.key === entry.key);
      if (mine[index] && !current) return this.claims.release(entry.key);
      const id = nextId();
      if (mine[index] && current) {
        this.keys.set(id, entry.key);
        restored.push({ id, entry: current });
        return;
      }
      restored.push({ id, entry, elsewhere: true });
      this.pickUp(id, entry.key, onClaimed);
    });
    return restored;
  }

  /** This user's valid entries on the device, or null when the store failed (reported). */
  private async list(): Promise<PersistedUpload[] | null> {
    const { persistence, scope } = this.options;
    try {
      // Never trust what is on the device more than needed: the scope must be ours, the bytes a Blob.
      return (await persistence.list(scope)).filter((entry) => entry.scope === scope && entry.data instanceof Blob);
    } catch (error) {
      this.options.onProblem(notPersistedReason(error));
      return null;
    }
  }

  /** Waits for the tab holding `key` to let go, then reads the entry again for `onClaimed`. */
  private pickUp(id: string, key: string, onClaimed: (id: string, entry: PersistedUpload | null) => void): void {
    this.claims.waitFor(key).then(
      async () => {
        const entry = (await this.list())?.find((e) => e.key === key);
        if (this.disposed) return;
        if (entry) this.keys.set(id, key);
        else this.claims.release(key);
        onClaimed(id, entry ?? null);
      },
      // Stopped (the queue was disposed) before the other tab let go.
      () => undefined,
    );
  }

  /** Resolves once every write so far is done (tests, and a host about to sign out). */
  flushed(): Promise<void> {
    return this.chain;
  }

  /** Removes every entry of this user on this server (a sign-out on a shared device). */
  clear(): Promise<void> {
    const keys = [...this.keys.values()];
    this.keys.clear();
    const { persistence, scope } = this.options;
    return this.write(() => persistence.clear(scope)).then(() => keys.forEach((key) => this.claims.release(key)));
  }
}
