import { join } from 'node:path';
import { MemoryLocker, Server as TusServer, type DataStore, type Locker, type Upload } from '@tus/server';
import type { AttachKitError, Attachment, Session } from '@attachkit/sdk';
import type { AttachKitService, MetadataStore, UploadDraft } from '@attachkit/sdk/server';
import type { BlobStore } from '../storage/blob-store.js';
import type { CompletionClaims } from '../storage/completion-claims.js';
import type { S3BlobStore } from '../storage/s3-blob-store.js';
import { ingestUpload, type IngestSettings } from './ingest.js';
import { ContentTracker } from './resumable-checksum.js';
import { DurableFileStore } from './resumable-file-store.js';
import { createClaimRunner, errorOf, UploadCompletingError } from './resumable-claim.js';
import { finishResumable, type FinishedBytes } from './resumable-finish.js';
import type { ResumableUploadOptions } from './resumable-options.js';
import { BucketUploadStore } from './resumable-s3-store.js';
import { sweepTempDirectory } from './resumable-s3-temp.js';

/** Where resumable uploads start (`POST`) and live (`HEAD`/`PATCH`/`DELETE` `/api/uploads/:id`). */
export const uploadsPath = '/api/uploads';

/** The tus extensions offered: no deferred length (the size is checked before any byte), no concatenation. */
export const tusExtensions = ['creation', 'creation-with-upload', 'termination', 'expiration'];

const day = 24 * 60 * 60 * 1000;

export type { ResumableUploadOptions } from './resumable-options.js';

/** What the route adapter tells the tus hooks about one request. */
export interface UploadRequestState {
  session: Session;
  /** POST: the draft from `prepareUpload` (its id becomes the upload's and the attachment's id). */
  draft?: UploadDraft;
  /** HEAD/PATCH/DELETE: the upload id from the path. */
  id?: string;
  /** The error the tus server answered with, for the problem+json body. */
  error?: unknown;
  /** Set when the request completed the upload: its tus bookkeeping (and, when refused, its bytes) is to be removed. */
  finished?: string;
}

/** Server-set metadata keys; whatever else the client sent (except `filetype`) is dropped. */
interface UploadMetadata {
  filename: string;
  recordType: string;
  recordId: string;
  /** `staff:<id>` of the principal who created the upload: only they may touch it. */
  owner: string;
  filetype?: string;
}

export const ownerOf = (session: Session): string => `${session.principal.kind}:${session.principal.id}`;

export interface ResumableUploads {
  tus: TusServer;
  datastore: DataStore;
  /** The state the adapter attaches to each web request handed to tus. */
  states: WeakMap<Request, UploadRequestState>;
  /** The upload's server-set metadata, or null when there is no (live) upload with that id. */
  find(id: string): Promise<{ upload: Upload; metadata: UploadMetadata } | null>;
  /**
   * Removes what is left of a finished upload: its tus bookkeeping, and its
   * bytes unless they are an attachment's now (on S3 the upload's object is the blob).
   */
  discard(id: string): Promise<void>;
  /**
   * For a HEAD on a finished upload that is no attachment yet: resolves while
   * a completion of it runs (on any process), rejects with the refusal its
   * completion answered, and when no completion runs (its process died, its
   * lease ran out) starts one here in the background and resolves: the
   * client asks again.
   */
  completionPending(session: Session, id: string): Promise<void>;
  /**
   * A PATCH at the end of an upload that holds all its bytes (a client repeating its completing PATCH): the
   * completion again, under the claim — its attachment, 423 while another request completes it, or its refusal.
   */
  completeAgain(session: Session, upload: Upload): Promise<Attachment>;
  /** The refusal a completion of upload `id` by `session` answered, kept for the client's retries; null when there is none. */
  refusal(session: Session, id: string): Promise<AttachKitError | null>;
  /** Removes expired unfinished uploads; returns how many. */
  sweepExpired(): Promise<number>;
  /** The ids of the uploads whose bytes are in the blob store's own keys (S3), for the blob sweep to leave alone. */
  inUse(): Promise<ReadonlySet<string>>;
  close(): void;
}

export interface ResumableUploadDeps {
  service: AttachKitService;
  store: MetadataStore;
  /** Which process completes a finished upload (the metadata store's upload_claims). */
  claims: CompletionClaims;
  /**
   * tus's upload locks when several processes reach the same uploads (S3 and PostgreSQL: one HEAD or PATCH of an
   * upload at a time across them, a new one asking the old one to let go); tus's in-memory locks otherwise.
   */
  locker?: Locker;
  blobs: BlobStore;
  settings: IngestSettings;
  maxBytes: number;
  /** Where unfinished uploads are kept on disk (`<dataDir>/uploads`) when the content is not on S3. */
  directory: string;
  /**
   * The S3 blob store: unfinished uploads then live in its bucket, shared by every process, each as a
   * multipart upload at its blob's key (`<prefix>blobs/<id>`) with an `.info` (and a `.part`) under `<prefix>uploads/`.
   */
  s3?: S3BlobStore | null;
  /** On S3, where parts wait to be sent (`<dataDir>/tmp/s3-parts`, this process's own: emptied at start). */
  tempDirectory: string;
  log: { warn(object: unknown, message: string): void };
}

