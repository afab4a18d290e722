import type { Attachment, AuditEntry, Note, PortalSettingsDocument, StaffUser } from '@attachkit/sdk';
import type { MetadataStore } from '@attachkit/sdk/server';
import type pg from 'pg';
import {
  emptyPortalDocument,
  StaleRevision,
  toAttachment,
  toAuditEntry,
  toJson,
  toNote,
  type AttachmentRow,
  type AuditRow,
  type NoteRow,
} from './sqlite-metadata-store.js';
import { createPostgresReads, rowsOf, type PostgresRead, type PostgresReads } from './postgres-reads.js';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Runs `body` in one transaction on one pooled connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function writeAudit(client: Queryable, entries: AuditEntry[]): Promise<void> {
  for (const e of entries) {
    await client.query(
      'INSERT INTO audit (id, at, actor_kind, actor_id, action, target_type, target_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [e.id, e.at, e.actor.kind, e.actor.id, e.action, e.target.type, e.target.id, toJson(e.before), toJson(e.after)],
    );
  }
}

/** The row type of each table `pick` reads. */
interface TableRows {
  attachments: AttachmentRow;
  notes: NoteRow;
}

/** The rows of `ids` in the order asked (missing ones skipped), as the SQLite store answers. */
async function pick<Table extends keyof TableRows, T>(
  reads: PostgresReads,
  table: Table,
  ids: readonly string[],
  map: (row: TableRows[Table]) => T,
): Promise<T[]> {
  const wanted = ids.filter((id): id is string => typeof id === 'string');
  if (wanted.length === 0) return [];
  const rows = await reads({
    name: `get-${table}`,
    sql: `SELECT json_agg(t) FROM ${table} t WHERE id = ANY($1::text[])`,
    values: [wanted],
    decode: rowsOf<TableRows[Table]>,
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return wanted.flatMap((id) => {
    const row = byId.get(id);
    return row ? [map(row)] : [];
  });
}

/** A record's rows, oldest first (the order of the SQLite store). */
const listOf = <Row>(table: 'attachments' | 'notes', record: { type: string; id: string }): PostgresRead<Row[]> => ({
  name: `list-${table}`,
  sql: `SELECT json_agg(t ORDER BY t.created_at, t.id COLLATE "C") FROM ${table} t WHERE t.record_type = $1 AND t.record_id = $2`,
  values: [record.type, record.id],
  decode: rowsOf<Row>,
});

/** A JSON document column (users, portal settings), or null when the row is missing. */
const documentOf = (value: unknown): unknown => (value === null ? null : JSON.parse(value as string));

/**
 * The SDK's MetadataStore on PostgreSQL (a `pg` pool), with the SQLite
 * store's behaviour: each method is one transaction; a write of existing
 * items is an `UPDATE … WHERE revision = expected`, so a stale writer (on any
 * process) changes nothing and gets `false` (the service answers 412).
 * Under READ COMMITTED a second writer of the same row waits for the first
 * to commit, re-reads the row and then no longer matches the revision.
 * Reads go through `reads`: those a request asks for at once share one
 * statement (postgres-reads.ts).
 */
export function createPostgresMetadataStore(pool: pg.Pool, reads: PostgresReads = createPostgresReads(pool)): MetadataStore {
  /** Compare-and-set of several items in one transaction: all change or none. */
  async function replace<T extends { id: string; revision: number }>(
    next: T[],
    expected: ReadonlyMap<string, number>,
    audit: AuditEntry[],
    update: (client: pg.PoolClient, item: T, expected: number) => Promise<number | null>,
  ): Promise<boolean> {
    try {
      await inTransaction(pool, async (client) => {
        for (const item of next) {
          const revision = expected.get(item.id);
          if (revision === undefined) throw new StaleRevision();
          if ((await update(client, item, revision)) !== 1) throw new StaleRevision();
        }
        await writeAudit(client, audit);
      });
      return true;
    } catch (error) {
      if (error instanceof StaleRevision) return false;
      throw error;
    }
  }

  const updateAttachment = async (client: pg.PoolClient, a: Attachment, expected: number) =>
    (
      await client.query(
        'UPDATE attachments SET name = $2, portal = $3, confidential = $4, revision = $5, client_id = $6 WHERE id = $1 AND revision = $7',
        [a.id, a.name, a.portal, a.confidential ? 1 : 0, a.revision, a.clientId, expected],
      )
    ).rowCount;
  const updateNote = async (client: pg.PoolClient, n: Note, expected: number) =>
    (
      await client.query(
        'UPDATE notes SET body = $2, portal = $3, confidential = $4, revision = $5, client_id = $6, updated_at = $7, updated_by = $8 WHERE id = $1 AND revision = $9',
        [n.id, n.body, n.portal, n.confidential ? 1 : 0, n.revision, n.clientId, n.updatedAt ?? null, n.updatedBy ?? null, expected],
      )
    ).rowCount;
  const insertNote = (client: Queryable, n: Note) =>
    client.query(
      `INSERT INTO notes (id, record_type, record_id, client_id, body, portal, confidential, created_at, created_by, updated_at, updated_by, revision)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        n.id,
        n.record.type,
        n.record.id,
        n.clientId,
        n.body,
        n.portal,
        n.confidential ? 1 : 0,
        n.createdAt,
        n.createdBy,
        n.updatedAt ?? null,
        n.updatedBy ?? null,
        n.revision,
      ],
    );
  /** Deletes the row at the expected revision and writes its audit entries, in one transaction. */
  async function remove(table: 'attachments' | 'notes', id: string, revision: number, audit: AuditEntry[]): Promise<boolean> {
    return inTransaction(pool, async (client) => {
      if ((await client.query(`DELETE FROM ${table} WHERE id = $1 AND revision = $2`, [id, revision])).rowCount !== 1) return false;
      await writeAudit(client, audit);
      return true;
    });
  }

  return {
    listAttachments: async (record) => (await reads(listOf<AttachmentRow>('attachments', record))).map(toAttachment),
    getAttachments: (ids) => pick(reads, 'attachments', ids, toAttachment),
    insertAttachment: (a, audit) =>
      inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO attachments (id, record_type, record_id, client_id, name, size, mime_type, checksum, created_at, created_by, portal, confidential, revision, captured_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [
            a.id,
            a.record.type,
            a.record.id,
            a.clientId,
            a.name,
            a.size,
            a.mimeType,
            a.checksum,
            a.createdAt,
            a.createdBy,
            a.portal,
            a.confidential ? 1 : 0,
            a.revision,
            a.capturedAt ?? null,
          ],
        );
        await writeAudit(client, audit);
      }),
    replaceAttachments: (next, expected, audit) => replace(next, expected, audit, updateAttachment),
    deleteAttachment: (id, revision, audit) => remove('attachments', id, revision, audit),

    listNotes: async (record) => (await reads(listOf<NoteRow>('notes', record))).map(toNote),
    getNotes: (ids) => pick(reads, 'notes', ids, toNote),
    insertNote: (note, audit) =>
      inTransaction(pool, async (client) => {
        await insertNote(client, note);
        await writeAudit(client, audit);
      }),
    replaceNotes: (next, expected, audit) => replace(next, expected, audit, updateNote),
    deleteNote: (id, revision, audit) => remove('notes', id, revision, audit),

    listUsers: async () =>
      (await pool.query<{ document: string }>('SELECT document FROM users ORDER BY seq')).rows.map(
        (r) => JSON.parse(r.document) as StaffUser,
      ),
    getUser: async (id) =>
      typeof id !== 'string'
        ? null
        : reads({
            name: 'get-user',
            sql: 'SELECT document FROM users WHERE id = $1',
            values: [id],
            decode: (value) => documentOf(value) as StaffUser | null,
          }),
    putUser: (user, audit) =>
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO users (id, document) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET document = excluded.document', [
          user.id,
          JSON.stringify(user),
        ]);
        await writeAudit(client, audit);
      }),

    getPortalSettings: async () =>
      (await reads({
        name: 'get-portal',
        sql: 'SELECT document FROM portal_settings WHERE id = 1',
        values: [],
        decode: (value) => documentOf(value) as PortalSettingsDocument | null,
      })) ?? structuredClone(emptyPortalDocument),
    putPortalSettings: (document, audit) =>
      inTransaction(pool, async (client) => {
        await client.query(
          'INSERT INTO portal_settings (id, document) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET document = excluded.document',
          [JSON.stringify(document)],
        );
        await writeAudit(client, audit);
      }),

    listAudit: async (limit) =>
      (await pool.query<AuditRow>('SELECT * FROM audit ORDER BY seq DESC LIMIT $1', [limit])).rows.map(toAuditEntry),
  };
}
