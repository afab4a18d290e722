import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AttachKitError, defaultUploadRestrictions, type PermissionCatalog, type UploadRestrictions } from '@attachkit/sdk';
import { createAttachKitService, type ResolveRecord } from '@attachkit/sdk/server';
import type { Authenticate } from './auth/authenticate.js';
import type { ServerContext } from './context.js';
import { parseAllowedOrigins, registerCors } from './http/cors.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { registerRateLimits, resolveRateLimits, type RateLimitOptions } from './http/rate-limit.js';
import { sendProblem, toHttpError } from './http/problem.js';
import { registerAuthHook } from './http/caller.js';
import { registerOpenApi } from './openapi/document.js';
import { lazySerializers } from './openapi/serializers.js';
import { addSecurityHeaders } from './http/security-headers.js';
import { answerConnectionTimeouts, resolveTimeouts, timeoutServerOptions, type ServerTimeouts } from './http/timeouts.js';
import { closeConnectionsOfUnreadBodies } from './http/unread-body.js';
import { registerAttachmentRoutes } from './routes/attachments.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerNoteRoutes } from './routes/notes.js';
import { registerPortalRoutes } from './routes/portal.js';
import { registerRecordRoutes } from './routes/records.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerThumbnailRoutes } from './routes/thumbnails.js';
import { registerUploadRoutes } from './routes/uploads.js';
import { registerUserRoutes } from './routes/users.js';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { registerHealthRoutes } from './routes/health.js';
import { lockDataDirectory } from './storage/data-lock.js';
import { openBlobs } from './storage/open-blobs.js';
import { openMetadata } from './storage/open-storage.js';
import type { PostgresUploadLocker } from './storage/postgres-upload-locker.js';
import { createResumableUploads } from './upload/resumable.js';
import type { ResumableUploadOptions } from './upload/resumable-options.js';
import { clamavOptionsFromUrl, createClamavScanner, type ClamavOptions } from './scan/clamav.js';
import type { ScanHook } from './scan/scan.js';

export interface CreateServerOptions extends ServerTimeouts {
  /**
   * Where the SQLite database (`attachkit.sqlite`) and the files (`blobs/`, `tmp/`, `uploads/`) live. Created when missing.
   * One server per folder: `attachkit-server.lock` in it names the running server, and a second one is refused.
   */
  dataDir: string;
  /**
   * Metadata on PostgreSQL instead of SQLite: `postgres://user:password@host:5432/database`
   * (libpq-style parameters such as `sslmode` work). Several server processes may share it.
   */
  metadata?: string;
  /** PostgreSQL connections per process (default 10). */
  postgresPoolSize?: number;
  /**
   * The per-process read cache of lists, users and portal settings. Default:
   * on with SQLite, off with PostgreSQL, where other processes write too and a
   * cached grant could outlive its revocation (docs/deploy.md, "Read cache").
   * Turn it on for PostgreSQL only when a single process uses the database.
   */
  readCache?: boolean;
  /**
   * Content on an S3-compatible store instead of the data directory:
   * `s3://bucket/prefix?endpoint=…&forcePathStyle=true&region=…&presign=SECONDS&staleAfter=SECONDS&partSize=BYTES`
   * (docs/deploy.md). Credentials and region come from the AWS SDK's standard chain.
   */
  blobs?: string;
  /** More S3 client configuration (e.g. `credentials`), merged over what the blobs URL says. */
  s3?: S3ClientConfig;
  /** Seconds between sweeps of the bucket for leftovers of crashed uploads (default 900; 0: only at start). */
  sweepIntervalSeconds?: number;
  /** Who made a request: a staff user or portal client with an access level, the host service, or null (401). */
  authenticate: Authenticate;
  /**
   * Which customer a host record belongs to; null for an unknown record (404).
   * Records registered with `PUT /api/records/:type/:id` answer when the hook
   * does not know a record (or when there is no hook).
   */
  resolveRecord?: ResolveRecord;
  /** The permission catalog (default: the SDK's built-in one, possibly extended by the host). */
  catalog?: PermissionCatalog;
  /** Upload restrictions the server enforces (default: the SDK's: 25 MB, executables refused). */
  limits?: Partial<UploadRestrictions>;
  /** The host's activated apps and payment methods (portal settings depend on them); stored on start when given. */
  portal?: { apps?: string[]; paymentMethods?: string[] };
  /**
   * Malware scanning of every upload before it becomes visible: your own hook, or
   * `clamav` (clamd over TCP or a Unix socket: options or `tcp://host:port` / `unix:/path`).
   * Infected → 422 `upload.malware` (audited); scanner unreachable → 503 `scan.unavailable`.
   */
  scan?: ScanHook;
  clamav?: ClamavOptions | string;
  /** Keep the GPS position of uploaded photos (default false: removed from JPEG, PNG and WebP EXIF/XMP without re-encoding). */
  keepLocation?: boolean;
  /** Resumable (tus) uploads at `/api/uploads`: how long an unfinished upload lives and how often expired ones are swept. */
  resumableUploads?: ResumableUploadOptions;
  /**
   * Exact origins of host pages allowed to call the API from the browser (CORS), e.g.
   * `['https://crm.example.com']`. Others get no CORS headers; never `*`. Default: none.
   */
  allowedOrigins?: readonly string[];
  /**
   * Rate limits: failed authentications per client address (default 20 a minute) and uploads per
   * principal (default 120 a minute), then 429 with `Retry-After`. `false` turns them off (tests).
   * Behind a proxy, set `trustProxy` so the client's address is the one counted.
   */
  rateLimit?: RateLimitOptions | false;
  /** Fastify's logger option (default: off). */
  logger?: FastifyServerOptions['logger'];
  /** Fastify's trustProxy option, when the server runs behind a reverse proxy. */
  trustProxy?: FastifyServerOptions['trustProxy'];
}

