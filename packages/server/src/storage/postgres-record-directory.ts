import type pg from 'pg';
import type { RecordDirectory } from './record-directory.js';

/** The RecordDirectory on PostgreSQL: the same `records` table as on SQLite. */
export function createPostgresRecordDirectory(pool: pg.Pool): RecordDirectory {
  return {
    async get(record) {
      const { rows } = await pool.query<{ client_id: string | null }>('SELECT client_id FROM records WHERE type = $1 AND id = $2', [
        record.type,
        record.id,
      ]);
      return rows[0] ? { clientId: rows[0].client_id } : null;
    },
    async put(record) {
      await pool.query(
        'INSERT INTO records (type, id, client_id) VALUES ($1, $2, $3) ON CONFLICT (type, id) DO UPDATE SET client_id = excluded.client_id',
        [record.type, record.id, record.clientId],
      );
    },
  };
}
