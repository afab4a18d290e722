import {
  defaultPortalSettings,
  type Attachment,
  type AuditEntry,
  type Note,
  type PortalSettingsDocument,
  type RecordRef,
  type StaffUser,
} from '@attachkit/sdk';
import { type MetadataStore } from '@attachkit/sdk/server';
import type { SqliteDatabase } from './database.js';

export interface AttachmentRow {
  id: string;
  record_type: string;
  record_id: string;
  client_id: string | null;
  name: string;
  size: number;
  mime_type: string;
  checksum: string;
  created_at: string;
  created_by: string;
  portal: 'hidden' | 'viewable';
  confidential: number;
  revision: number;
  captured_at: string | null;
}

export interface NoteRow {
  id: string;
  record_type: string;
  record_id: string;
  client_id: string | null;
  body: string;
  portal: 'hidden' | 'viewable';
  confidential: number;
  created_at: string;
  created_by: string;
  updated_at: string | null;
  updated_by: string | null;
  revision: number;
}

export interface AuditRow {
  id: string;
  at: string;
  actor_kind: AuditEntry['actor']['kind'];
  actor_id: string;
  action: string;
  target_type: AuditEntry['target']['type'];
  target_id: string;
  before: string | null;
  after: string | null;
}

/** `capturedAt` when the row has one; the guard also keeps out a row without the column (typed as always there). */
const capturedAtOf = (value: string | null | undefined) => (value === null || value === undefined ? {} : { capturedAt: value });

export const toAttachment = (r: AttachmentRow): Attachment => ({
  id: r.id,
  record: { type: r.record_type, id: r.record_id },
  clientId: r.client_id,
  name: r.name,
  size: r.size,
  mimeType: r.mime_type,
  checksum: r.checksum,
  createdAt: r.created_at,
  createdBy: r.created_by,
  portal: r.portal,
  confidential: r.confidential === 1,
  revision: r.revision,
  ...capturedAtOf(r.captured_at),
});

export const toNote = (r: NoteRow): Note => ({
  id: r.id,
  record: { type: r.record_type, id: r.record_id },
  clientId: r.client_id,
  body: r.body,
  portal: r.portal,
  confidential: r.confidential === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
  ...(r.updated_at === null ? {} : { updatedAt: r.updated_at }),
  ...(r.updated_by === null ? {} : { updatedBy: r.updated_by }),
  revision: r.revision,
});

const parseJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));
export const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: { kind: r.actor_kind, id: r.actor_id },
  action: r.action,
  target: { type: r.target_type, id: r.target_id },
  before: parseJson(r.before),
  after: parseJson(r.after),
});

/** Thrown inside a transaction to roll it back when a compare-and-set fails. */
export class StaleRevision extends Error {}

/** The portal document of a database nobody has configured yet. */
export const emptyPortalDocument: PortalSettingsDocument = { settings: defaultPortalSettings, apps: [], paymentMethods: [] };

/**
 * The SDK's MetadataStore on SQLite (better-sqlite3, WAL). Each method is one
 * transaction; writes of existing items are compare-and-set on `revision`, so
 * a stale writer changes nothing and gets `false` (the service answers 412).
 */