/** The tus store, and where a finished upload's bytes are for the completion. */
interface UploadStorage {
  datastore: DataStore;
  bytes(upload: Upload): FinishedBytes;
  /** Removes a finished upload once its completion answered (its bytes too, unless they are an attachment's). */
  removeFinished: (id: string) => Promise<void>;
  inUse: () => Promise<ReadonlySet<string>>;
}

/** A finished upload's length (tus finishes an upload only once its length is known and reached). */
function finishedSize(upload: Upload): number {
  if (upload.size === undefined) throw new Error(`the finished upload ${upload.id} has no length`);
  return upload.size;
}

async function openUploadStorage(deps: ResumableUploadDeps, expiresAfterMs: number): Promise<UploadStorage> {
  if (deps.s3) {
    // Parts a killed process left behind; this process writes none before it is done.
    await sweepTempDirectory(deps.tempDirectory);
    const store = new BucketUploadStore({
      bucket: deps.s3.bucket,
      blobsPrefix: deps.s3.blobsPrefix,
      uploadsPrefix: `${deps.s3.prefix}uploads/`,
      client: deps.s3.clientConfig,
      partSize: deps.s3.partSize,
      expirationPeriodInMilliseconds: expiresAfterMs,
      tempDirectory: deps.tempDirectory,
      committed: async (id) => (await deps.store.getAttachments([id])).length > 0,
    });
    return {
      datastore: store,
      removeFinished: (id) => store.removeFinished(id),
      inUse: () => store.uploadIds(),
      bytes: (upload) => {
        const size = finishedSize(upload);
        return {
          size,
          adopt: { kind: 'object', bucket: store.bucketName, key: store.key(upload.id), size },
          read: () => store.read(upload.id),
        };
      },
    };
  }
  const store = new DurableFileStore({ directory: deps.directory, expirationPeriodInMilliseconds: expiresAfterMs });
  return {
    datastore: store,
    // The blob is a hard link of its own: removing the tus file leaves it.
    removeFinished: (id) => store.remove(id),
    // Their own directory: never among the blobs.
    inUse: async () => new Set(),
    bytes: (upload) => {
      const path = join(deps.directory, upload.id);
      return { size: finishedSize(upload), adopt: { kind: 'file', path }, localPath: path, read: async () => store.read(upload.id) };
    },
  };
}

/**
 * tus 1.0 (`@tus/server` over `@tus/file-store`, or `@tus/s3-store` on S3):
 * the route adapter checks the caller and the record before tus sees a
 * request; tus handles offsets, locking and expiry; on completion the bytes go
 * through the same ingest as a multipart upload, under the upload's id, and
 * what is left of the upload is removed.
 */
