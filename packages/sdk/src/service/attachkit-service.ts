import { defaultPermissionCatalog } from '../catalog/default-permission-catalog.js';
import { grantProblems } from '../catalog/catalog.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import {
  AttachKitConflictError,
  AttachKitForbiddenError,
  AttachKitNotFoundError,
  AttachKitUploadRejectedError,
  AttachKitValidationError,
  parseOrThrow,
  type Reason,
} from '../errors.js';
import {
  AttachmentPatchSchema,
  BulkRequestSchema,
  GrantsSchema,
  NoteCreateSchema,
  NotePatchSchema,
  RecordRefSchema,
  type AccessLevel,
  type Attachment,
  type AuditEntry,
  type BulkSet,
  type Grants,
  type Note,
  type Principal,
  type RecordRef,
  type StaffUser,
} from '../model/schemas.js';
import { PortalSettingsSchema } from '../portal/portal-settings.js';
import type { Action } from '../policy/actions.js';
import { explain, visible, type PolicyContext } from '../policy/policy.js';
import { recordKey, sharingChanges } from '../model/sharing.js';
import { normalizeDisplayName } from '../upload/display-name.js';
import { checkUpload, defaultUploadRestrictions, type UploadRestrictions } from '../upload/restrictions.js';
import type { PortalSettingsDocument, Session } from '../backend/backend.js';
import type { MetadataStore, ResolveRecord } from './metadata-store.js';

export interface AttachKitServiceOptions {
  store: MetadataStore;
  /** Which customer a record belongs to; null → the record is unknown (404). */
  resolveRecord: ResolveRecord;
  catalog?: PermissionCatalog;
  restrictions?: UploadRestrictions;
  /** Clock and id source, replaceable for deterministic tests. */
  now?: () => Date;
  newId?: () => string;
}

/** What an upload will become once its bytes are stored. */
export interface UploadDraft {
  id: string;
  record: RecordRef;
  clientId: string | null;
  name: string;
  createdBy: string;
}

/** What the storage adapter learnt from the bytes. */
export interface StoredContent {
  size: number;
  mimeType: string;
  checksum: string;
}

type Item = Attachment | Note;
type Kind = 'attachment' | 'note';

/**
 * What a portal client receives of an item: internal metadata stays
 * in-house. `createdBy` (a staff user id) reads `"staff"` and `confidential`
 * (the staff-only classification) reads `false`; everything else is as stored.
 */
export function forPortalClient<T extends Item>(item: T): T {
  return { ...item, confidential: false, createdBy: 'staff' };
}

/** The item as belonging to its record's current customer. */
const ownedBy = <T extends Item>(item: T, clientId: string | null): T => (item.clientId === clientId ? item : { ...item, clientId });

const shownTo = <T extends Item>(principal: Principal, items: T[]): T[] => (principal.kind === 'client' ? items.map(forPortalClient) : items);

/** Which action a change of one field is. */
function actionsFor(kind: Kind, change: { portal?: string; confidential?: boolean; name?: string; body?: string }): Action[] {
  const result: Action[] = [];
  if (change.portal !== undefined) result.push(change.portal === 'viewable' ? `${kind}.share` : `${kind}.hide`);
  if (change.confidential !== undefined) result.push(change.confidential ? `${kind}.markConfidential` : `${kind}.clearConfidential`);
  if (change.name !== undefined) result.push('attachment.rename');
  if (change.body !== undefined) result.push('note.create');
  return result;
}

/**
 * The rules every backend follows, over a MetadataStore: the reference server
 * and the memory backend both call it, so they answer alike. Every method
 * takes the caller's session, runs the policy, and throws AttachKitErrors:
 * 404 for what the caller may not see, 403 with reasons, 400 with fields, 412.
 */
