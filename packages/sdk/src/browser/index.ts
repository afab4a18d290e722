/**
 * @attachkit/sdk/browser — what only browsers have: the IndexedDB store that
 * keeps the upload queue across page reloads. The main entry stays free of
 * DOM APIs; this entry is small, and its IndexedDB code loads on first use.
 */
import type { UploadPersistence } from '../facade/upload-persistence.js';

export interface IndexedDbUploadPersistenceOptions {
  /** The database's name (default `attachkit-uploads`). */
  name?: string;
}

/**
 * Persisted uploads in IndexedDB (one database per origin, entries keyed by
 * server and principal): pass it as `createAttachKit({ uploadPersistence })`.
 * A full quota rejects with `UploadPersistenceError` kind `quota`; no
 * IndexedDB, or storage the browser denies, with kind `unavailable`.
 */
export function indexedDbUploadPersistence(options: IndexedDbUploadPersistenceOptions = {}): UploadPersistence {
  let store: Promise<UploadPersistence> | undefined;
  const load = () => (store ??= import('./indexeddb-store.js').then((m) => m.openIndexedDbStore(options.name ?? 'attachkit-uploads')));
  return {
    list: async (scope) => (await load()).list(scope),
    put: async (entry) => (await load()).put(entry),
    update: async (scope, key, patch) => (await load()).update(scope, key, patch),
    remove: async (scope, key) => (await load()).remove(scope, key),
    clear: async (scope) => (await load()).clear(scope),
  };
}
