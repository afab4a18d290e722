import { isOffline, onNetworkEvent } from '../backend/network-status.js';

/**
 * When the upload queue tries again after the network failed it: at the
 * `online` event while the browser is offline (as often as it goes offline,
 * no attempt used up), else after the next backoff delay (default 1 s, 4 s,
 * 10 s), then never.
 */
export class UploadNetworkWaits {
  private readonly waits = new Map<string, () => void>();
  private readonly attempts = new Map<string, number>();
  private readonly delays: readonly number[];

  constructor(delays: readonly number[] = [1000, 4000, 10_000]) {
    this.delays = delays;
  }

  /** Calls `again` once the network should be back; false (and no call) once the delays are used up. */
  schedule(id: string, again: () => void): boolean {
    this.cancel(id);
    const offline = isOffline();
    const attempt = this.attempts.get(id) ?? 0;
    if (!offline && attempt >= this.delays.length) return false;
    const run = () => {
      this.cancel(id);
      again();
    };
    if (offline) this.waits.set(id, onNetworkEvent('online', run));
    else {
      this.attempts.set(id, attempt + 1);
      const timer = setTimeout(run, this.delays[attempt]);
      this.waits.set(id, () => clearTimeout(timer));
    }
    return true;
  }

  /** Stops a pending wait (pause, cancel, resume by hand). */
  cancel(id: string): void {
    this.waits.get(id)?.();
    this.waits.delete(id);
  }

  /** Starts the backoff over (a success, or Retry by hand). */
  reset(id: string): void {
    this.attempts.delete(id);
  }
}
