import type pg from 'pg';
import { createPostgresReads, type PostgresReads } from './postgres-reads.js';
import type { RecordDirectory } from './record-directory.js';

/** The RecordDirectory on PostgreSQL: the same `records` table as on SQLite; its look-ups join the request's other reads. */
export function createPostgresRecordDirectory(pool: pg.Pool, reads: PostgresReads = createPostgresReads(pool)): RecordDirectory {
  return {
    get: (record) =>
      reads({
        name: 'get-record',
        sql: "SELECT json_build_object('clientId', client_id) FROM records WHERE type = $1 AND id = $2",
        values: [record.type, record.id],
        decode: (value) => (value as { clientId: string | null } | null) ?? null,
      }),
    async put(record) {
      await pool.query(
        'INSERT INTO records (type, id, client_id) VALUES ($1, $2, $3) ON CONFLICT (type, id) DO UPDATE SET client_id = excluded.client_id',
        [record.type, record.id, record.clientId],
      );
    },
  };
}
