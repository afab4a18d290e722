import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachKitUploadRejectedError, checkUpload, type Attachment } from '@attachkit/sdk';
import type { AttachKitService, UploadDraft } from '@attachkit/sdk/server';
import type { AdoptSource, BlobStore } from '../storage/blob-store.js';
import { auditMalware, malwareRejection, startScan } from '../scan/scan.js';
import type { IngestSettings } from './ingest.js';
import { tooLargeReason } from './ingest.js';
import type { TrackedContent } from './resumable-checksum.js';
import { trackedHeadBytes } from './resumable-checksum.js';
import { photoCleaner, photoFormat } from './photo-metadata.js';
import { sniffBytes, sniffFile } from './sniff.js';
import { storeThumbnail, thumbnailBlobId, thumbnailTypes } from './thumbnail.js';

/** A finished tus upload, where its store keeps it. */
export interface FinishedBytes {
  size: number;
  /** What the blob store may adopt without copying the bytes through the server. */
  adopt: AdoptSource;
  /** A local file with the bytes (the disk store), for sniffing and thumbnails. */
  localPath?: string;
  read(): Promise<Readable>;
}

export interface FinishOptions {
  service: AttachKitService;
  blobs: BlobStore;
  draft: UploadDraft;
  bytes: FinishedBytes;
  maxBytes: number;
  settings?: IngestSettings;
  /** The checksum and head the PATCHes computed, when every byte passed through this process. */
  tracked?: TrackedContent;
  /** The upload's attachment, when another completion of it (on another process) committed it first. */
  committed?: () => Promise<Attachment | undefined>;
  /** Whether this completion still holds the upload's claim: one that lost it removes nothing (the new holder publishes the same bytes). */
  ours?: () => Promise<boolean>;
}

async function readHead(bytes: FinishedBytes): Promise<Buffer> {
  if (bytes.localPath) {
    const handle = await open(bytes.localPath, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(trackedHeadBytes, bytes.size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = await bytes.read();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= trackedHeadBytes) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks, size).subarray(0, trackedHeadBytes);
}

/**
 * The completion of a resumable upload without copying its bytes: the same
 * checks as the multipart pipeline (restrictions, malware scan, sniffing,
 * thumbnail, checksum, atomic commit), with the checksum the PATCHes computed
 * (or one read of the bytes when they could not), then the finished file is
 * adopted by the blob store (hard link / copy inside the bucket) and the row
 * committed. Answers null when the bytes must change — a JPEG (always), a PNG
 * or WebP whose metadata filter (photo-metadata.ts, run over the one read)
 * removes something — whose GPS position and capture time the full pipeline
 * handles (re-writing it): the caller runs `ingestUpload`. A PNG or WebP the
 * filter leaves as it is is adopted, with the capture time it read.
 */
export async function finishResumable(options: FinishOptions): Promise<Attachment | null> {
  const { service, blobs, draft, bytes, maxBytes, tracked } = options;
  if (bytes.size > maxBytes) throw new AttachKitUploadRejectedError(tooLargeReason(draft.name, maxBytes));
  const head = tracked?.head ?? (await readHead(bytes));
  const format = photoFormat(head);
  if (format === 'jpeg') return null;
  const refused = checkUpload({ name: draft.name, size: bytes.size }, service.restrictions);
  if (refused) throw new AttachKitUploadRejectedError(refused);

  const scanning = options.settings?.scanning;
  let checksum = tracked?.checksum;
  // Run as a probe (its output is not kept): does the file hold a position, and when was it taken?
  const cleaner = format ? photoCleaner(format, options.settings?.keepLocation ?? false) : undefined;
  if (scanning || !checksum || cleaner) {
    // One read of the bytes: for the scanner, the photo filter, and the checksum when the PATCHes could not follow them all.
    const hash = checksum ? undefined : createHash('sha256');
    const scan = scanning ? startScan(scanning.scan, draft.name) : undefined;
    let size = 0;
    try {
      await pipeline(await bytes.read(), async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          size += chunk.length;
          hash?.update(chunk);
          cleaner?.push(chunk);
          if (scan) await Promise.race([scan.write(chunk), scan.failed]);
        }
      });
      if (size !== bytes.size) throw new Error(`the finished upload ${draft.id} holds ${size} bytes, not ${bytes.size}`);
      cleaner?.end();
      if (cleaner?.findings.changed) {
        // Its stored bytes differ from the upload's: the full pipeline writes (and scans) them.
        scan?.abort();
        return null;
      }
      if (scan && scanning) {
        const verdict = await scan.verdict();
        if (verdict.infected) {
          await auditMalware(scanning.store, draft, verdict.signature);
          throw malwareRejection(draft.name, verdict.signature);
        }
      }
    } catch (error) {
      scan?.abort();
      throw error;
    }
    if (checksum === undefined) {
      // `hash` is made whenever the PATCHes left no checksum.
      if (!hash) throw new Error(`no checksum for the finished upload ${draft.id}`);
      checksum = hash.digest('hex');
    }
  }

  const sniffed = bytes.localPath ? await sniffFile(draft.name, bytes.localPath) : await sniffBytes(draft.name, head);
  if (!sniffed.ok) throw new AttachKitUploadRejectedError(sniffed.reason);

  let thumbnailed = false;
  let published = false;
  try {
    if (thumbnailTypes.has(sniffed.mimeType)) thumbnailed = await storeThumbnail(blobs, draft.id, bytes.localPath ?? (await bytes.read()));
    published = (await blobs.adopt?.(draft.id, bytes.adopt)) ?? false;
    if (!published) {
      const writer = await blobs.create(draft.id);
      try {
        await pipeline(await bytes.read(), writer.stream);
        await writer.commit();
      } catch (error) {
        await writer.discard();
        throw error;
      }
      published = true;
    }
    const capturedAt = cleaner?.findings.capturedAt;
    return await service.commitUpload(draft, {
      size: bytes.size,
      mimeType: sniffed.mimeType,
      checksum,
      ...(capturedAt ? { capturedAt } : {}),
    });
  } catch (error) {
    const other = published ? await options.committed?.().catch(() => undefined) : undefined;
    if (other) return other; // the same bytes, published and committed by the other completion: nothing to remove
    if ((published || thumbnailed) && options.ours && !(await options.ours())) throw error; // the new holder's to publish and clean up
    if (published) await blobs.delete(draft.id).catch(() => {});
    if (thumbnailed) await blobs.delete(thumbnailBlobId(draft.id)).catch(() => {});
    throw error;
  }
}
