import { recordKey, type Attachment, type Note, type PortalSettingsDocument, type RecordRef, type StaffUser } from '@attachkit/sdk';
import { type MetadataStore } from '@attachkit/sdk/server';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A read cache in front of a MetadataStore, for the reads every request
 * makes: a record's attachment and note lists, the caller's user, the portal
 * settings. Writes go to the inner store first, then drop what they touch.
 * Cached values are frozen (shared between requests, never mutated).
 *
 * Valid while one process owns the store (the reference server's model: one
 * server per data directory). A read that raced a write is not cached: each
 * family has a generation counter bumped by every write.
 */
export function withReadCache(inner: MetadataStore): MetadataStore {
  const attachmentLists = new Map<string, readonly Attachment[]>();
  const noteLists = new Map<string, readonly Note[]>();
  const users = new Map<string, StaffUser | null>();
  let portal: PortalSettingsDocument | null = null;
  const generation = { attachments: 0, notes: 0, users: 0, portal: 0 };

  async function cachedList<T>(
    family: 'attachments' | 'notes',
    cache: Map<string, readonly T[]>,
    record: RecordRef,
    load: () => Promise<T[]>,
  ): Promise<T[]> {
    const key = recordKey(record);
    const hit = cache.get(key);
    if (hit) return hit as T[];
    const seen = generation[family];
    const items = deepFreeze(await load());
    if (generation[family] === seen) cache.set(key, items);
    return items;
  }

  /** Runs a write, then forgets the lists of the records it touched (all lists when `records` is null). */
  async function write<R>(
    family: 'attachments' | 'notes',
    cache: Map<string, unknown>,
    records: RecordRef[] | null,
    run: () => Promise<R>,
  ): Promise<R> {
    generation[family]++;
    try {
      return await run();
    } finally {
      generation[family]++;
      if (records === null) cache.clear();
      else for (const record of records) cache.delete(recordKey(record));
    }
  }

  return {
    listAttachments: (record) => cachedList('attachments', attachmentLists, record, () => inner.listAttachments(record)),
    getAttachments: (ids) => inner.getAttachments(ids),
    insertAttachment: (attachment, audit) =>
      write('attachments', attachmentLists, [attachment.record], () => inner.insertAttachment(attachment, audit)),
    replaceAttachments: (next, expected, audit) =>
      write(
        'attachments',
        attachmentLists,
        next.map((a) => a.record),
        () => inner.replaceAttachments(next, expected, audit),
      ),
    deleteAttachment: (id, revision, audit) =>
      write('attachments', attachmentLists, null, () => inner.deleteAttachment(id, revision, audit)),

    listNotes: (record) => cachedList('notes', noteLists, record, () => inner.listNotes(record)),
    getNotes: (ids) => inner.getNotes(ids),
    insertNote: (note, audit) => write('notes', noteLists, [note.record], () => inner.insertNote(note, audit)),
    replaceNotes: (next, expected, audit) =>
      write(
        'notes',
        noteLists,
        next.map((n) => n.record),
        () => inner.replaceNotes(next, expected, audit),
      ),
    deleteNote: (id, revision, audit) => write('notes', noteLists, null, () => inner.deleteNote(id, revision, audit)),

    listUsers: () => inner.listUsers(),
    async getUser(id) {
      const cached = users.get(id);
      if (cached !== undefined) return cached;
      const seen = generation.users;
      const user = deepFreeze(await inner.getUser(id));
      if (generation.users === seen) users.set(id, user);
      return user;
    },
    async putUser(user, audit) {
      generation.users++;
      try {
        await inner.putUser(user, audit);
      } finally {
        generation.users++;
        users.delete(user.id);
      }
    },

    async getPortalSettings() {
      if (portal) return portal;
      const seen = generation.portal;
      const document = deepFreeze(await inner.getPortalSettings());
      if (generation.portal === seen) portal = document;
      return document;
    },
    async putPortalSettings(document, audit) {
      generation.portal++;
      try {
        await inner.putPortalSettings(document, audit);
      } finally {
        generation.portal++;
        portal = null;
      }
    },

    listAudit: (limit) => inner.listAudit(limit),
  };
}
