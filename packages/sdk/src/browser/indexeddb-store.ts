import { UploadPersistenceError, type PersistedUpload, type UploadPersistence } from '../facade/upload-persistence.js';

/*
 * The IndexedDB side of `indexedDbUploadPersistence` (loaded on first use):
 * one object store keyed by [scope, key] with an index on scope, so a user's
 * entries are listed without reading anyone else's.
 */

const storeName = 'uploads';

/** The persistence error for what IndexedDB threw: a full quota, or storage that is not there / denied. */
function failure(error: unknown): UploadPersistenceError {
  if (error instanceof UploadPersistenceError) return error;
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError'
    ? new UploadPersistenceError('quota', 'The browser refused to store the file: the storage quota is used up.', { cause: error })
    : new UploadPersistenceError('unavailable', `The browser refused to store the file (${name ?? 'no IndexedDB'}).`, { cause: error });
}

function opened(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) return reject(failure(null));
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, 1);
    } catch (error) {
      return reject(failure(error));
    }
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(storeName, { keyPath: ['scope', 'key'] });
      store.createIndex('scope', 'scope');
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the database: let it, and open again next time.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(failure(request.error));
    request.onblocked = () => reject(failure(new DOMException('The database is blocked by another tab.', 'InvalidStateError')));
  });
}

export function openIndexedDbStore(name: string): UploadPersistence {
  let database: Promise<IDBDatabase> | undefined;
  const db = () => {
    database ??= opened(name);
    // A failed open is tried again on the next call (storage may come back).
    database.catch(() => (database = undefined));
    return database;
  };

  /** Runs `work` in one transaction; resolves with its result once the transaction commits. */
  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
    const connection = await db();
    return new Promise<T | undefined>((resolve, reject) => {
      let result: T | undefined;
      let transaction: IDBTransaction;
      try {
        transaction = connection.transaction(storeName, mode);
        const request = work(transaction.objectStore(storeName));
        if (request) request.onsuccess = () => (result = request.result);
      } catch (error) {
        return reject(failure(error));
      }
      transaction.oncomplete = () => resolve(result);
      // A failed request (or a full quota at commit) aborts the transaction with its error.
      transaction.onabort = () => reject(failure(transaction.error));
    });
  }

  return {
    list: async (scope) => ((await run('readonly', (store) => store.index('scope').getAll(scope))) ?? []) as PersistedUpload[],
    async put(entry) {
      await run('readwrite', (store) => store.put(entry));
    },
    async update(scope, key, patch) {
      await run('readwrite', (store) => {
        const request = store.get([scope, key]);
        request.onsuccess = () => {
          if (request.result) store.put({ ...(request.result as PersistedUpload), ...patch });
        };
        return undefined;
      });
    },
    async remove(scope, key) {
      await run('readwrite', (store) => store.delete([scope, key]));
    },
    async clear(scope) {
      await run('readwrite', (store) => {
        if (scope === undefined) return store.clear();
        const request = store.index('scope').getAllKeys(scope);
        request.onsuccess = () => {
          for (const key of request.result) store.delete(key);
        };
        return undefined;
      });
    },
  };
}