/** The Fastify instance, with the attachkit parts on `app.attachkit`; `close()` also closes the database. */
export type AttachKitServer = FastifyInstance;

/**
 * Creates the reference server: a thin Fastify adapter over the SDK service,
 * with metadata in SQLite (WAL, migrated on start) or PostgreSQL, and content
 * on disk or in an S3-compatible bucket. On start it checks both answer, and
 * removes temp files and content left by crashed uploads. Call
 * `listen()` on the result, and `close()` to stop it.
 */
export async function createServer(options: CreateServerOptions): Promise<AttachKitServer> {
  const allowedOrigins = parseAllowedOrigins(options.allowedOrigins);
  const timeouts = resolveTimeouts(options);
  const rateLimits = resolveRateLimits(options.rateLimit);
  await mkdir(options.dataDir, { recursive: true });
  // The folder is this process's alone (its start empties temp files another would be writing): a second server on it stops here.
  const lock = await lockDataDirectory(options.dataDir);
  const metadata = await openMetadata(options.dataDir, options.metadata, {
    poolSize: options.postgresPoolSize,
    readCache: options.readCache,
  }).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  let content: Awaited<ReturnType<typeof openBlobs>> | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let resumable: { close(): void } | undefined;
  let locker: PostgresUploadLocker | undefined;
  let built: AttachKitServer;
  try {
    const { store, records } = metadata;
    content = await openBlobs(options.dataDir, options.blobs, options.s3);
    const blobStorage = content;
    const { blobs } = blobStorage;
    await blobStorage.check();

    if (options.portal) {
      const document = await store.getPortalSettings();
      await store.putPortalSettings(
        {
          ...document,
          apps: options.portal.apps ?? document.apps,
          paymentMethods: options.portal.paymentMethods ?? document.paymentMethods,
        },
        [],
      );
    }

    const restrictions: UploadRestrictions = { ...defaultUploadRestrictions, ...options.limits };
    const hook = options.resolveRecord;
    const service = createAttachKitService({
      store,
      catalog: options.catalog,
      restrictions,
      resolveRecord: async (record) => (hook ? await hook(record) : null) ?? (await records.get(record)),
    });
    const clamav = typeof options.clamav === 'string' ? clamavOptionsFromUrl(options.clamav) : options.clamav;
    const scan = options.scan ?? (clamav ? createClamavScanner(clamav) : undefined);
    const s3 = blobStorage.s3;
    const context: ServerContext = {
      service,
      store,
      blobs,
      records,
      restrictions,
      authenticate: options.authenticate,
      exclusive: metadata.exclusive,
      ingest: { scanning: scan ? { scan, store } : undefined, keepLocation: options.keepLocation ?? false },
      presignedDownload: s3
        ? (attachment) => s3.presignedUrl(attachment.id, { name: attachment.name, mimeType: attachment.mimeType, inline: false })
        : undefined,
    };

    const app = Fastify({
      logger: options.logger ?? false,
      trustProxy: options.trustProxy ?? false,
      bodyLimit: 1024 * 1024,
      ...timeoutServerOptions(timeouts),
      frameworkErrors,
      clientErrorHandler,
      schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
    });
    answerConnectionTimeouts(app.server);
    closeConnectionsOfUnreadBodies(app);
    // On S3 every process reaches every upload, and a tech's resumed PATCH may reach another one than the PATCH it replaces.
    if (blobStorage.s3 && metadata.sharedUploadLocker) locker = await metadata.sharedUploadLocker(app.log);
    const uploads = await createResumableUploads(
      {
        service,
        store,
        claims: metadata.claims,
        locker,
        blobs,
        settings: context.ingest,
        maxBytes: restrictions.maxBytes,
        directory: join(options.dataDir, 'uploads'),
        s3: blobStorage.s3,
        tempDirectory: join(options.dataDir, 'tmp', 's3-parts'),
        log: app.log,
      },
      options.resumableUploads,
    );
    resumable = uploads;
    context.uploads = uploads;
    app.decorate('attachkit', context);
    // After the uploads are open: on S3 an unfinished upload's parts are at its blob's key, and the sweep must know them.
    await blobStorage.sweep(store, () => uploads.inUse());
    const sweepSeconds = options.sweepIntervalSeconds ?? 900;
    if (blobStorage.kind === 's3' && sweepSeconds > 0) {
      sweeper = setInterval(() => {
        blobStorage.sweep(store, () => uploads.inUse()).catch((error: unknown) => app.log.warn({ err: error }, 'content sweep failed'));
      }, sweepSeconds * 1000).unref();
    }
    app.addHook('onClose', async () => {
      uploads.close();
      clearInterval(sweeper);
      blobStorage.close();
      await locker?.close();
      await metadata.close();
      await lock.release();
    });
    // Node closes only the connections idle at close time; end each keep-alive connection whose last response
    // finishes during the shutdown, or close() would wait for its keep-alive timeout.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onResponse', async (request) => {
      // Node types the socket as always there; the guard stays for a request whose socket is gone.
      if (closing) (request.raw.socket as Socket | null)?.end();
    });
    await registerCors(app, allowedOrigins);
    await registerRateLimits(app, rateLimits);
    await app.register(multipart, { preservePath: true, limits: { files: 1, fields: 0, parts: 1, fileSize: restrictions.maxBytes } });
    // After CORS (a 401 carries the CORS headers), before the routes (each /api route defaults to `auth: 'session'`).
    registerAuthHook(app, options.authenticate);
    await registerOpenApi(app);

    app.addHook('onSend', async (_request, reply, payload) => {
      addSecurityHeaders(reply);
      return payload;
    });
    app.setErrorHandler((error, request, reply) => {
      const httpError = toHttpError(error);
      if (httpError.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, httpError);
    });
    app.setNotFoundHandler((_request, reply) =>
      sendProblem(reply, new AttachKitError('route.notFound', 'There is no such route.', { status: 404 })),
    );

    registerHealthRoutes(app, { metadata: metadata.check, blobs: blobStorage.check });
    registerSessionRoutes(app, context);
    registerAttachmentRoutes(app, context);
    registerNoteRoutes(app, context);
    registerUserRoutes(app, context);
    registerPortalRoutes(app, context);
    registerRecordRoutes(app, context);
    registerAuditRoutes(app, context);
    registerUploadRoutes(app, context, uploads);
    registerThumbnailRoutes(app, context);
    built = app;
  } catch (error) {
    clearInterval(sweeper);
    resumable?.close();
    content?.close();
    await locker?.close();
    await metadata.close();
    await lock.release();
    throw error;
  }
  // Returned outside the try, as before: the instance is thenable, and its plugins load when the caller awaits it.
  return built;
}