export async function createResumableUploads(deps: ResumableUploadDeps, options: ResumableUploadOptions = {}): Promise<ResumableUploads> {
  const { service, blobs, maxBytes } = deps;
  const states = new WeakMap<Request, UploadRequestState>();
  const locker = deps.locker ?? new MemoryLocker();
  // Completions of one upload inside this process, one after the other; across processes the claim decides (423).
  const completions = new MemoryLocker();
  const expiresAfterMs = options.expiresAfterMs ?? day;
  const storage = await openUploadStorage(deps, expiresAfterMs);
  // A refusal is kept as long as the upload could have lived: a client resuming later still learns it.
  const underClaim = createClaimRunner({ claims: deps.claims, keepMs: expiresAfterMs, log: deps.log, leaseMs: options.completionLeaseMs });
  const { datastore } = storage;
  datastore.extensions = [...tusExtensions];
  const tracker = new ContentTracker();
  tracker.follow(datastore);

  const stateOf = (request: Request): UploadRequestState => {
    const state = states.get(request);
    if (!state) throw new Error('tus request without attachkit state');
    return state;
  };

  /**
   * Runs the upload pipeline on the finished bytes, once: a repeated
   * completion finds the attachment. Across processes, a completion runs
   * only under the upload's claim (resumable-claim.ts): a client repeating its
   * last PATCH elsewhere while the first still checks the file is answered 423
   * (it asks again, and learns the first one's result), so two completions
   * never reach different verdicts on one upload, and one never removes the
   * bytes the other is publishing. `onClaim` says whether this request holds
   * the upload (and removes it once answered).
   */
  async function complete(session: Session, upload: Upload, onClaim: (ours: boolean) => void): Promise<Attachment> {
    const tracked = tracker.take(upload.id, upload.size ?? -1);
    const lock = completions.newLock(`complete:${upload.id}`);
    await lock.lock(new AbortController().signal, async () => {});
    try {
      const committed = async () => (await deps.store.getAttachments([upload.id]))[0];
      const existing = await committed();
      if (existing) {
        onClaim(true);
        return existing;
      }
      const metadata = upload.metadata as unknown as UploadMetadata;
      return await underClaim(upload.id, {
        owner: metadata.owner,
        onClaim,
        body: async (ours) => {
          // Committed by a completion that held the claim before this one took it.
          const before = await committed();
          if (before) return before;
          // Checked again at completion: the permission or the record may have changed since creation.
          const prepared = await service.prepareUpload(
            session,
            { type: metadata.recordType, id: metadata.recordId },
            { name: metadata.filename, size: upload.size },
          );
          const draft = { ...prepared, id: upload.id };
          const bytes = storage.bytes(upload);
          const common = { service, blobs, draft, maxBytes, settings: deps.settings };
          return (
            (await finishResumable({ ...common, bytes, tracked, committed, ours })) ??
            (await ingestUpload({ ...common, source: await bytes.read() }))
          );
        },
      });
    } finally {
      await lock.unlock();
    }
  }

  /** A completion outside tus's PATCH handling (its bytes are all there already); removes the upload when it held it. */
  async function completeAgain(session: Session, upload: Upload): Promise<Attachment> {
    const held = { ours: false };
    try {
      return await complete(session, upload, (ours) => (held.ours = ours));
    } finally {
      if (held.ours) await discard(upload.id);
    }
  }

  async function discard(id: string): Promise<void> {
    tracker.forget(id);
    await storage.removeFinished(id).catch((error: unknown) => deps.log.warn({ err: error, id }, 'could not remove a finished upload'));
  }

  const tus = new TusServer({
    path: uploadsPath,
    datastore,
    locker,
    maxSize: maxBytes,
    relativeLocation: true,
    // CORS is the app's (exact allowed origins); tus adds none of its own.
    allowedOrigins: () => false,
    getFileIdFromRequest: (request) => stateOf(request).id ?? stateOf(request).draft?.id,
    namingFunction: (request) => {
      const draft = stateOf(request).draft;
      if (!draft) throw new Error('tus creation without a draft');
      return draft.id;
    },
    async onUploadCreate(request, upload) {
      const { session, draft } = stateOf(request);
      if (!draft) throw new Error('tus creation without a draft');
      const filetype = upload.metadata?.filetype;
      const metadata: UploadMetadata = {
        filename: draft.name,
        recordType: draft.record.type,
        recordId: draft.record.id,
        owner: ownerOf(session),
        ...(typeof filetype === 'string' && filetype.length <= 255 ? { filetype } : {}),
      };
      return { metadata: metadata as unknown as Record<string, string> };
    },
    async onUploadFinish(request, upload) {
      const state = stateOf(request);
      // Whether it becomes an attachment or is refused, the upload has served: removed once tus has answered —
      // by the request that completed it, not by one answered 423 while another completes it.
      const attachment = await complete(state.session, upload, (ours) => (state.finished = ours ? upload.id : undefined));
      return { headers: { 'Attachkit-Attachment-Id': attachment.id } };
    },
    onResponseError(request, error) {
      const state = states.get(request);
      if (state) state.error = error;
      return undefined;
    },
  });

  let timer: NodeJS.Timeout | undefined;
  const sweepExpired = async () => {
    await deps.claims.sweep();
    return datastore.deleteExpired();
  };
  const sweepQuietly = () =>
    void sweepExpired().catch((error: unknown) => deps.log.warn({ err: error }, 'could not sweep expired uploads'));
  const interval = options.sweepIntervalMs ?? 60 * 60 * 1000;
  if (interval > 0) {
    sweepQuietly();
    timer = setInterval(sweepQuietly, interval);
    timer.unref();
  }

  return {
    tus,
    datastore,
    states,
    async find(id) {
      let upload: Upload;
      try {
        upload = await datastore.getUpload(id);
      } catch {
        return null;
      }
      const metadata = upload.metadata as unknown as UploadMetadata | undefined;
      return metadata?.owner ? { upload, metadata } : null;
    },
    discard,
    async completionPending(session, id) {
      const claim = await deps.claims.get(id);
      if (claim?.state === 'running') return;
      if (claim?.state === 'settled') {
        await discard(id);
        throw errorOf(claim.outcome);
      }
      // Nobody completes it (its process died, or its lease ran out): this process does, with no request waiting for it.
      const upload = await datastore.getUpload(id);
      completeAgain(session, upload).catch((error: unknown) => {
        if (!(error instanceof UploadCompletingError)) deps.log.warn({ err: error, id }, 'a resumed completion was refused');
      });
    },
    completeAgain,
    async refusal(session, id) {
      const claim = await deps.claims.get(id);
      return claim?.state === 'settled' && claim.owner === ownerOf(session) ? errorOf(claim.outcome) : null;
    },
    sweepExpired,
    inUse: () => storage.inUse(),
    close() {
      clearInterval(timer);
    },
  };
}
