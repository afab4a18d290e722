/*
 * Claims on persisted uploads across the tabs of one browser. Every tab of a
 * user lists the same entries on the device; a tab that restores or runs an
 * entry holds an exclusive Web Lock on it (`navigator.locks`) for as long as
 * it has the entry, so another tab neither resumes it (two PATCHes of one tus
 * upload) nor discards what the first is uploading. The browser releases a
 * tab's locks when the tab closes or crashes, so a waiting tab then picks the
 * entry up. Without Web Locks (an old browser, a Node without `navigator.locks`) there are no
 * claims: every tab restores every entry, as before.
 */

/** A granted lock (the Web Locks API's `Lock`; only its presence matters here). */
export type UploadLock = object;

/**
 * The part of the Web Locks API (`navigator.locks`, a `LockManager`) the
 * claims use: exclusive locks, `ifAvailable` to try one, `signal` to stop
 * waiting. The lock is held until the promise the callback returns settles.
 */
export interface UploadLocks {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: UploadLock | null) => Promise<void>,
  ): Promise<unknown>;
}

/** `navigator.locks` when the environment has the Web Locks API, else undefined. */
export function webLocks(): UploadLocks | undefined {
  const locks = (globalThis as { navigator?: { locks?: { request?: unknown } } }).navigator?.locks;
  return typeof locks?.request === 'function' ? (locks as UploadLocks) : undefined;
}

/**
 * One tab's claims on the entries of one scope (a user on a server), by the
 * entries' keys. `take` tries a claim, `waitFor` waits until the tab holding
 * it lets go (or dies), `release` gives one up, `stop` gives up all of them
 * and every wait (the queue is disposed).
 */
export class UploadClaims {
  private readonly held = new Map<string, () => void>();
  private readonly waiting = new Map<string, AbortController>();
  private stopped = false;
  private readonly locks: UploadLocks | undefined;
  private readonly scope: string;

  constructor(locks: UploadLocks | undefined, scope: string) {
    this.locks = locks;
    this.scope = scope;
  }

  /** False without Web Locks: every tab has every entry. */
  get enabled(): boolean {
    return this.locks !== undefined;
  }

  private name(key: string): string {
    return `attachkit-upload ${this.scope} ${key}`;
  }

  /** Claims `key` unless another tab holds it. True when this tab holds it now (always without Web Locks; never once stopped). */
  take(key: string): Promise<boolean> {
    const locks = this.locks;
    if (this.stopped) return Promise.resolve(false);
    if (!locks || this.held.has(key)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      locks
        .request(this.name(key), { ifAvailable: true }, (lock) => {
          if (!lock || this.stopped) {
            resolve(false);
            return Promise.resolve();
          }
          return new Promise<void>((release) => {
            this.held.set(key, release);
            resolve(true);
          });
        })
        // A lock manager that refuses (an opaque origin's SecurityError): no claims, as without Web Locks.
        .catch(() => resolve(true));
    });
  }

  /**
   * Resolves once this tab holds `key`: the tab that held it released it, or
   * closed. Rejects (an AbortError) when the claims stop first.
   */
  waitFor(key: string): Promise<void> {
    const locks = this.locks;
    if (!locks || this.held.has(key)) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('The upload claims were stopped.'));
    const controller = new AbortController();
    this.waiting.set(key, controller);
    return new Promise<void>((resolve, reject) => {
      locks
        .request(this.name(key), { signal: controller.signal }, () => {
          this.waiting.delete(key);
          if (this.stopped) {
            reject(new Error('The upload claims were stopped.'));
            return Promise.resolve();
          }
          return new Promise<void>((release) => {
            this.held.set(key, release);
            resolve();
          });
        })
        .catch((error: unknown) => {
          this.waiting.delete(key);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  }

  /** Gives up the claim on `key` (the entry is gone from the device, or this tab let it go). */
  release(key: string): void {
    this.held.get(key)?.();
    this.held.delete(key);
  }

  /** Gives up every claim and every wait; later takes answer false. */
  stop(): void {
    this.stopped = true;
    for (const controller of this.waiting.values()) controller.abort();
    this.waiting.clear();
    for (const release of this.held.values()) release();
    this.held.clear();
  }
}
