import { parseOrThrow } from '../errors.js';
import { NoteCreateSchema, NotePatchSchema, type Note, type RecordRef } from '../model/schemas.js';
import type { Action } from '../policy/actions.js';
import type { Session } from '../backend/backend.js';
import { createCollection, sharingActions } from './collection.js';
import { actorOf, type ServiceCore } from './service-core.js';

const patchActions: Action[] = ['note.edit', 'note.share', 'note.hide', 'note.markConfidential', 'note.clearConfidential'];

/**
 * Notes: list, get, create, PATCH, bulk, delete. A note's text is edited,
 * and the note deleted, by its author or by staff holding `notes.editOthers`
 * (the policy's `note.edit` and `note.delete`); every edit records who and
 * when, and is audited with the old and the new text.
 */
export function createNoteService(core: ServiceCore) {
  const { store } = core;
  const notes = createCollection<Note>(core, 'note', {
    list: (r) => store.listNotes(r),
    get: (ids) => store.getNotes(ids),
    replace: (n, e, a) => store.replaceNotes(n, e, a),
    remove: (id, rev, a) => store.deleteNote(id, rev, a),
  });

  return {
    collection: notes,
    listNotes: (session: Session, record: RecordRef) => notes.list(session, record),
    getNote: (session: Session, id: string) => notes.get(session, id),
    bulkUpdateNotes: (session: Session, body: unknown) => notes.bulk(session, body),

    async createNote(session: Session, record: RecordRef, body: unknown): Promise<Note> {
      const { principal, ctx } = await core.context(session);
      const owner = await core.resolve(principal, record);
      core.authorize(principal, ['note.create'], undefined, ctx);
      const input = parseOrThrow(NoteCreateSchema, body, 'note');
      const note: Note = {
        id: core.newId(),
        record: { type: record.type, id: record.id },
        clientId: owner.clientId,
        body: input.body,
        portal: input.portal ?? 'hidden',
        confidential: input.confidential ?? false,
        createdAt: core.now().toISOString(),
        createdBy: principal.id,
        revision: 1,
      };
      core.authorize(
        principal,
        sharingActions('note', {
          portal: note.portal === 'viewable' ? 'viewable' : undefined,
          confidential: note.confidential || undefined,
        }),
        undefined,
        ctx,
      );
      const created = core.auditEntry(actorOf(session), 'note.create', { type: 'note', id: note.id }, null, {
        body: note.body,
        record: note.record,
      });
      const hidden = { ...note, portal: 'hidden' as const, confidential: false };
      await store.insertNote(note, [created, ...notes.sharingAudit(session, hidden, note)]);
      return note;
    },

    async patchNote(session: Session, id: string, body: unknown, ifRevision?: number): Promise<Note> {
      const { principal, ctx, item } = await notes.getVisible(session, id);
      const patch = notes.parseAuthorized(principal, patchActions, item, ctx, () => parseOrThrow(NotePatchSchema, body, 'note patch'));
      const edits = patch.body !== undefined && patch.body !== item.body;
      core.authorize(principal, [...sharingActions('note', patch), ...(edits ? (['note.edit'] as const) : [])], item, ctx);
      notes.checkRevision(item, ifRevision);
      const next: Note = {
        ...item,
        ...patch,
        revision: item.revision + 1,
        ...(edits ? { updatedAt: core.now().toISOString(), updatedBy: principal.id } : {}),
      };
      const audit = notes.sharingAudit(session, item, next);
      if (edits)
        audit.push(core.auditEntry(actorOf(session), 'note.edit', { type: 'note', id: item.id }, { body: item.body }, { body: next.body }));
      return notes.replaceOne(item, next, audit);
    },

    deleteNote: (session: Session, id: string, ifRevision?: number) =>
      notes.remove(session, id, ifRevision, (n) => ({ body: n.body, portal: n.portal, confidential: n.confidential })),
  };
}
