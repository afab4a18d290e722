import type { Readable } from 'node:stream';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { MetadataValue } from '@tus/s3-store';
import { ERRORS, Upload, type KvStore } from '@tus/server';
import { S3StoreWithTempDirectory } from './resumable-s3-temp.js';
import { tusErrorOf } from './tus-errors.js';

export interface BucketUploadStoreOptions {
  bucket: string;
  /**
   * Where the blob store keeps content, e.g. `attachkit/blobs/`: an upload's
   * multipart upload, and once complete its object, is `<blobsPrefix><id>`,
   * the key of the blob it becomes.
   */
  blobsPrefix: string;
  /** Where the uploads' bookkeeping lives, e.g. `attachkit/uploads/`: `<id>.info` (metadata) and `<id>.part` (a short tail). */
  uploadsPrefix: string;
  /** The blob store's S3 client configuration (endpoint, region, credentials…). */
  client: S3ClientConfig;
  /** Bytes per part (at least 5 MiB). */
  partSize: number;
  expirationPeriodInMilliseconds: number;
  /** A directory of this process's own for the parts waiting to be sent (swept at start-up). */
  tempDirectory: string;
  /** Whether upload `id` is an attachment now: its object is then the attachment's content, never removed with the upload. */
  committed: (id: string) => Promise<boolean>;
}

/**
 * No cache of the `.info` objects: several processes share the bucket, and an
 * upload removed through one (finished, terminated, expired) must be gone for
 * all at once. An `.info` is one small GET per use.
 */
const noCache: KvStore<never> = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
};

/** tus's FILE_NOT_FOUND answer (the status and body the tus server sends) on an Error. */
const fileNotFound = () => tusErrorOf(ERRORS.FILE_NOT_FOUND);

/** `upload` under another id: a field-by-field copy (Upload is a class; its fields are these six). */
const withId = (upload: Upload, id: string) =>
  new Upload({
    id,
    size: upload.size,
    offset: upload.offset,
    metadata: upload.metadata,
    storage: upload.storage,
    creation_date: upload.creation_date,
  });

const isMissing = (error: unknown) => {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return ['NotFound', 'NoSuchKey', 'NoSuchUpload'].includes(e.name ?? e.Code ?? '') || e.$metadata?.httpStatusCode === 404;
};

const ignoreMissing = (error: unknown) => {
  if (!isMissing(error)) throw error;
};

const idPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/**
 * Unfinished tus uploads in the bucket, shared by every server process
 * (`@tus/s3-store`: one S3 multipart upload per tus upload, parts of
 * `partSize`, a `.info` object with the upload's metadata, a `.part` object
 * for a tail shorter than a part). What it adds to `S3Store`:
 *
 * - the multipart upload is keyed where the blob will live
 *   (`<blobsPrefix><id>`), so completing it puts the attachment's object in
 *   place and the completion commits only the metadata: no copy inside the
 *   bucket; the `.info` and `.part` stay apart under `uploadsPrefix`, and an
 *   id with an `.info` is the uploads' (the blob sweep leaves it to
 *   `deleteExpired`);
 * - no per-process cache; a removal that keeps the object of an upload
 *   that became an attachment; an expiry sweep that looks only at its own
 *   `.info` objects (S3Store's would abort every multipart upload in the bucket);
 * - part files in a temp directory of its own (resumable-s3-temp.ts).
 */
export class BucketUploadStore extends S3StoreWithTempDirectory {
  readonly bucketName: string;
  private readonly blobsPrefix: string;
  private readonly uploadsPrefix: string;
  private readonly committed: (id: string) => Promise<boolean>;

  constructor(options: BucketUploadStoreOptions) {
    super({
      partSize: options.partSize,
      // Parts are sent from temp files as streams: with checksums only where S3 requires them, the SDK sends
      // them plainly instead of aws-chunked (which S3-compatible stores such as s3rver do not all decode).
      s3ClientConfig: { requestChecksumCalculation: 'WHEN_REQUIRED', ...options.client, bucket: options.bucket },
      expirationPeriodInMilliseconds: options.expirationPeriodInMilliseconds,
      // Expiry is swept by listing (deleteExpired below), not by lifecycle rules on tags (not every S3-compatible store has them).
      useTags: false,
      cache: noCache,
      // Parts in flight per process (each waits in a file of tempDirectory until sent).
      maxConcurrentPartUploads: 8,
      tempDirectory: options.tempDirectory,
    });
    this.bucketName = options.bucket;
    this.blobsPrefix = options.blobsPrefix;
    this.uploadsPrefix = options.uploadsPrefix;
    this.committed = options.committed;
  }

  /** The object key of an upload: the key of its multipart upload, and of the blob once it is complete. */
  key(id: string): string {
    if (!idPattern.test(id)) throw fileNotFound();
    return `${this.blobsPrefix}${id}`;
  }

  /** The upload id of an object key: `<blobsPrefix><id>`, or `<uploadsPrefix><id>` where uploads began before their keys moved. */
  private idOf(key: string): string {
    for (const prefix of [this.blobsPrefix, this.uploadsPrefix]) if (key.startsWith(prefix)) return key.slice(prefix.length);
    throw new Error(`the key ${key} is not an upload's`);
  }

