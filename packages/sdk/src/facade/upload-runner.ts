import { isOffline, onNetworkEvent } from '../backend/network-status.js';
import { isAbortError, type AttachKitError } from '../errors.js';
import { photoStep } from '../photos/photo-support.js';
import type { FacadeContext } from './context.js';
import type { UploadFiles } from './upload-files.js';
import type { UploadChange, UploadItem } from './upload-item.js';
import { UploadNetworkWaits } from './upload-network-waits.js';

/** What the runner reads and changes of the queue. */
export interface UploadRunnerHost {
  readonly context: FacadeContext;
  readonly files: UploadFiles;
  items: () => readonly UploadItem[];
  get: (id: string) => UploadItem | undefined;
  set: (id: string, change: UploadChange, size?: number) => void;
  onDone: (item: UploadItem & { status: 'done' }) => void;
}

export interface UploadRunnerOptions {
  concurrency: number;
  /** Waits before retrying an upload the network interrupted, in ms (see `UploadNetworkWaits`). */
  retryDelays?: number[];
}

const retryable = (error: AttachKitError) => error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;

/**
 * Sends the upload queue's entries, at most `concurrency` at once, in queue
 * order. One run takes an entry from its bytes to an attachment: a big photo
 * is made smaller first (once), then the bytes go resumably (tus) from what
 * the server already has. A network failure, or the browser going offline,
 * makes the entry wait (`waiting-for-network`) and go again; a failure a
 * retry may fix is `failed`, any other `rejected`.
 */
export class UploadRunner {
  private readonly host: UploadRunnerHost;
  private readonly concurrency: number;
  private readonly running = new Map<string, AbortController>();
  private readonly waits: UploadNetworkWaits;
  private stopped = false;

  constructor(host: UploadRunnerHost, options: UploadRunnerOptions) {
    this.host = host;
    this.concurrency = options.concurrency;
    this.waits = new UploadNetworkWaits(options.retryDelays);
  }

  /** True once `dispose()` stopped it for good. */
  get disposed(): boolean {
    return this.stopped;
  }

  /** Starts queued entries while fewer than `concurrency` run. */
  pump(): void {
    if (this.stopped) return;
    for (const item of this.host.items()) {
      if (this.running.size >= this.concurrency) return;
      if (item.status === 'queued') void this.run(item);
    }
  }

  /** Stops an entry's request or its wait for the network. */
  stop(id: string): void {
    this.running.get(id)?.abort();
    this.running.delete(id);
    this.waits.cancel(id);
  }

  /** Starts an entry's backoff over (Retry by hand, discard). */
  resetBackoff(id: string): void {
    this.waits.reset(id);
  }

  /** Stops every entry; nothing starts again. */
  dispose(): void {
    this.stopped = true;
    for (const item of this.host.items()) this.stop(item.id);
  }

  /**
   * After a network failure, or when the browser goes offline: the entry
   * waits (`waiting-for-network`, progress kept) for the `online` event when
   * offline, else for the next backoff delay, then is queued again (it
   * resumes from the server's offset). False once the delays are used up.
   */
  private waitForNetwork(id: string): boolean {
    const { get, set, files } = this.host;
    const item = get(id);
    const again = () => {
      if (get(id)?.status === 'waiting-for-network') set(id, { status: 'queued' });
      this.pump();
    };
    if (!item || !this.waits.schedule(id, again)) return false;
    set(id, { status: 'waiting-for-network', ...files.kept(item) });
    return true;
  }

  /** The browser went offline while this entry uploads: its request stops now (tus keeps the bytes sent) and it waits. */
  private wentOffline(id: string, controller: AbortController): void {
    if (this.running.get(id) !== controller) return;
    this.running.delete(id);
    controller.abort();
    this.waitForNetwork(id);
  }

  private async run(item: UploadItem): Promise<void> {
    const { context, files, get, set } = this.host;
    let file = files.blob(item.id);
    if (!file) return; // forgotten (discarded) before its turn
    const controller = new AbortController();
    this.running.set(item.id, controller);
    const stillMine = () => this.running.get(item.id) === controller && !controller.signal.aborted;
    try {
      // A big photo is made smaller first (once); progress then counts the bytes actually sent.
      const photos = files.photoOptions(item.id);
      const prepare = photos && photoStep(file, item.name, photos);
      if (prepare) {
        set(item.id, { status: 'preparing' });
        const ready = await prepare(controller.signal);
        if (!stillMine()) return;
        files.prepared(item.id, ready);
        file = ready;
      }
      if (isOffline()) {
        this.running.delete(item.id);
        this.waitForNetwork(item.id);
        return;
      }
      const size = file.size;
      if (prepare) files.setLoaded(item.id, 0);
      set(item.id, { status: 'uploading', loaded: files.loaded(item.id), total: size }, size);
      const stopOffline = onNetworkEvent('offline', () => this.wentOffline(item.id, controller));
      const attachment = await context.backend
        .uploadAttachment(
          item.record,
          { name: item.name, data: file },
          {
            signal: controller.signal,
            resumable: { url: files.resumeUrl(item.id), onUrl: (url) => files.url(item.id, url) },
            onProgress: ({ loaded, total }) => {
              if (stillMine()) set(item.id, { status: 'uploading', loaded, total });
            },
          },
        )
        .finally(stopOffline);
      if (!stillMine()) return;
      files.forget(item.id);
      files.dropUrl(item.id);
      this.waits.reset(item.id);
      set(item.id, { status: 'done', attachment });
      this.host.onDone(get(item.id) as UploadItem & { status: 'done' });
    } catch (error) {
      if (!stillMine() || isAbortError(error)) return;
      const failure = context.fail('attachment.upload', error);
      if (failure.status === 0 && this.waitForNetwork(item.id)) return;
      if (retryable(failure)) set(item.id, { status: 'failed', error: failure });
      else {
        files.forget(item.id);
        set(item.id, {
          status: 'rejected',
          reason: failure.reasons[0] ?? { code: failure.code, message: `${item.name}: ${failure.message}` },
        });
      }
    } finally {
      if (this.running.get(item.id) === controller) this.running.delete(item.id);
      this.pump();
    }
  }
}
