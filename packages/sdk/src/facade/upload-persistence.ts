import type { Reason } from '../errors.js';
import type { Principal, RecordRef } from '../model/schemas.js';
import type { PhotoOptions } from '../photos/photo-plan.js';

/*
 * What the upload queue keeps on the device so its uploads survive a page
 * reload: the interface a store implements (IndexedDB in browsers, from
 * `@attachkit/sdk/browser`; in memory here, for Node and Storybook), and the
 * scope that keeps one user's uploads from the next user's on a shared device.
 */

/** One queued upload as kept on the device. */
export interface PersistedUpload {
  /** The entry's own key (random; not the queue id, which starts again on every load). */
  key: string;
  /** Whose upload and on which server (see `uploadPersistenceScope`); an entry is only ever listed for its own scope. */
  scope: string;
  record: RecordRef;
  name: string;
  size: number;
  type: string;
  /** The file's bytes: as chosen, then as prepared (a downscaled photo) once it is. */
  data: Blob;
  /** How a photo is still to be prepared (downscaled, its GPS position removed); gone once `data` is the prepared file. */
  photos?: PhotoOptions;
  /** The tus upload URL once the server created the upload; without it the file starts again. */
  url?: string;
  /** Bytes the server had confirmed, last we heard (shown until HEAD asks the real offset). */
  loaded: number;
  /** When the file was queued (ms since the epoch). */
  createdAt: number;
}

/** What changes in an entry while it uploads. */
export type PersistedUploadPatch = Partial<Pick<PersistedUpload, 'url' | 'loaded' | 'data' | 'size' | 'type' | 'photos'>>;

/**
 * A store of persisted uploads. Every method may reject with an
 * `UploadPersistenceError` (`kind` `quota` when the device's storage is full,
 * `unavailable` when storage is denied or missing); the queue then goes on
 * uploading without persistence and says so in its state.
 */
export interface UploadPersistence {
  list(scope: string): Promise<PersistedUpload[]>;
  put(entry: PersistedUpload): Promise<void>;
  update(scope: string, key: string, patch: PersistedUploadPatch): Promise<void>;
  remove(scope: string, key: string): Promise<void>;
  /** Removes every entry of `scope`, or of every user and server without one (a sign-out on a shared device). */
  clear(scope?: string): Promise<void>;
}

export type UploadPersistenceFailure = 'quota' | 'unavailable';

export class UploadPersistenceError extends Error {
  override name = 'UploadPersistenceError';
  readonly kind: UploadPersistenceFailure;
  constructor(kind: UploadPersistenceFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** The queue-level reason shown when uploads in progress will not survive a reload. */
export function notPersistedReason(error: unknown): Reason {
  const kind = error instanceof UploadPersistenceError ? error.kind : 'unavailable';
  return kind === 'quota'
    ? {
        code: 'uploads.storageFull',
        message: "This device's storage is full: uploads still go on, but they will not survive a reload or a closed tab.",
      }
    : {
        code: 'uploads.storageUnavailable',
        message: 'This browser does not let attachkit keep files on the device: uploads still go on, but they will not survive a reload.',
      };
}

/**
 * The scope of a user's persisted uploads: the server and the principal. A
 * different user on the same device (or the same user on another server)
 * never lists them; `clear()` without a scope removes everyone's.
 */
export function uploadPersistenceScope(server: string, principal: Pick<Principal, 'kind' | 'id'>): string {
  return JSON.stringify([server.replace(/\/+$/, ''), principal.kind, principal.id]);
}

/** Persistence in memory: lives as long as the object (Node, tests, Storybook's "after a reload" stories). */
export function createMemoryUploadPersistence(options: { quotaBytes?: number } = {}): UploadPersistence {
  const entries = new Map<string, PersistedUpload>();
  const id = (scope: string, key: string) => JSON.stringify([scope, key]);
  const used = () => [...entries.values()].reduce((sum, e) => sum + e.data.size, 0);
  return {
    list: async (scope) => [...entries.values()].filter((e) => e.scope === scope).map((e) => ({ ...e })),
    async put(entry) {
      if (options.quotaBytes !== undefined && used() + entry.data.size > options.quotaBytes)
        throw new UploadPersistenceError('quota', 'The storage quota is used up.');
      entries.set(id(entry.scope, entry.key), { ...entry });
    },
    async update(scope, key, patch) {
      const entry = entries.get(id(scope, key));
      if (entry) entries.set(id(scope, key), { ...entry, ...patch });
    },
    async remove(scope, key) {
      entries.delete(id(scope, key));
    },
    async clear(scope) {
      for (const [k, e] of entries) if (scope === undefined || e.scope === scope) entries.delete(k);
    },
  };
}
