/**
 * The Web Locks API's exclusive mode in memory, for Node before 22 (no
 * `navigator.locks`): one holder per name, requests granted in order,
 * `ifAvailable` answers null when held, `signal` withdraws a waiting request
 * (AbortError). A lock is held until the callback's promise settles, as in
 * browsers. What a closed tab does to its locks is Chromium's, tested in
 * packages/elements/test/uploader-tabs.test.ts.
 */
import type { UploadLock, UploadLocks } from '../src/index.js';

export function memoryLocks(): UploadLocks & { held(): string[] } {
  const held = new Set<string>();
  const queues = new Map<string, (() => void)[]>();
  const next = (name: string) => {
    held.delete(name);
    queues.get(name)?.shift()?.();
  };
  const run = async (name: string, callback: (lock: UploadLock | null) => Promise<void>) => {
    held.add(name);
    try {
      await callback({ name, mode: 'exclusive' });
    } finally {
      next(name);
    }
  };
  return {
    held: () => [...held],
    request(name, options, callback) {
      const abortError = () => new DOMException('The request was aborted.', 'AbortError');
      if (options.signal?.aborted) return Promise.reject(abortError());
      if (!held.has(name)) return run(name, callback);
      if (options.ifAvailable) return callback(null);
      return new Promise((resolve, reject) => {
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        const grant = () => {
          options.signal?.removeEventListener('abort', withdraw);
          run(name, callback).then(resolve, reject);
        };
        const withdraw = () => {
          queue.splice(queue.indexOf(grant), 1);
          reject(abortError());
        };
        options.signal?.addEventListener('abort', withdraw, { once: true });
        queue.push(grant);
      });
    },
  };
}
