import type { PhotoOptions } from '../photos/photo-plan.js';
import type { UploadBase, UploadItem } from './upload-item.js';
import { interruptedItem, UploadJournal, type InterruptedItem, type RestoredUpload, type UploadJournalOptions } from './upload-journal.js';
import type { PersistedUpload } from './upload-persistence.js';

/**
 * What the upload queue keeps of each entry besides its state: the bytes
 * (once a big photo is prepared, the smaller one), the photo options still
 * to apply, the bytes sent so far (kept through pauses, waits and the queue)
 * and the tus upload URL, so a paused or interrupted upload resumes instead
 * of starting again. With persistence the same goes to the device (the
 * `UploadJournal`), so the uploads survive a reload.
 */
export class UploadFiles {
  private readonly data = new Map<string, Blob>();
  /** Photo options of entries not yet prepared. */
  private readonly photos = new Map<string, PhotoOptions>();
  private readonly sent = new Map<string, number>();
  private readonly urls = new Map<string, string>();
  private readonly journal: UploadJournal | null;

  constructor(persistence: Omit<UploadJournalOptions, 'onProblem'> | undefined, onProblem: UploadJournalOptions['onProblem']) {
    this.journal = persistence ? new UploadJournal({ ...persistence, onProblem }) : null;
  }

  /** The bytes to send, or undefined once forgotten. */
  blob(id: string): Blob | undefined {
    return this.data.get(id);
  }

  /** The photo options to apply before sending, or undefined once prepared. */
  photoOptions(id: string): PhotoOptions | undefined {
    return this.photos.get(id);
  }

  /** Bytes sent so far. */
  loaded(id: string): number {
    return this.sent.get(id) ?? 0;
  }

  /** The tus upload URL the server made for this entry, if any. */
  resumeUrl(id: string): string | undefined {
    return this.urls.get(id);
  }

  /** The progress an entry keeps while it does not upload. */
  kept(item: UploadItem): { loaded: number; total: number } {
    const total = 'total' in item ? item.total : item.size;
    return { loaded: Math.min(this.loaded(item.id), total), total };
  }

  /** A file was queued. */
  added(item: UploadBase, data: Blob, photos: PhotoOptions): void {
    this.data.set(item.id, data);
    this.photos.set(item.id, photos);
    this.journal?.added(item, data, photos);
  }

  /** A cancelled entry is queued again: back onto the device. */
  requeued(item: UploadBase): void {
    const data = this.data.get(item.id);
    if (data) this.journal?.added(item, data, this.photos.get(item.id));
  }

  /** A big photo was made smaller: these bytes go instead (and are what a reload resumes). */
  prepared(id: string, data: Blob): void {
    this.data.set(id, data);
    this.photos.delete(id);
    this.journal?.prepared(id, data);
  }

  /** Bytes sent so far, as the queue's item says (0 again for a prepared photo: it is another file). */
  setLoaded(id: string, loaded: number): void {
    this.sent.set(id, loaded);
  }

  /** The server created the upload. */
  url(id: string, url: string): void {
    this.urls.set(id, url);
    this.journal?.url(id, url);
  }

  /** The queue changed an item: its progress (now and then) or its end goes to the device. */
  changed(item: UploadItem): void {
    this.journal?.changed(item);
  }

  /** The upload starts again from nothing (cancelled, discarded, done). */
  dropUrl(id: string): void {
    this.urls.delete(id);
  }

  /** Drops the bytes, photo options and progress from memory (the device's entry follows the item's status). */
  forget(id: string): void {
    this.data.delete(id);
    this.photos.delete(id);
    this.sent.delete(id);
  }

  /** Removes the entry from the device (discard). Resolves once it is gone. */
  unpersist(id: string): Promise<void> {
    return this.journal?.forget(id) ?? Promise.resolve();
  }

  /** This user's entries from an earlier page (`UploadJournal.restore`); none without persistence. */
  restore(nextId: () => string, onClaimed: (id: string, entry: PersistedUpload | null) => void): Promise<RestoredUpload[]> {
    return this.journal?.restore(nextId, onClaimed) ?? Promise.resolve([]);
  }

  /** Takes a persisted entry's bytes and upload URL for queue id `id`; answers its interrupted item. */
  adopt(id: string, entry: PersistedUpload): InterruptedItem {
    this.data.set(id, entry.data);
    if (entry.photos) this.photos.set(id, entry.photos);
    if (entry.url) this.urls.set(id, entry.url);
    const item = interruptedItem(id, entry);
    this.sent.set(id, item.loaded);
    return item;
  }

  /** The device entry's key of a queue id (what `UploadQueue.dispose` hands to the next queue). */
  keyOf(id: string): string | undefined {
    return this.journal?.keyOf(id);
  }

  /** Resolves once everything written to the device so far is written. */
  flushed(): Promise<void> {
    return this.journal?.flushed() ?? Promise.resolve();
  }

  /** Removes this user's entries from the device. */
  clear(): Promise<void> {
    return this.journal?.clear() ?? Promise.resolve();
  }

  /** Done with the device: waits for the writes so far and lets go of every claim. */
  dispose(): Promise<void> {
    return this.journal?.dispose() ?? Promise.resolve();
  }
}
