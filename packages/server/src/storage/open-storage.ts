import { join } from 'node:path';
import type { MetadataStore } from '@attachkit/sdk/server';
import { withReadCache } from './cached-metadata-store.js';
import { createPostgresCompletionClaims, createSqliteCompletionClaims, type CompletionClaims } from './completion-claims.js';
import { openDatabase } from './database.js';
import { openPostgres } from './postgres-database.js';
import { createPostgresMetadataStore } from './postgres-metadata-store.js';
import { createPostgresReads } from './postgres-reads.js';
import { createPostgresRecordDirectory } from './postgres-record-directory.js';
import { createPostgresUploadLocker, type PostgresUploadLocker } from './postgres-upload-locker.js';
import { createSqliteRecordDirectory, type RecordDirectory } from './record-directory.js';
import { createSqliteMetadataStore } from './sqlite-metadata-store.js';

/** Where metadata lives: SQLite in the data directory (default) or PostgreSQL. */
export interface MetadataStorage {
  readonly kind: 'sqlite' | 'postgres';
  readonly store: MetadataStore;
  readonly records: RecordDirectory;
  /** Which process completes a finished tus upload, shared by every process on this metadata. */
  readonly claims: CompletionClaims;
  /**
   * tus's upload locks shared by every process on this metadata (PostgreSQL), for uploads that every process
   * can reach (S3); absent on SQLite, whose one process keeps tus's own in-memory locks.
   */
  readonly sharedUploadLocker?: (log: { warn(object: unknown, message: string): void }) => Promise<PostgresUploadLocker>;
  /** Runs `body` alone across every process sharing this metadata (an advisory lock on PostgreSQL). */
  readonly exclusive: <T>(name: string, body: () => Promise<T>) => Promise<T>;
  /** Throws when the database does not answer. */
  readonly check: () => Promise<void>;
  close(): Promise<void>;
}

/** Parses a metadata URL: `postgres://…` / `postgresql://…`; anything else is refused with the reason. */
export function parseMetadataUrl(url: string): { kind: 'postgres'; url: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`The metadata URL is not a URL: expected postgres://user@host:5432/database.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`The metadata URL has the scheme ${parsed.protocol.replace(/:$/, '')}: expected postgres://user@host:5432/database.`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host'))
    throw new Error('The metadata URL names no host: expected postgres://user@host:5432/database.');
  return { kind: 'postgres', url };
}

/** A chain that runs bodies one after another inside this process. */
function localExclusive(): MetadataStorage['exclusive'] {
  let tail: Promise<unknown> = Promise.resolve();
  return (_name, body) => {
    const run = tail.then(body, body);
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * Opens the metadata store. SQLite keeps the per-process read cache (one
 * process owns the file). PostgreSQL runs without it: several processes
 * share the database, and no decision may come from a stale copy
 * (docs/deploy.md, "Read cache", has the measurements).
 */
export async function openMetadata(
  dataDir: string,
  metadataUrl?: string,
  options: { poolSize?: number; readCache?: boolean } = {},
): Promise<MetadataStorage> {
  if (metadataUrl) {
    const { url } = parseMetadataUrl(metadataUrl);
    const database = await openPostgres(url, options);
    // One batcher for both: the caller, the portal settings, the record's owner and its list travel together.
    const reads = createPostgresReads(database.pool);
    const store = createPostgresMetadataStore(database.pool, reads);
    return {
      kind: 'postgres',
      store: options.readCache ? withReadCache(store) : store,
      records: createPostgresRecordDirectory(database.pool, reads),
      claims: createPostgresCompletionClaims(database.pool),
      sharedUploadLocker: (log) => createPostgresUploadLocker(database.pool, url, { log }),
      exclusive: database.exclusive,
      check: async () => {
        await database.pool.query('SELECT 1');
      },
      close: () => database.close(),
    };
  }
  const db = openDatabase(join(dataDir, 'attachkit.sqlite'));
  const check = db.prepare('SELECT 1');
  return {
    kind: 'sqlite',
    store: options.readCache === false ? createSqliteMetadataStore(db) : withReadCache(createSqliteMetadataStore(db)),
    records: createSqliteRecordDirectory(db),
    claims: createSqliteCompletionClaims(db),
    exclusive: localExclusive(),
    check: async () => void check.get(),
    close: async () => void db.close(),
  };
}
