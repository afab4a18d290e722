import pg from 'pg';

/** The PostgreSQL pool the server's stores share, with the migrations run. */
export interface PostgresDatabase {
  readonly pool: pg.Pool;
  /**
   * Runs `body` while holding a PostgreSQL advisory lock named `name`, so one
   * process at a time runs it across every server on the database.
   */
  readonly exclusive: <T>(name: string, body: () => Promise<T>) => Promise<T>;
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Connections per process (default 10). */
  poolSize?: number;
}

/** A schema step; steps run in order, each once, each in one transaction. Keep in step with database.ts (SQLite). */
const migrations: string[] = [
  `
  CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    client_id TEXT,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    mime_type TEXT NOT NULL,
    checksum TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    created_by TEXT NOT NULL,
    portal TEXT NOT NULL CHECK (portal IN ('hidden', 'viewable')),
    confidential SMALLINT NOT NULL CHECK (confidential IN (0, 1)),
    revision INTEGER NOT NULL CHECK (revision > 0)
  );
  CREATE INDEX attachments_by_record ON attachments (record_type, record_id, created_at, id COLLATE "C");

  CREATE TABLE notes (
    id TEXT PRIMARY KEY,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    client_id TEXT,
    body TEXT NOT NULL,
    portal TEXT NOT NULL CHECK (portal IN ('hidden', 'viewable')),
    confidential SMALLINT NOT NULL CHECK (confidential IN (0, 1)),
    created_at TEXT COLLATE "C" NOT NULL,
    created_by TEXT NOT NULL,
    revision INTEGER NOT NULL CHECK (revision > 0)
  );
  CREATE INDEX notes_by_record ON notes (record_type, record_id, created_at, id COLLATE "C");

  CREATE TABLE users (
    seq BIGSERIAL UNIQUE,
    id TEXT PRIMARY KEY,
    document TEXT NOT NULL
  );

  CREATE TABLE portal_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL
  );

  CREATE TABLE audit (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    before TEXT,
    after TEXT
  );

  CREATE TABLE records (
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    client_id TEXT,
    PRIMARY KEY (type, id)
  );
  `,
  // Notes remember their last edit (as SQLite migration 2).
  `
  ALTER TABLE notes ADD COLUMN updated_at TEXT;
  ALTER TABLE notes ADD COLUMN updated_by TEXT;
  `,
  // A photo's capture time (as SQLite migration 3).
  'ALTER TABLE attachments ADD COLUMN captured_at TEXT;',
  // Which process completes a finished tus upload (as SQLite migration 4; storage/completion-claims.ts).
  `
  CREATE TABLE upload_claims (
    id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    owner TEXT NOT NULL,
    expires TIMESTAMPTZ NOT NULL,
    outcome TEXT
  );
  `,
  // tus's upload locks across processes (storage/postgres-upload-locker.ts; PostgreSQL only: SQLite has one process).
  `
  CREATE TABLE upload_locks (
    id TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    expires TIMESTAMPTZ NOT NULL
  );
  `,
];

/** The schema version this code writes (rows of `attachkit_migrations`). */
export const postgresSchemaVersion = migrations.length;

/** SQL for the database's clock plus the milliseconds in query parameter `param` (`'$1'`): leases measured on one clock for every process. */
export const msFromNow = (param: string) => `clock_timestamp() + ${param} * interval '1 millisecond'`;

/** A 64-bit advisory lock key per name, the same in every process. */
const lockKey = (name: string) => `hashtextextended('attachkit:${name.replace(/'/g, "''")}', 0)`;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function migrate(client: pg.PoolClient, url: string): Promise<void> {
  await client.query(`SELECT pg_advisory_lock(${lockKey('migrations')})`);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS attachkit_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM attachkit_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(`The database ${redactUrl(url)} has schema version ${current}; this server knows up to ${migrations.length}.`);
    }
    for (let version = current; version < migrations.length; version++) {
      const migration = migrations[version];
      if (migration === undefined) {
        throw new Error(`The database ${redactUrl(url)} has schema version ${version}, which this server has no migration from.`);
      }
      await client.query('BEGIN');
      try {
        await client.query(migration);
        await client.query('INSERT INTO attachkit_migrations (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${lockKey('migrations')})`);
  }
}

/** BIGINT columns (sizes, sequence numbers) read as numbers: every value here is below 2^53. */
type GetTypeParser = typeof pg.types.getTypeParser;
const types = {
  getTypeParser: (oid: Parameters<GetTypeParser>[0], format?: Parameters<GetTypeParser>[1]): unknown =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
};

/**
 * Connects to PostgreSQL (a `postgres://` URL), checks the database answers,
 * and runs the migrations it has not run yet under an advisory lock, so
 * several processes starting at once migrate exactly once. A database written
 * by a newer server is refused.
 */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000, types });
  // An idle client's error (the server restarting) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`Cannot reach the metadata database ${redactUrl(url)}: ${(error as Error).message || String(error)}`, {
      cause: error,
    });
  }
  try {
    await migrate(client, url);
  } catch (error) {
    client.release();
    await pool.end().catch(() => {});
    throw error;
  }
  client.release();

  return {
    pool,
    async exclusive(name, body) {
      const lockClient = await pool.connect();
      try {
        await lockClient.query(`SELECT pg_advisory_lock(${lockKey(name)})`);
        try {
          return await body();
        } finally {
          await lockClient.query(`SELECT pg_advisory_unlock(${lockKey(name)})`);
        }
      } finally {
        lockClient.release();
      }
    },
    close: () => pool.end(),
  };
}
