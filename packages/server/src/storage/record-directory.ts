import type { RecordRef } from '@attachkit/sdk';
import type { SqliteDatabase } from './database.js';

/** A host record and the customer it belongs to (`null`: an internal record no client sees). */
export interface RegisteredRecord extends RecordRef {
  clientId: string | null;
}

/**
 * Records a host pushed with `PUT /api/records/:type/:id` (or the demo seed
 * wrote). Behind an interface so another database can hold them.
 */
export interface RecordDirectory {
  get(record: RecordRef): Promise<{ clientId: string | null } | null>;
  put(record: RegisteredRecord): Promise<void>;
}

/** The RecordDirectory on the server's SQLite database. */
export function createSqliteRecordDirectory(db: SqliteDatabase): RecordDirectory {
  const get = db.prepare<[string, string], { client_id: string | null }>('SELECT client_id FROM records WHERE type = ? AND id = ?');
  const put = db.prepare(
    'INSERT INTO records (type, id, client_id) VALUES (?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET client_id = excluded.client_id',
  );
  return {
    async get(record) {
      const row = get.get(record.type, record.id);
      return row ? { clientId: row.client_id } : null;
    },
    async put(record) {
      put.run(record.type, record.id, record.clientId);
    },
  };
}
