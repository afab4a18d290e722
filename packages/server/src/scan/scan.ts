import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { AttachKitError, AttachKitUploadRejectedError } from '@attachkit/sdk';
import { type MetadataStore, type UploadDraft } from '@attachkit/sdk/server';

/** What a malware scanner decided about one file. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** The file as the scanner receives it: its display name and its bytes, streamed as they arrive. */
export interface ScanInput {
  name: string;
  stream: Readable;
}

/**
 * The malware-scan hook of the ingest pipeline: called for every upload
 * (multipart and tus) before the item becomes visible. Resolve with the
 * verdict; reject when the scanner cannot be asked (the upload then fails
 * closed with 503 `scan.unavailable`).
 */
export type ScanHook = (file: ScanInput) => Promise<ScanVerdict>;

/** The scanner could not be reached or did not answer; the upload is refused (fail closed). */
export class ScannerUnavailableError extends AttachKitError {
  constructor(cause?: unknown) {
    super('scan.unavailable', 'The malware scanner cannot be reached, so the file was not stored. Try again later.', {
      status: 503,
      cause,
    });
  }
}

/** Malware scanning as the ingest pipeline runs it: the hook, and the store its refusals are audited in. */
export interface Scanning {
  scan: ScanHook;
  store: MetadataStore;
}

/** An infected upload leaves an audit entry (`upload.malware`): who tried to attach what, where, and what was found. */
export async function auditMalware(store: MetadataStore, draft: UploadDraft, signature: string): Promise<void> {
  const entry = {
    id: randomUUID(),
    at: new Date().toISOString(),
    actor: draft.actor,
    action: 'upload.malware',
    target: { type: 'attachment' as const, id: draft.id },
    before: null,
    after: { name: draft.name, record: draft.record, signature },
  };
  // An empty compare-and-set that writes only its audit entry: one transaction in every MetadataStore.
  await store.replaceAttachments([], new Map(), [entry]);
}

export const malwareRejection = (name: string, signature: string) =>
  new AttachKitUploadRejectedError({
    code: 'upload.malware',
    message: `${name}: the file contains malware (${signature}) and cannot be attached.`,
  });

/** A scan running beside the upload: feed it the bytes, then ask for the verdict. */
export interface RunningScan {
  /** Passes a chunk on; resolves when the scanner can take more (backpressure). */
  write(chunk: Buffer): Promise<void>;
  /** All bytes sent: the verdict (rejects with ScannerUnavailableError when the scanner failed). */
  verdict(): Promise<ScanVerdict>;
  /** The upload failed: stop the scan, ignore its outcome. */
  abort(): void;
  /** Settles with an error as soon as the scanner fails, so the upload can stop at once. */
  readonly failed: Promise<never>;
}

/** Starts `hook` on a stream fed while the upload streams to storage. */
export function startScan(hook: ScanHook, name: string): RunningScan {
  const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
  let aborted = false;
  const result = Promise.resolve()
    .then(() => hook({ name, stream }))
    .catch((error: unknown) => {
      throw error instanceof AttachKitError ? error : new ScannerUnavailableError(error);
    });
  const failed = result.then(() => new Promise<never>(() => {}));
  failed.catch(() => {});
  result.catch(() => {});
  return {
    async write(chunk) {
      if (aborted || stream.destroyed) return;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('close', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('close', done);
          // A scanner that failed reads no more: do not wait for it.
          result.catch(done);
        });
      }
    },
    async verdict() {
      stream.end();
      return result;
    },
    abort() {
      aborted = true;
      stream.destroy();
    },
    failed,
  };
}
