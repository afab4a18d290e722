/**
 * The real parts of the scaled-out stack for one suite: a private PostgreSQL
 * server (support/postgres.ts) and an S3-protocol server (support/s3.ts),
 * started together and stopped together, and for each server under test a
 * fresh database and bucket.
 *
 *   let world: ScaledOutWorld;
 *   before(async () => (world = await startScaledOutWorld()));
 *   after(() => world?.stop());
 *   … createServer({ ...(await world.storage('suite')) … })
 */
import { startPostgres, type TestPostgres } from './postgres.js';
import { startS3, type TestS3 } from './s3.js';

/** A fresh database and bucket: the `metadata` and `blobs` URLs a server (or `--metadata` / `--blobs`) takes. */
export interface ScaledOutStorage {
  metadata: string;
  blobs: string;
  bucket: string;
}

export interface ScaledOutWorld {
  readonly postgres: TestPostgres;
  readonly s3: TestS3;
  /** A new empty database and bucket named after `name`; `prefix` and `query` go into the blobs URL (`partSize`, `staleAfter`…). */
  storage(name: string, blobs?: { prefix?: string; query?: Record<string, string> }): Promise<ScaledOutStorage>;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
}

/** Starts PostgreSQL and s3rver at once; when one fails to start, the other is stopped again. */
export async function startScaledOutWorld(): Promise<ScaledOutWorld> {
  const [postgres, s3] = await Promise.allSettled([startPostgres(), startS3()]);
  if (postgres.status === 'rejected' || s3.status === 'rejected') {
    await Promise.all([postgres.status === 'fulfilled' && postgres.value.stop(), s3.status === 'fulfilled' && s3.value.stop()]);
    throw postgres.status === 'rejected' ? postgres.reason : (s3 as PromiseRejectedResult).reason;
  }
  const world: ScaledOutWorld = {
    postgres: postgres.value,
    s3: s3.value,
    async storage(name, blobs = {}) {
      const [metadata, bucket] = await Promise.all([world.postgres.createDatabase(name), world.s3.createBucket(name)]);
      return { metadata, bucket, blobs: world.s3.blobsUrl(bucket, blobs.prefix, blobs.query) };
    },
    stop: async () => {
      await Promise.all([world.postgres.stop(), world.s3.stop()]);
    },
  };
  return world;
}