export function createAttachKitService(options: AttachKitServiceOptions) {
  const { store } = options;
  const catalog = options.catalog ?? defaultPermissionCatalog;
  const restrictions = options.restrictions ?? defaultUploadRestrictions;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());

  /** Staff grants are read from the store on every call, so a grant change applies at once. */
  async function context(session: Session): Promise<{ principal: Principal; ctx: PolicyContext }> {
    const portal = await store.getPortalSettings();
    let principal = session.principal;
    if (principal.kind === 'staff') principal = (await store.getUser(principal.id)) ?? principal;
    return { principal, ctx: { level: session.level, catalog, portalSettings: portal.settings, apps: portal.apps } };
  }

  function authorize(principal: Principal, actions: Action[], subject: Item | undefined, ctx: PolicyContext): void {
    const reasons: Reason[] = [];
    for (const action of actions) {
      for (const reason of explain(principal, action, subject, ctx).reasons) {
        if (!reasons.some((r) => r.code === reason.code && r.permission === reason.permission)) reasons.push(reason);
      }
    }
    if (reasons.length > 0) throw new AttachKitForbiddenError(reasons);
  }

  async function resolve(principal: Principal, record: RecordRef): Promise<{ clientId: string | null }> {
    const ref = parseOrThrow(RecordRefSchema, record, 'record');
    const owner = await options.resolveRecord(ref);
    // A client asking for another customer's record learns nothing: same 404 as an unknown record.
    if (!owner || (principal.kind === 'client' && owner.clientId !== principal.id)) throw new AttachKitNotFoundError('record');
    return owner;
  }

  /**
   * Items with their record's current customer: records belong to the host,
   * so when a record moves to another customer its attachments and notes
   * move with it, and when the host no longer knows a record its items are
   * gone for everyone. (A write stores the current customer.)
   */
  async function withCurrentOwner<T extends Item>(items: T[]): Promise<T[]> {
    const owners = new Map<string, { clientId: string | null } | null>();
    const result: T[] = [];
    for (const item of items) {
      const key = recordKey(item.record);
      if (!owners.has(key)) owners.set(key, await options.resolveRecord(item.record));
      const owner = owners.get(key);
      if (owner) result.push(ownedBy(item, owner.clientId));
    }
    return result;
  }

  function visibleOr404<T extends Item>(principal: Principal, item: T | undefined, ctx: PolicyContext, kind: Kind): T {
    if (!item || visible(principal, [item], ctx).length === 0) throw new AttachKitNotFoundError(kind);
    return item;
  }

  function auditEntry(session: Session, action: string, target: AuditEntry['target'], before: unknown, after: unknown): AuditEntry {
    return { id: newId(), at: now().toISOString(), actor: { kind: session.principal.kind, id: session.principal.id }, action, target, before, after };
  }

  function sharingAudit(session: Session, kind: Kind, before: Item, after: Item): AuditEntry[] {
    return sharingChanges(kind, before, after).map((c) => auditEntry(session, c.action, c.target, c.before, c.after));
  }

  function checkRevision(item: Item, ifRevision: number | undefined): void {
    if (ifRevision !== undefined && item.revision !== ifRevision) {
      throw new AttachKitConflictError(`The ${'body' in item ? 'note' : 'attachment'} is at revision ${item.revision}, not ${ifRevision}; reload it and try again.`);
    }
  }

  // Shared by attachments and notes: the two differ only in their store methods and fields.
  function collection<T extends Item>(kind: Kind, access: {
    list: (record: RecordRef) => Promise<T[]>;
    get: (ids: readonly string[]) => Promise<T[]>;
    replace: (next: T[], expected: ReadonlyMap<string, number>, audit: AuditEntry[]) => Promise<boolean>;
    remove: (id: string, revision: number) => Promise<boolean>;
  }) {
    async function getVisible(session: Session, id: string) {
      const { principal, ctx } = await context(session);
      const [item] = typeof id === 'string' && id !== '' ? await withCurrentOwner(await access.get([id])) : [];
      return { principal, ctx, item: visibleOr404(principal, item, ctx, kind) };
    }
    async function write(session: Session, id: string, change: Partial<T>, ifRevision?: number): Promise<T> {
      const { principal, ctx, item } = await getVisible(session, id);
      authorize(principal, actionsFor(kind, change as never), item, ctx);
      checkRevision(item, ifRevision);
      const next = { ...item, ...change, revision: item.revision + 1 } as T;
      const ok = await access.replace([next], new Map([[item.id, item.revision]]), sharingAudit(session, kind, item, next));
      if (!ok) throw new AttachKitConflictError();
      return next;
    }
    return {
      async list(session: Session, record: RecordRef): Promise<T[]> {
        const { principal, ctx } = await context(session);
        const owner = await resolve(principal, record);
        const items = (await access.list(record)).map((item) => ownedBy(item, owner.clientId));
        return shownTo(principal, visible(principal, items, ctx));
      },
      async get(session: Session, id: string): Promise<T> {
        const { principal, item } = await getVisible(session, id);
        return shownTo(principal, [item])[0]!;
      },
      write,
      async bulk(session: Session, body: unknown): Promise<T[]> {
        const request = parseOrThrow(BulkRequestSchema, body, 'bulk request');
        const { principal, ctx } = await context(session);
        const ids = [...new Set(request.ids)];
        const found = new Map((await withCurrentOwner(await access.get(ids))).map((item) => [item.id, item]));
        const items = ids.map((id) => visibleOr404(principal, found.get(id), ctx, kind));
        for (const item of items) authorize(principal, actionsFor(kind, request.set), item, ctx);
        const next = items.map((item) => ({ ...item, ...(request.set as BulkSet), revision: item.revision + 1 }) as T);
        const audit = items.flatMap((item, i) => sharingAudit(session, kind, item, next[i]!));
        const ok = await access.replace(next, new Map(items.map((i) => [i.id, i.revision])), audit);
        if (!ok) throw new AttachKitConflictError('One of the items was changed by someone else; nothing was changed. Reload and try again.');
        return next;
      },
      async remove(session: Session, id: string, ifRevision?: number): Promise<T> {
        const { principal, ctx, item } = await getVisible(session, id);
        authorize(principal, [`${kind}.delete`], item, ctx);
        checkRevision(item, ifRevision);
        if (!(await access.remove(item.id, item.revision))) throw new AttachKitConflictError();
        return item;
      },
    };
  }

  const attachments = collection<Attachment>('attachment', {
    list: (r) => store.listAttachments(r),
    get: (ids) => store.getAttachments(ids),
    replace: (n, e, a) => store.replaceAttachments(n, e, a),
    remove: (id, rev) => store.deleteAttachment(id, rev),
  });
  const notes = collection<Note>('note', {
    list: (r) => store.listNotes(r),
    get: (ids) => store.getNotes(ids),
    replace: (n, e, a) => store.replaceNotes(n, e, a),
    remove: (id, rev) => store.deleteNote(id, rev),
  });

  function rejectUpload(reason: Reason | null): void {
    if (reason) throw new AttachKitUploadRejectedError(reason);
  }

  return {
    catalog,
    restrictions,

    /** The caller as the store knows them now (fresh grants). */
    async session(session: Session): Promise<Session> {
      return { principal: (await context(session)).principal, level: session.level };
    },

    listAttachments: attachments.list,
    getAttachment: attachments.get,
    /** The attachment whose bytes the caller may download (404 otherwise). */
    async contentAccess(session: Session, id: string): Promise<Attachment> {
      const { principal, ctx } = await context(session);
      const [item] = typeof id === 'string' && id !== '' ? await withCurrentOwner(await store.getAttachments([id])) : [];
      const attachment = visibleOr404(principal, item, ctx, 'attachment');
      authorize(principal, ['attachment.download'], attachment, ctx);
      return attachment;
    },
    async patchAttachment(session: Session, id: string, body: unknown, ifRevision?: number): Promise<Attachment> {
      const patch = parseOrThrow(AttachmentPatchSchema, body, 'attachment patch');
      const change = patch.name === undefined ? patch : { ...patch, name: normalizeDisplayName(patch.name) };
      return attachments.write(session, id, change, ifRevision);
    },
    bulkUpdateAttachments: attachments.bulk,
    deleteAttachment: attachments.remove,

    /**
     * First half of an upload: checks the record, the policy and the
     * restrictions (size when known), and returns the draft to store bytes for.
     */
    async prepareUpload(session: Session, record: RecordRef, file: { name: string; size?: number }): Promise<UploadDraft> {
      const { principal, ctx } = await context(session);
      const owner = await resolve(principal, record);
      authorize(principal, ['attachment.upload'], undefined, ctx);
      const name = normalizeDisplayName(typeof file.name === 'string' ? file.name : '');
      rejectUpload(checkUpload({ name, size: file.size ?? 1 }, restrictions));
      return { id: newId(), record: { type: record.type, id: record.id }, clientId: owner.clientId, name, createdBy: principal.id };
    },
    /** Second half: the bytes are stored; record the row. New attachments are Hidden and not confidential. */
    async commitUpload(draft: UploadDraft, content: StoredContent): Promise<Attachment> {
      rejectUpload(checkUpload({ name: draft.name, size: content.size }, restrictions));
      const attachment: Attachment = {
        ...draft,
        size: content.size,
        mimeType: content.mimeType,
        checksum: content.checksum,
        createdAt: now().toISOString(),
        portal: 'hidden',
        confidential: false,
        revision: 1,
      };
      await store.insertAttachment(attachment);
      return attachment;
    },

    listNotes: notes.list,
    getNote: notes.get,
    async createNote(session: Session, record: RecordRef, body: unknown): Promise<Note> {
      const input = parseOrThrow(NoteCreateSchema, body, 'note');
      const { principal, ctx } = await context(session);
      const owner = await resolve(principal, record);
      const note: Note = {
        id: newId(),
        record: { type: record.type, id: record.id },
        clientId: owner.clientId,
        body: input.body,
        portal: input.portal ?? 'hidden',
        confidential: input.confidential ?? false,
        createdAt: now().toISOString(),
        createdBy: principal.id,
        revision: 1,
      };
      const needed: Action[] = ['note.create'];
      if (note.portal === 'viewable') needed.push('note.share');
      if (note.confidential) needed.push('note.markConfidential');
      authorize(principal, needed, undefined, ctx);
      const hidden = { ...note, portal: 'hidden' as const, confidential: false };
      await store.insertNote(note, sharingAudit(session, 'note', hidden, note));
      return note;
    },
    async patchNote(session: Session, id: string, body: unknown, ifRevision?: number): Promise<Note> {
      return notes.write(session, id, parseOrThrow(NotePatchSchema, body, 'note patch'), ifRevision);
    },
    bulkUpdateNotes: notes.bulk,
    deleteNote: notes.remove,

    async getPermissionCatalog(_session: Session): Promise<PermissionCatalog> {
      return catalog;
    },
    async listUsers(session: Session): Promise<StaffUser[]> {
      const { principal } = await context(session);
      if (principal.kind !== 'staff') throw new AttachKitForbiddenError([{ code: 'client.notAllowed', message: 'Portal clients cannot list users.' }]);
      return store.listUsers();
    },
    async updateGrants(session: Session, userId: string, body: unknown): Promise<StaffUser> {
      const grants = parseOrThrow(GrantsSchema, body, 'grants');
      const { principal, ctx } = await context(session);
      authorize(principal, ['grants.edit'], undefined, ctx);
      const user = await store.getUser(userId);
      if (!user) throw new AttachKitNotFoundError('user');
      const merged: Grants = { ...user.grants };
      for (const [level, keys] of Object.entries(grants) as Array<[AccessLevel, string[]]>) merged[level] = [...new Set(keys)];
      const problems = grantProblems(catalog, merged);
      if (problems.length > 0) {
        throw new AttachKitValidationError(`Invalid grants: ${problems.join('; ')}`, problems.map((message) => ({ path: 'grants', message })));
      }
      const next: StaffUser = { ...user, grants: merged };
      await store.putUser(next, [auditEntry(session, 'grants.edit', { type: 'user', id: user.id }, user.grants, merged)]);
      return next;
    },

    async getPortalSettings(_session: Session): Promise<PortalSettingsDocument> {
      return store.getPortalSettings();
    },
    async updatePortalSettings(session: Session, body: unknown): Promise<PortalSettingsDocument> {
      const settings = parseOrThrow(PortalSettingsSchema, body, 'portal settings');
      const { principal, ctx } = await context(session);
      authorize(principal, ['portalSettings.edit'], undefined, ctx);
      const before = await store.getPortalSettings();
      const next = { ...before, settings };
      await store.putPortalSettings(next, [auditEntry(session, 'portalSettings.edit', { type: 'portalSettings', id: 'account' }, before.settings, settings)]);
      return next;
    },

    async listAudit(session: Session, limit = 100): Promise<AuditEntry[]> {
      const { principal, ctx } = await context(session);
      authorize(principal, ['audit.view'], undefined, ctx);
      return store.listAudit(Math.max(1, Math.min(1000, Math.trunc(limit) || 100)));
    },
  };
}

export type AttachKitService = ReturnType<typeof createAttachKitService>;
