import Database from 'better-sqlite3';

/** The SQLite handle the server's stores share. */
export type SqliteDatabase = Database.Database;

/** A schema step; steps run in order, each once, each in one transaction. */
type Migration = (db: SqliteDatabase) => void;

const migrations: Migration[] = [
  (db) =>
    db.exec(`
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        client_id TEXT,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mime_type TEXT NOT NULL,
        checksum TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        portal TEXT NOT NULL CHECK (portal IN ('hidden', 'viewable')),
        confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
        revision INTEGER NOT NULL CHECK (revision > 0)
      ) STRICT;
      CREATE INDEX attachments_by_record ON attachments (record_type, record_id, created_at, id);

      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        client_id TEXT,
        body TEXT NOT NULL,
        portal TEXT NOT NULL CHECK (portal IN ('hidden', 'viewable')),
        confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision > 0)
      ) STRICT;
      CREATE INDEX notes_by_record ON notes (record_type, record_id, created_at, id);

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        document TEXT NOT NULL
      ) STRICT;

      CREATE TABLE portal_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        document TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        before TEXT,
        after TEXT
      ) STRICT;

      CREATE TABLE records (
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        client_id TEXT,
        PRIMARY KEY (type, id)
      ) STRICT;
    `),
  // Notes remember their last edit; the audit log names the host when a record moved customer.
  (db) =>
    db.exec(`
      ALTER TABLE notes ADD COLUMN updated_at TEXT;
      ALTER TABLE notes ADD COLUMN updated_by TEXT;
    `),
  // A photo's capture time (EXIF DateTimeOriginal), optional.
  (db) => db.exec('ALTER TABLE attachments ADD COLUMN captured_at TEXT;'),
  // Which process completes a finished tus upload (storage/completion-claims.ts); expires in ms since the epoch.
  (db) =>
    db.exec(`
      CREATE TABLE upload_claims (
        id TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires INTEGER NOT NULL,
        outcome TEXT
      ) STRICT;
    `),
];

/** The schema version this code writes (SQLite `user_version`). */
export const schemaVersion = migrations.length;

/**
 * Opens (or creates) the database in WAL mode and runs the migrations it has
 * not run yet. A database written by a newer server is refused.
 */
export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    db.close();
    throw new Error(`The database ${file} has schema version ${current}; this server knows up to ${migrations.length}.`);
  }
  for (let version = current; version < migrations.length; version++) {
    const migrate = migrations[version];
    if (!migrate) throw new Error(`The database ${file} has schema version ${version}, which this server has no migration from.`);
    db.transaction(() => {
      migrate(db);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return db;
}
