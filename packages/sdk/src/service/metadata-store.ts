import type { Attachment, AuditEntry, Note, RecordRef, StaffUser } from '../model/schemas.js';
import type { PortalSettingsDocument } from '../backend/backend.js';

/**
 * Where the service keeps metadata. Each method is one atomic unit: an
 * implementation over SQL runs it in one transaction. `expected` maps ids to
 * the revision the caller read; when any differs the method changes nothing
 * and returns false (the service answers 412).
 */
export interface MetadataStore {
  listAttachments(record: RecordRef): Promise<Attachment[]>;
  getAttachments(ids: readonly string[]): Promise<Attachment[]>;
  insertAttachment(attachment: Attachment, audit: AuditEntry[]): Promise<void>;
  /** Writes every field a caller or the service may change: name, portal, confidential, clientId, revision. */
  replaceAttachments(next: Attachment[], expected: ReadonlyMap<string, number>, audit: AuditEntry[]): Promise<boolean>;
  deleteAttachment(id: string, expectedRevision: number, audit: AuditEntry[]): Promise<boolean>;

  listNotes(record: RecordRef): Promise<Note[]>;
  getNotes(ids: readonly string[]): Promise<Note[]>;
  insertNote(note: Note, audit: AuditEntry[]): Promise<void>;
  /** Writes body, portal, confidential, clientId, updatedAt, updatedBy and revision. */
  replaceNotes(next: Note[], expected: ReadonlyMap<string, number>, audit: AuditEntry[]): Promise<boolean>;
  deleteNote(id: string, expectedRevision: number, audit: AuditEntry[]): Promise<boolean>;

  listUsers(): Promise<StaffUser[]>;
  getUser(id: string): Promise<StaffUser | null>;
  putUser(user: StaffUser, audit: AuditEntry[]): Promise<void>;

  getPortalSettings(): Promise<PortalSettingsDocument>;
  putPortalSettings(document: PortalSettingsDocument, audit: AuditEntry[]): Promise<void>;

  listAudit(limit: number): Promise<AuditEntry[]>;
}

/** The host's answer to "which customer does this record belong to?"; null for an unknown record. */
export type ResolveRecord = (record: RecordRef) => Promise<{ clientId: string | null } | null> | { clientId: string | null } | null;

function byCreatedAt<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
}

const sameRecord = (a: RecordRef, b: RecordRef) => a.type === b.type && a.id === b.id;

/** A MetadataStore in memory: for the memory backend, Storybook and tests. Values are cloned in and out. */
export function createMemoryMetadataStore(seed: {
  attachments?: Attachment[];
  notes?: Note[];
  users?: StaffUser[];
  portal: PortalSettingsDocument;
}): MetadataStore {
  const clone = <T>(value: T): T => structuredClone(value);
  const attachments = new Map(seed.attachments?.map((a) => [a.id, clone(a)]));
  const notes = new Map(seed.notes?.map((n) => [n.id, clone(n)]));
  const users = new Map(seed.users?.map((u) => [u.id, clone(u)]));
  let portal = clone(seed.portal);
  const audit: AuditEntry[] = [];

  function replace<T extends { id: string; revision: number }>(
    map: Map<string, T>,
    next: T[],
    expected: ReadonlyMap<string, number>,
    entries: AuditEntry[],
  ): boolean {
    for (const [id, revision] of expected) if (map.get(id)?.revision !== revision) return false;
    for (const item of next) map.set(item.id, clone(item));
    audit.push(...clone(entries));
    return true;
  }
  function remove<T extends { revision: number }>(
    map: Map<string, T>,
    id: string,
    expectedRevision: number,
    entries: AuditEntry[],
  ): boolean {
    if (map.get(id)?.revision !== expectedRevision) return false;
    map.delete(id);
    audit.push(...clone(entries));
    return true;
  }
  function insert<T extends { id: string }>(map: Map<string, T>, item: T, entries: AuditEntry[]): void {
    map.set(item.id, clone(item));
    audit.push(...clone(entries));
  }
  const pick = <T>(map: Map<string, T>, ids: readonly string[]) =>
    ids.flatMap((id) => {
      const item = map.get(id);
      return item === undefined ? [] : [clone(item)];
    });

  return {
    listAttachments: async (record) =>
      [...attachments.values()]
        .filter((a) => sameRecord(a.record, record))
        .sort(byCreatedAt)
        .map(clone),
    getAttachments: async (ids) => pick(attachments, ids),
    insertAttachment: async (attachment, entries) => insert(attachments, attachment, entries),
    replaceAttachments: async (next, expected, entries) => replace(attachments, next, expected, entries),
    deleteAttachment: async (id, revision, entries) => remove(attachments, id, revision, entries),
    listNotes: async (record) =>
      [...notes.values()]
        .filter((n) => sameRecord(n.record, record))
        .sort(byCreatedAt)
        .map(clone),
    getNotes: async (ids) => pick(notes, ids),
    insertNote: async (note, entries) => insert(notes, note, entries),
    replaceNotes: async (next, expected, entries) => replace(notes, next, expected, entries),
    deleteNote: async (id, revision, entries) => remove(notes, id, revision, entries),
    listUsers: async () => [...users.values()].map(clone),
    getUser: async (id) => {
      const user = users.get(id);
      return user === undefined ? null : clone(user);
    },
    putUser: async (user, entries) => {
      users.set(user.id, clone(user));
      audit.push(...clone(entries));
    },
    getPortalSettings: async () => clone(portal),
    putPortalSettings: async (document, entries) => {
      portal = clone(document);
      audit.push(...clone(entries));
    },
    listAudit: async (limit) => audit.slice(-limit).reverse().map(clone),
  };
}