export function createSqliteMetadataStore(db: SqliteDatabase): MetadataStore {
  const sql = {
    listAttachments: db.prepare<[string, string], AttachmentRow>(
      'SELECT * FROM attachments WHERE record_type = ? AND record_id = ? ORDER BY created_at, id',
    ),
    getAttachment: db.prepare<[string], AttachmentRow>('SELECT * FROM attachments WHERE id = ?'),
    insertAttachment: db.prepare(
      `INSERT INTO attachments (id, record_type, record_id, client_id, name, size, mime_type, checksum, created_at, created_by, portal, confidential, revision, captured_at)
       VALUES (@id, @record_type, @record_id, @client_id, @name, @size, @mime_type, @checksum, @created_at, @created_by, @portal, @confidential, @revision, @captured_at)`,
    ),
    updateAttachment: db.prepare(
      'UPDATE attachments SET name = @name, client_id = @client_id, portal = @portal, confidential = @confidential, revision = @revision WHERE id = @id AND revision = @expected',
    ),
    deleteAttachment: db.prepare('DELETE FROM attachments WHERE id = ? AND revision = ?'),
    listNotes: db.prepare<[string, string], NoteRow>('SELECT * FROM notes WHERE record_type = ? AND record_id = ? ORDER BY created_at, id'),
    getNote: db.prepare<[string], NoteRow>('SELECT * FROM notes WHERE id = ?'),
    insertNote: db.prepare(
      `INSERT INTO notes (id, record_type, record_id, client_id, body, portal, confidential, created_at, created_by, updated_at, updated_by, revision)
       VALUES (@id, @record_type, @record_id, @client_id, @body, @portal, @confidential, @created_at, @created_by, @updated_at, @updated_by, @revision)`,
    ),
    updateNote: db.prepare(
      `UPDATE notes SET body = @body, client_id = @client_id, portal = @portal, confidential = @confidential, updated_at = @updated_at, updated_by = @updated_by, revision = @revision
       WHERE id = @id AND revision = @expected`,
    ),
    deleteNote: db.prepare('DELETE FROM notes WHERE id = ? AND revision = ?'),
    listUsers: db.prepare<[], { document: string }>('SELECT document FROM users ORDER BY rowid'),
    getUser: db.prepare<[string], { document: string }>('SELECT document FROM users WHERE id = ?'),
    putUser: db.prepare('INSERT INTO users (id, document) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET document = excluded.document'),
    getPortal: db.prepare<[], { document: string }>('SELECT document FROM portal_settings WHERE id = 1'),
    putPortal: db.prepare(
      'INSERT INTO portal_settings (id, document) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET document = excluded.document',
    ),
    insertAudit: db.prepare(
      `INSERT INTO audit (id, at, actor_kind, actor_id, action, target_type, target_id, before, after)
       VALUES (@id, @at, @actor_kind, @actor_id, @action, @target_type, @target_id, @before, @after)`,
    ),
    listAudit: db.prepare<[number], AuditRow>('SELECT * FROM audit ORDER BY seq DESC LIMIT ?'),
  };

  const attachmentParams = (a: Attachment) => ({
    id: a.id,
    record_type: a.record.type,
    record_id: a.record.id,
    client_id: a.clientId,
    name: a.name,
    size: a.size,
    mime_type: a.mimeType,
    checksum: a.checksum,
    created_at: a.createdAt,
    created_by: a.createdBy,
    portal: a.portal,
    confidential: a.confidential ? 1 : 0,
    revision: a.revision,
    captured_at: a.capturedAt ?? null,
  });
  const noteParams = (n: Note) => ({
    id: n.id,
    record_type: n.record.type,
    record_id: n.record.id,
    client_id: n.clientId,
    body: n.body,
    portal: n.portal,
    confidential: n.confidential ? 1 : 0,
    created_at: n.createdAt,
    created_by: n.createdBy,
    updated_at: n.updatedAt ?? null,
    updated_by: n.updatedBy ?? null,
    revision: n.revision,
  });

  const pickParams = <P extends Record<string, unknown>, K extends keyof P>(params: P, ...keys: K[]): Pick<P, K> =>
    Object.fromEntries(keys.map((key) => [key, params[key]])) as Pick<P, K>;

  function writeAudit(entries: AuditEntry[]): void {
    for (const e of entries) {
      sql.insertAudit.run({
        id: e.id,
        at: e.at,
        actor_kind: e.actor.kind,
        actor_id: e.actor.id,
        action: e.action,
        target_type: e.target.type,
        target_id: e.target.id,
        before: toJson(e.before),
        after: toJson(e.after),
      });
    }
  }

  /** Runs `body` in one transaction; a StaleRevision rolls it back and answers false. */
  function compareAndSet(body: () => void): boolean {
    try {
      db.transaction(body)();
      return true;
    } catch (error) {
      if (error instanceof StaleRevision) return false;
      throw error;
    }
  }

  const replaceAttachments = db.transaction((next: Attachment[], expected: ReadonlyMap<string, number>, audit: AuditEntry[]) => {
    for (const item of next) {
      const revision = expected.get(item.id);
      if (revision === undefined) throw new StaleRevision();
      const { changes } = sql.updateAttachment.run({
        ...pickParams(attachmentParams(item), 'id', 'name', 'client_id', 'portal', 'confidential', 'revision'),
        expected: revision,
      });
      if (changes !== 1) throw new StaleRevision();
    }
    writeAudit(audit);
  });
  const replaceNotes = db.transaction((next: Note[], expected: ReadonlyMap<string, number>, audit: AuditEntry[]) => {
    for (const item of next) {
      const revision = expected.get(item.id);
      if (revision === undefined) throw new StaleRevision();
      const { changes } = sql.updateNote.run({
        ...pickParams(noteParams(item), 'id', 'body', 'client_id', 'portal', 'confidential', 'updated_at', 'updated_by', 'revision'),
        expected: revision,
      });
      if (changes !== 1) throw new StaleRevision();
    }
    writeAudit(audit);
  });

  function deleteWithAudit(
    statement: { run(id: string, revision: number): { changes: number } },
    id: string,
    revision: number,
    audit: AuditEntry[],
  ): void {
    if (statement.run(id, revision).changes !== 1) throw new StaleRevision();
    writeAudit(audit);
  }

  const pick = <Row, T>(statement: { get(id: string): Row | undefined }, map: (row: Row) => T, ids: readonly string[]): T[] =>
    db.transaction(() =>
      ids.flatMap((id) => {
        const row = typeof id === 'string' ? statement.get(id) : undefined;
        return row ? [map(row)] : [];
      }),
    )();

  return {
    listAttachments: async (record: RecordRef) => sql.listAttachments.all(record.type, record.id).map(toAttachment),
    getAttachments: async (ids) => pick(sql.getAttachment, toAttachment, ids),
    insertAttachment: async (attachment, audit) =>
      db.transaction(() => {
        sql.insertAttachment.run(attachmentParams(attachment));
        writeAudit(audit);
      })(),
    replaceAttachments: async (next, expected, audit) => compareAndSet(() => replaceAttachments(next, expected, audit)),
    deleteAttachment: async (id, revision, audit) => compareAndSet(() => deleteWithAudit(sql.deleteAttachment, id, revision, audit)),

    listNotes: async (record: RecordRef) => sql.listNotes.all(record.type, record.id).map(toNote),
    getNotes: async (ids) => pick(sql.getNote, toNote, ids),
    insertNote: async (note, audit) =>
      db.transaction(() => {
        sql.insertNote.run(noteParams(note));
        writeAudit(audit);
      })(),
    replaceNotes: async (next, expected, audit) => compareAndSet(() => replaceNotes(next, expected, audit)),
    deleteNote: async (id, revision, audit) => compareAndSet(() => deleteWithAudit(sql.deleteNote, id, revision, audit)),

    listUsers: async () => sql.listUsers.all().map((r) => JSON.parse(r.document) as StaffUser),
    getUser: async (id) => {
      const row = typeof id === 'string' ? sql.getUser.get(id) : undefined;
      return row ? (JSON.parse(row.document) as StaffUser) : null;
    },
    putUser: async (user, audit) =>
      db.transaction(() => {
        sql.putUser.run(user.id, JSON.stringify(user));
        writeAudit(audit);
      })(),

    getPortalSettings: async () => {
      const row = sql.getPortal.get();
      return row ? (JSON.parse(row.document) as PortalSettingsDocument) : structuredClone(emptyPortalDocument);
    },
    putPortalSettings: async (document, audit) =>
      db.transaction(() => {
        sql.putPortal.run(JSON.stringify(document));
        writeAudit(audit);
      })(),

    listAudit: async (limit) => sql.listAudit.all(limit).map(toAuditEntry),
  };
}
