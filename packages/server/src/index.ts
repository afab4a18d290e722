/**
 * @attachkit/server — the reference backend: a REST API on Fastify, SQLite and
 * files on disk that enforces the SDK policy on every request.
 */
export { createServer, type AttachKitServer, type CreateServerOptions } from './app.js';
export type { ServerContext } from './context.js';
export {
  createBearerAuthenticator,
  bearerToken,
  isHostCaller,
  type Authenticate,
  type Caller,
  type HostCaller,
} from './auth/authenticate.js';
export { loadTokenFile, parseTokenFile, provisionTokenUsers, TokenFileError } from './auth/token-file.js';
export { createDiskBlobStore, type BlobStore, type BlobWriter, type ByteRange, type DiskBlobStore } from './storage/blob-store.js';
export { openDatabase, schemaVersion, type SqliteDatabase } from './storage/database.js';
export { DataDirectoryInUseError } from './storage/data-lock.js';
export { createSqliteMetadataStore } from './storage/sqlite-metadata-store.js';
export { withReadCache } from './storage/cached-metadata-store.js';
export { createSqliteRecordDirectory, type RecordDirectory, type RegisteredRecord } from './storage/record-directory.js';
export { corsAllowedHeaders, corsExposedHeaders, OriginListError, parseAllowedOrigins } from './http/cors.js';
export { defaultRateLimits, RateLimitedError, type RateLimitOptions, type RateLimitWindow } from './http/rate-limit.js';
export { problemOf, type ProblemDocument } from './http/problem.js';
export { hostOf, sessionOf, type RouteAuth } from './http/caller.js';
export { classifyContent, sniffFile, type SniffResult } from './upload/sniff.js';
export { ingestUpload } from './upload/ingest.js';
export { demoTokens, demoAuthenticate, seedDemo, createDemoServer } from './demo/seed.js';
export { createClamavScanner, clamavOptionsFromUrl, type ClamavOptions } from './scan/clamav.js';
export { ScannerUnavailableError, type ScanHook, type ScanInput, type ScanVerdict } from './scan/scan.js';
export type { ResumableUploadOptions } from './upload/resumable-options.js';
