import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachKitUploadRejectedError, checkUpload, formatBytes, type Attachment, type Reason } from '@attachkit/sdk';
import { type AttachKitService, type UploadDraft } from '@attachkit/sdk/server';
import type { BlobStore } from '../storage/blob-store.js';
import { auditMalware, malwareRejection, startScan, type RunningScan, type Scanning } from '../scan/scan.js';
import { PhotoPrivacyTransform } from './photo-metadata.js';
import { sniffBytes, sniffFile } from './sniff.js';
import { storeThumbnail, thumbnailBlobId, thumbnailTypes } from './thumbnail.js';

const headBytes = 64 * 1024;

/**
 * How many bytes the meter gathers before handing them to the blob store.
 * A socket read yields 64 KB at most; passing each on alone costs a write
 * system call (through libuv's pool) and a trip through the stream machinery
 * per 64 KB. Gathering 1 MB cuts those sixteenfold for one memcpy, and bounds
 * the memory an upload holds to about a megabyte.
 */
const writeBatchBytes = 1024 * 1024;

/** Counts and hashes bytes as they stream by, passing them on in batches of about 1 MB; refuses more than `maxBytes`. */
class ContentMeter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  /** The first bytes, for sniffing when the blob store has no local file. */
  readonly head: Buffer[] = [];
  private headSize = 0;
  private batch: Buffer[] = [];
  private batchSize = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => Reason,
    private readonly scan?: RunningScan,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    if (!this.scan) {
      this.meter(chunk, callback);
      return;
    }
    // The scanner reads beside the store; a slow scanner slows the upload rather than filling memory.
    this.scan.write(chunk).then(() => this.meter(chunk, callback), callback);
  }
  private meter(chunk: Buffer, callback: (error?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new AttachKitUploadRejectedError(this.tooLarge()));
      return;
    }
    this.hash.update(chunk);
    if (this.headSize < headBytes) {
      this.head.push(chunk.subarray(0, headBytes - this.headSize));
      this.headSize += Math.min(chunk.length, headBytes - this.headSize);
    }
    this.batch.push(chunk);
    this.batchSize += chunk.length;
    if (this.batchSize < writeBatchBytes) {
      callback();
      return;
    }
    callback(null, this.takeBatch());
  }
  override _flush(callback: (error?: Error | null, data?: Buffer) => void): void {
    callback(null, this.batchSize > 0 ? this.takeBatch() : undefined);
  }
  private takeBatch(): Buffer {
    const [only] = this.batch;
    const batch = only && this.batch.length === 1 ? only : Buffer.concat(this.batch, this.batchSize);
    this.batch = [];
    this.batchSize = 0;
    return batch;
  }
}

/** The reason an upload larger than the limit is refused. */
export function tooLargeReason(name: string, maxBytes: number): Reason {
  return { code: 'upload.tooLarge', message: `${name}: the file is larger than the ${formatBytes(maxBytes)} limit.` };
}

export interface IngestOptions {
  service: AttachKitService;
  blobs: BlobStore;
  /** From `service.prepareUpload`: the caller may upload this name to this record. */
  draft: UploadDraft;
  /** The bytes, streamed (never buffered whole). */
  source: Readable;
  maxBytes: number;
  /** True when the multipart parser cut the file at the limit. */
  truncated?: () => boolean;
  /** Runs once the bytes are stored and checked, before they become visible; a throw refuses the upload (e.g. a second file part). */
  beforeCommit?: () => Promise<void>;
  /** The server's pipeline settings (`ServerContext.ingest`). */
  settings?: IngestSettings;
}

/** What the server configures about every upload's pipeline. */
export interface IngestSettings {
  /** Malware scanning: the hook, and the store its refusals are audited in. */
  scanning?: Scanning;
  /** Keep the GPS position of photos (default false: removed from JPEG, PNG and WebP EXIF and XMP without re-encoding). */
  keepLocation?: boolean;
}

/**
 * Streams an upload to the blob store while counting and hashing it (and,
 * when scanning is configured, through the malware scanner at the same time),
 * sniffs what the bytes are, makes the blob durable, and only then commits the
 * metadata row. Any failure (limit, refused content, aborted request, disk
 * error) leaves neither a row nor a file.
 */
export async function ingestUpload(options: IngestOptions): Promise<Attachment> {
  const { service, blobs, draft, source, maxBytes } = options;
  const scanning = options.settings?.scanning;
  const writer = await blobs.create(draft.id);
  const scan = scanning ? startScan(scanning.scan, draft.name) : undefined;
  // Before the meter, so the size and checksum are of the bytes stored (without the position).
  const privacy = new PhotoPrivacyTransform(options.settings?.keepLocation ?? false);
  const meter = new ContentMeter(maxBytes, () => tooLargeReason(draft.name, maxBytes), scan);
  let thumbnailed = false;
  // A scanner that fails stops the upload at once (fail closed) instead of after the last byte.
  scan?.failed.catch((error: unknown) => meter.destroy(error as Error));
  try {
    await pipeline(source, privacy, meter, writer.stream);
    if (options.truncated?.()) throw new AttachKitUploadRejectedError(tooLargeReason(draft.name, maxBytes));
    const refused = checkUpload({ name: draft.name, size: meter.size }, service.restrictions);
    if (refused) throw new AttachKitUploadRejectedError(refused);
    if (scan && scanning) {
      const verdict = await scan.verdict();
      if (verdict.infected) {
        await auditMalware(scanning.store, draft, verdict.signature);
        throw malwareRejection(draft.name, verdict.signature);
      }
    }
    const sniffed = writer.localPath
      ? await sniffFile(draft.name, writer.localPath)
      : await sniffBytes(draft.name, Buffer.concat(meter.head));
    if (!sniffed.ok) throw new AttachKitUploadRejectedError(sniffed.reason);
    await options.beforeCommit?.();
    // The preview is ready before the row is visible, so a list never asks for a thumbnail still being made.
    const preview = thumbnailTypes.has(sniffed.mimeType);
    if (preview && writer.localPath) thumbnailed = await storeThumbnail(blobs, draft.id, writer.localPath);
    await writer.commit();
    if (preview && !writer.localPath) thumbnailed = await storeThumbnail(blobs, draft.id, blobs.read(draft.id));
    const { capturedAt } = privacy.findings;
    return await service.commitUpload(draft, {
      size: meter.size,
      mimeType: sniffed.mimeType,
      checksum: meter.hash.digest('hex'),
      ...(capturedAt ? { capturedAt } : {}),
    });
  } catch (error) {
    scan?.abort();
    await writer.discard();
    if (thumbnailed) await blobs.delete(thumbnailBlobId(draft.id)).catch(() => {});
    throw error;
  }
}
