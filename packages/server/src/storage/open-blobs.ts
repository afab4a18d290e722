import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { MetadataStore } from '@attachkit/sdk/server';
import { blobOwner } from '../upload/thumbnail.js';
import { createDiskBlobStore, type BlobStore } from './blob-store.js';
import { createS3BlobStore, type S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';

/** Where content lives: files under the data directory (default) or an S3-compatible bucket. */
export interface BlobStorage {
  readonly kind: 'disk' | 's3';
  readonly blobs: BlobStore;
  /** The S3 store, for presigned downloads; null on disk. */
  readonly s3: S3BlobStore | null;
  /** Throws when the store cannot be used (a missing bucket, refused credentials). */
  readonly check: () => Promise<void>;
  /**
   * Removes content with no metadata row and leftovers of crashed uploads; answers how many it removed.
   * `inUse` answers the ids of the resumable uploads keyed in the store (S3): their objects, multipart
   * uploads and thumbnails are left to the uploads' own expiry sweep.
   */
  sweep(store: MetadataStore, inUse?: () => Promise<ReadonlySet<string>>): Promise<number>;
  close(): void;
}

const usage = 'expected s3://bucket/prefix?endpoint=https://host:port&forcePathStyle=true&region=…';

/**
 * Parses `s3://bucket/prefix?endpoint=…&forcePathStyle=true&region=…&presign=SECONDS&staleAfter=SECONDS&partSize=BYTES`.
 * Credentials are not part of the URL: the AWS SDK's standard chain finds them (AWS_ACCESS_KEY_ID…, profiles, roles).
 */
export function parseBlobsUrl(url: string): S3BlobStoreOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`The blobs URL is not a URL: ${usage}.`);
  }
  if (parsed.protocol !== 's3:') throw new Error(`The blobs URL has the scheme ${parsed.protocol.replace(/:$/, '')}: ${usage}.`);
  const bucket = parsed.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new Error(`The blobs URL names the bucket "${bucket}", which is not a valid S3 bucket name (3-63 characters a-z 0-9 . -).`);
  if (parsed.username || parsed.password)
    throw new Error('Put no credentials in the blobs URL: the AWS SDK reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles or roles.');
  const known = new Set(['endpoint', 'forcePathStyle', 'region', 'presign', 'staleAfter', 'partSize']);
  for (const name of parsed.searchParams.keys())
    if (!known.has(name)) throw new Error(`The blobs URL has an unknown parameter "${name}": known are ${[...known].join(', ')}.`);
  const number = (name: string, min: number) => {
    const text = parsed.searchParams.get(name);
    if (text === null) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`The blobs URL parameter ${name}=${text} must be a whole number of at least ${min}.`);
    return value;
  };
  const endpoint = parsed.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint))
    throw new Error(`The blobs URL's endpoint "${endpoint}" is not an http(s) URL.`);
  const forcePathStyle = parsed.searchParams.get('forcePathStyle');
  const region = parsed.searchParams.get('region');
  if (forcePathStyle !== null && forcePathStyle !== 'true' && forcePathStyle !== 'false')
    throw new Error('The blobs URL parameter forcePathStyle must be true or false.');
  const path = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
  return {
    bucket,
    prefix: path === '' || path.endsWith('/') ? path : `${path}/`,
    client: {
      ...(endpoint ? { endpoint } : {}),
      ...(forcePathStyle !== null ? { forcePathStyle: forcePathStyle === 'true' } : {}),
      ...(region ? { region } : {}),
    },
    presignSeconds: number('presign', 0),
    staleAfterSeconds: number('staleAfter', 0),
    partSize: number('partSize', 5 * 1024 * 1024),
  };
}

/** Which of `ids` have no attachment row (a thumbnail belongs to its attachment's row). */
async function withoutRow(store: MetadataStore, ids: string[]): Promise<string[]> {
  const found = new Set((await store.getAttachments([...new Set(ids.map(blobOwner))])).map((a) => a.id));
  return ids.filter((id) => !found.has(blobOwner(id)));
}

/**
 * Opens the blob store: disk under `dataDir` by default, S3 when `blobsUrl`
 * is given (`clientConfig` adds to what the URL says, e.g. credentials).
 */
export async function openBlobs(dataDir: string, blobsUrl?: string, clientConfig: S3ClientConfig = {}): Promise<BlobStorage> {
  if (blobsUrl) {
    const parsed = parseBlobsUrl(blobsUrl);
    const s3 = createS3BlobStore({
      ...parsed,
      client: { region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1', ...parsed.client, ...clientConfig },
    });
    return {
      kind: 's3',
      blobs: s3,
      s3,
      check: () => s3.check(),
      sweep: async (store, inUse) => {
        // Taken before anything is listed: an upload created later has only young parts, which no sweep touches.
        const uploadIds = (await inUse?.()) ?? new Set<string>();
        const orphans = async (ids: string[]) => (await withoutRow(store, ids)).filter((id) => !uploadIds.has(blobOwner(id)));
        const { objects, uploads } = await s3.sweep(orphans, uploadIds);
        return objects + uploads;
      },
      close: () => s3.close(),
    };
  }
  const disk = await createDiskBlobStore(dataDir);
  return {
    kind: 'disk',
    blobs: disk,
    s3: null,
    check: async () => {
      await access(disk.directory, constants.W_OK);
      await access(disk.tempDirectory, constants.W_OK);
    },
    // One process owns the data directory: whatever has no row now is left by a crash.
    sweep: async (store) => {
      let removed = await disk.removeStrayTempFiles();
      const batch: string[] = [];
      for await (const id of disk.list()) batch.push(id);
      for (let i = 0; i < batch.length; i += 500) {
        for (const id of await withoutRow(store, batch.slice(i, i + 500))) {
          await disk.delete(id);
          removed++;
        }
      }
      return removed;
    },
    close: () => {},
  };
}
