import type { Attachment, UploadRestrictions } from '@attachkit/sdk';
import type { AttachKitService, MetadataStore } from '@attachkit/sdk/server';
import type { Authenticate } from './auth/authenticate.js';
import type { BlobStore } from './storage/blob-store.js';
import type { RecordDirectory } from './storage/record-directory.js';
import type { IngestSettings } from './upload/ingest.js';

/** What the routes work with: the SDK service (all the rules), storage, and the auth hook. */
export interface ServerContext {
  service: AttachKitService;
  store: MetadataStore;
  blobs: BlobStore;
  records: RecordDirectory;
  restrictions: UploadRestrictions;
  authenticate: Authenticate;
  /** Runs `body` alone across every server process sharing the metadata (the demo seed uses it). */
  exclusive<T>(name: string, body: () => Promise<T>): Promise<T>;
  /** The upload pipeline's settings: malware scanning (`scan` / `clamav` options), photo location. */
  ingest: IngestSettings;
  /**
   * tus uploads in progress (set once the server is built): remove the expired ones now; the ids of those
   * whose bytes are at their blob's key (S3), which the content sweep leaves alone.
   */
  uploads?: { sweepExpired(): Promise<number>; inUse(): Promise<ReadonlySet<string>> };
  /** A short-lived URL to download the attachment straight from the bucket, when presigned downloads are on. */
  presignedDownload?: (attachment: Attachment) => Promise<string | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The attachkit server's parts, for hosts that add routes or seed data. */
    attachkit: ServerContext;
  }
}
