import { PassThrough, type Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import contentDisposition from 'content-disposition';
import type { BlobStore, BlobWriter } from './blob-store.js';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix, e.g. `attachkit/` (default: none). Content lives under `<prefix>blobs/<id>`. */
  prefix?: string;
  /** The S3 client's configuration (endpoint, forcePathStyle, region…); credentials come from the AWS SDK's standard chain. */
  client?: S3ClientConfig;
  /** Multipart part size in bytes (at least 5 MiB; default 8 MiB). */
  partSize?: number;
  /** Parts uploaded at once per upload (default 4): memory per upload is about partSize × queueSize. */
  queueSize?: number;
  /** Seconds a presigned GET lives; 0 (default) streams downloads through the server instead. */
  presignSeconds?: number;
  /** Age (seconds) after which the sweep treats an object without a row, or an unfinished multipart upload, as left by a crash (default 3600). */
  staleAfterSeconds?: number;
}

export interface S3BlobStore extends BlobStore {
  readonly bucket: string;
  readonly prefix: string;
  /** Where the blobs are: `<prefix>blobs/`, blob `id` at `<prefix>blobs/<id>` (resumable uploads are keyed there too). */
  readonly blobsPrefix: string;
  /** The S3 client's configuration, for other parts on the same bucket (resumable uploads). */
  readonly clientConfig: S3ClientConfig;
  /** Multipart part size in bytes. */
  readonly partSize: number;
  /** Throws a clear error when the bucket is missing or unreachable. */
  check(): Promise<void>;
  /**
   * Removes what crashes left: objects older than `staleAfterSeconds` with no
   * metadata row (`orphans` says which of the ids have none), and multipart
   * uploads begun longer ago than that and never finished. Ids in `inUse`
   * (resumable uploads, whose multipart upload and object are at the blob's
   * key, and which their own expiry sweep removes) are left alone: take the
   * set just before the sweep.
   */
  sweep(orphans: (ids: string[]) => Promise<string[]>, inUse?: ReadonlySet<string>): Promise<{ objects: number; uploads: number }>;
  /** A short-lived GET URL for the blob, when presigned downloads are on (`presignSeconds` > 0); else null. */
  presignedUrl(id: string, download: { name: string; mimeType: string; inline: boolean }): Promise<string | null>;
  close(): void;
}

const minPartSize = 5 * 1024 * 1024;
const idPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

function checkId(id: string): string {
  if (!idPattern.test(id)) throw new Error(`invalid blob id ${JSON.stringify(id)}`);
  return id;
}

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Blobs on any S3-compatible store (AWS S3, MinIO, R2, Ceph RGW), at
 * `<prefix>blobs/<id>`. Uploads stream through `@aws-sdk/lib-storage`
 * (multipart, parts of `partSize`, never the whole file in memory). An object
 * appears in the bucket only when its multipart upload completes, which the
 * upload pipeline awaits in `commit()` before it commits the metadata row:
 * content nobody has a row for is never served, and a crash leaves either an
 * unfinished multipart upload or an object without a row, both swept.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): S3BlobStore {
  const { bucket } = options;
  const prefix = options.prefix ?? '';
  const client = new S3Client({ ...options.client });
  const partSize = Math.max(minPartSize, options.partSize ?? 8 * 1024 * 1024);
  const queueSize = options.queueSize ?? 4;
  const staleAfterMs = (options.staleAfterSeconds ?? 3600) * 1000;
  const blobsPrefix = `${prefix}blobs/`;
  const keyOf = (id: string) => blobsPrefix + checkId(id);

  async function* listKeys(): AsyncGenerator<{ id: string; modified: number }> {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: blobsPrefix, ContinuationToken: token }));
      for (const item of page.Contents ?? []) {
        const id = item.Key?.slice(blobsPrefix.length);
        if (id && idPattern.test(id)) yield { id, modified: item.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  return {
    bucket,
    prefix,
    blobsPrefix,
    clientConfig: { ...options.client },
    partSize,

    async create(id): Promise<BlobWriter> {
      const key = keyOf(id);
      // A small buffer: lib-storage gathers the parts; backpressure holds the upload to about partSize × queueSize.
      const stream = new PassThrough({ highWaterMark: 1024 * 1024 });
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: stream },
        partSize,
        queueSize,
        leavePartsOnError: false,
      });
      const done = upload.done();
      // A failed part (the store down, a timeout) fails the pipeline writing into the stream instead of stalling it.
      done.catch((error: unknown) => stream.destroy(error as Error));
      let completed = false;
      let discarded = false;
      return {
        stream,
        async commit() {
          await done;
          completed = true;
        },
        async discard() {
          if (discarded) return;
          discarded = true;
          if (!stream.destroyed) stream.destroy();
          if (!completed) {
            await upload.abort().catch(() => {});
            completed = await done.then(
              () => true,
              () => false,
            );
          }
          if (completed) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        },
      };
    },

    async adopt(id, source) {
      // A resumable upload's object is written at the blob's key: already in place, nothing to copy. Anything else is streamed.
      if (source.kind !== 'object' || source.bucket !== bucket || source.key !== keyOf(id)) return false;
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: source.key }));
      if (head.ContentLength !== source.size)
        throw new Error(`the object ${source.key} holds ${head.ContentLength ?? 0} bytes, not the ${source.size} of the finished upload`);
      return true;
    },

    async size(id) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(id) }));
        return head.ContentLength ?? 0;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    read(id, range) {
      const out = new PassThrough();
      client
        .send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(id), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }))
        .then((response) => {
          const body = response.Body as Readable;
          body.on('error', (error) => out.destroy(error));
          out.on('close', () => body.destroy());
          body.pipe(out);
        })
        .catch((error: unknown) => out.destroy(error as Error));
      return out;
    },

    async delete(id) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(id) }));
    },

    async *list() {
      for await (const { id } of listKeys()) yield id;
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const why =
          status === 404
            ? 'the bucket does not exist'
            : status === 403
              ? 'access is denied (check the credentials)'
              : (error as Error).message || (error as Error).name;
        // Only a string endpoint reads as an address; an endpoint object or provider would print as [object Object] or source.
        const endpoint = options.client?.endpoint;
        throw new Error(`Cannot use the S3 bucket ${bucket}${typeof endpoint === 'string' && endpoint ? ` at ${endpoint}` : ''}: ${why}.`, {
          cause: error,
        });
      }
    },

    async sweep(orphans, inUse = new Set()) {
      const cutoff = Date.now() - staleAfterMs;
      let objects = 0;
      let batch: string[] = [];
      const flush = async () => {
        for (const id of await orphans(batch)) {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(id) }));
          objects++;
        }
        batch = [];
      };
      for await (const { id, modified } of listKeys()) {
        if (modified > cutoff || inUse.has(id)) continue;
        batch.push(id);
        if (batch.length >= 500) await flush();
      }
      await flush();

      let uploads = 0;
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      do {
        const page = await client.send(
          new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: blobsPrefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId || (upload.Initiated?.getTime() ?? 0) > cutoff) continue;
          if (inUse.has(upload.Key.slice(blobsPrefix.length))) continue;
          await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
          uploads++;
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
      return { objects, uploads };
    },

    async presignedUrl(id, download) {
      if (!options.presignSeconds) return null;
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: keyOf(id),
        ResponseContentType: download.mimeType,
        ResponseContentDisposition: contentDisposition(download.name, { type: download.inline ? 'inline' : 'attachment' }),
        ResponseCacheControl: 'private, no-store',
      });
      return getSignedUrl(client, command, { expiresIn: options.presignSeconds });
    },

    close: () => client.destroy(),
  };
}
