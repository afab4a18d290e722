import type { Readable } from 'node:stream';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { ERRORS, Upload, type KvStore } from '@tus/server';

export interface BucketUploadStoreOptions {
  bucket: string;
  /** Key prefix of unfinished uploads, e.g. `attachkit/uploads/`: `<prefix><id>` (the multipart upload), `.info`, `.part`. */
  prefix: string;
  /** The blob store's S3 client configuration (endpoint, region, credentials…). */
  client: S3ClientConfig;
  /** Bytes per part (at least 5 MiB). */
  partSize: number;
  expirationPeriodInMilliseconds: number;
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
const fileNotFound = () => Object.assign(new Error(ERRORS.FILE_NOT_FOUND.body.trim()), ERRORS.FILE_NOT_FOUND);

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

const idPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/**
 * Unfinished tus uploads in the bucket, shared by every server process
 * (`@tus/s3-store`: one S3 multipart upload per tus upload, parts of
 * `partSize`, a `.info` object with the upload's metadata, a `.part` object
 * for a tail shorter than a part). What it adds to `S3Store`: the keys live
 * under a prefix (beside the blob store's `blobs/`, never in its way), no
 * per-process cache, a removal that also clears a completed upload, and an
 * expiry sweep that looks only under its own prefix (S3Store's would abort
 * every multipart upload in the bucket).
 */
export class BucketUploadStore extends S3Store {
  readonly prefix: string;
  readonly bucketName: string;

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
      // Parts in flight per process (each waits in a temp file of os.tmpdir() until sent).
      maxConcurrentPartUploads: 8,
    });
    this.prefix = options.prefix;
    this.bucketName = options.bucket;
  }

  /** The object key of an upload: the key of its multipart upload, and of the object once it is complete. */
  key(id: string): string {
    if (!idPattern.test(id)) throw fileNotFound();
    return `${this.prefix}${id}`;
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
    return withId(upload, id);
  }

  override read(id: string): Promise<Readable> {
    return super.read(this.key(id));
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    await super.declareUploadLength(this.key(id), length);
  }

  /** Aborts the multipart upload (when still open) and deletes the object, `.info` and `.part`; FILE_NOT_FOUND when there is no upload. */
  override async remove(id: string): Promise<void> {
    const key = this.key(id);
    let uploadId: string | undefined;
    try {
      uploadId = (await this.client.headObject({ Bucket: this.bucket, Key: this.infoKey(key) })).Metadata?.['upload-id'];
    } catch (error) {
      if (isMissing(error)) throw fileNotFound();
      throw error;
    }
    await this.discardKeys(key, uploadId);
  }

  private async discardKeys(key: string, uploadId: string | undefined): Promise<void> {
    if (uploadId) {
      await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: key, UploadId: uploadId }).catch((error: unknown) => {
        if (!isMissing(error)) throw error; // completed already: the object is deleted below
      });
    }
    // The .info last: while it exists, the sweep finds the upload again.
    await Promise.all([key, this.partKey(key, true)].map((Key) => this.client.deleteObject({ Bucket: this.bucket, Key })));
    await this.client.deleteObject({ Bucket: this.bucket, Key: this.infoKey(key) });
  }

  /**
   * Removes the uploads created longer than the expiry ago, finished or not
   * (a finished one still here was left by a crash during its completion),
   * and multipart uploads under the prefix older than that without an `.info`
   * (a crash between the two writes of a creation). Answers how many.
   */
  override async deleteExpired(): Promise<number> {
    const expiry = this.getExpiration();
    if (expiry <= 0) return 0;
    const cutoff = Date.now() - expiry;
    let removed = 0;
    let token: string | undefined;
    const expired: string[] = [];
    do {
      const page = await this.client.listObjectsV2({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token });
      for (const item of page.Contents ?? [])
        if (item.Key?.endsWith('.info') && (item.LastModified?.getTime() ?? 0) < cutoff) expired.push(item.Key.slice(0, -'.info'.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    for (const key of expired) {
      const uploadId = await this.client
        .headObject({ Bucket: this.bucket, Key: this.infoKey(key) })
        .then((head) => head.Metadata?.['upload-id'])
        .catch(() => undefined);
      await this.discardKeys(key, uploadId);
      removed++;
    }

    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.listMultipartUploads({
        Bucket: this.bucket,
        Prefix: this.prefix,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
      });
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || (upload.Initiated?.getTime() ?? 0) >= cutoff) continue;
        await this.client
          .abortMultipartUpload({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId })
          .catch((error: unknown) => {
            if (!isMissing(error)) throw error;
          });
        if (!expired.includes(upload.Key)) removed++;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return removed;
  }
}