  protected override infoKey(key: string): string {
    return `${this.uploadsPrefix}${this.idOf(key)}.info`;
  }

  protected override partKey(key: string, isIncomplete = false): string {
    return isIncomplete ? `${this.uploadsPrefix}${this.idOf(key)}.part` : key;
  }

  override async create(upload: Upload): Promise<Upload> {
    const created = await super.create(withId(upload, this.key(upload.id)));
    return withId(created, upload.id);
  }

  override write(stream: Readable, id: string, offset: number): Promise<number> {
    return super.write(stream, this.key(id), offset);
  }

  override async getUpload(id: string): Promise<Upload> {
    const upload = await super.getUpload(this.key(id));
    // An upload begun before the keys moved has its multipart upload elsewhere: not resumable here (404, the client starts
    // again); deleteExpired removes it.
    if (this.isLegacy(id, upload)) throw fileNotFound();
    return withId(upload, id);
  }

  override read(id: string): Promise<Readable> {
    return super.read(this.key(id));
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    await super.declareUploadLength(this.key(id), length);
  }

  /** Whether the upload was begun when multipart uploads were keyed `<uploadsPrefix><id>` (and completed by a copy). */
  private isLegacy(id: string, upload: Upload): boolean {
    return upload.storage?.path === `${this.uploadsPrefix}${id}`;
  }

  /** The `.info` of upload `id`, or null when there is none. */
  private async metadataOf(id: string): Promise<MetadataValue | null> {
    try {
      return await this.getMetadata(this.key(id));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /**
   * Terminates an upload (tus DELETE): aborts the multipart upload, deletes
   * the `.part` and then the `.info`. Never the object: there is one only when
   * the upload is finished, and then it is its completion's (which may be
   * committing it on another process right now) or, once the `.info` is gone,
   * the content sweep's. FILE_NOT_FOUND when there is no upload.
   */
  override async remove(id: string): Promise<void> {
    const metadata = await this.metadataOf(id);
    if (!metadata) throw fileNotFound();
    await this.discard(id, metadata, false);
  }

  /**
   * Removes what is left of a finished upload once its completion has
   * answered: the `.part`, the object unless it is an attachment's now (the
   * completion refused it), then the `.info`. FILE_NOT_FOUND when there is no upload.
   */
  async removeFinished(id: string): Promise<void> {
    const metadata = await this.metadataOf(id);
    if (!metadata) throw fileNotFound();
    await this.discard(id, metadata, true);
  }

  private async discard(id: string, metadata: MetadataValue, withObject: boolean): Promise<void> {
    const key = this.key(id);
    const objectKey = this.isLegacy(id, metadata.file) ? `${this.uploadsPrefix}${id}` : key;
    const uploadId = metadata['upload-id'];
    // Missing when completed already.
    if (uploadId) await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId }).catch(ignoreMissing);
    const keys = [this.partKey(key, true)];
    if (objectKey !== key || (withObject && !(await this.committed(id)))) keys.push(objectKey);
    await Promise.all(keys.map((Key) => this.client.deleteObject({ Bucket: this.bucket, Key })));
    // The .info last: while it exists, the sweep finds the upload again (and the content sweep leaves its object alone).
    await this.client.deleteObject({ Bucket: this.bucket, Key: this.infoKey(key) });
  }

  /** The `.info` objects under the prefix: each upload's id and when it was created. */
  private async *infos(): AsyncGenerator<{ id: string; created: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.listObjectsV2({ Bucket: this.bucket, Prefix: this.uploadsPrefix, ContinuationToken: token });
      for (const item of page.Contents ?? []) {
        const id = item.Key?.endsWith('.info') ? item.Key.slice(this.uploadsPrefix.length, -'.info'.length) : '';
        if (idPattern.test(id)) yield { id, created: item.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** The ids of every upload in the bucket, finished or not, expired or not: their objects are the uploads' to remove. */
  async uploadIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const { id } of this.infos()) ids.add(id);
    return ids;
  }

  /**
   * Removes the uploads created longer than the expiry ago, finished or not
   * (a finished one still here was left by a crash during its completion; its
   * object goes too unless it became an attachment), and multipart uploads
   * under the uploads prefix older than that (begun before the keys moved).
   * Safe on several processes at once. Answers how many.
   */
  override async deleteExpired(): Promise<number> {
    const expiry = this.getExpiration();
    if (expiry <= 0) return 0;
    const cutoff = Date.now() - expiry;
    const expired: string[] = [];
    for await (const { id, created } of this.infos()) if (created < cutoff) expired.push(id);
    let removed = 0;
    for (const id of expired) {
      const metadata = await this.metadataOf(id);
      if (!metadata) continue; // removed meanwhile (another process's sweep, a completion)
      await this.discard(id, metadata, true);
      removed++;
    }

    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.listMultipartUploads({
        Bucket: this.bucket,
        Prefix: this.uploadsPrefix,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
      });
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || (upload.Initiated?.getTime() ?? 0) >= cutoff) continue;
        await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }).catch(ignoreMissing);
        if (!expired.includes(this.idOf(upload.Key))) removed++;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return removed;
  }
}
