import { AttachKitConflictError, AttachKitForbiddenError, parseOrThrow } from '../errors.js';
import { BulkRequestSchema, type Attachment, type AuditEntry, type Note, type Principal, type RecordRef } from '../model/schemas.js';
import { recordKey, sharingChanges } from '../model/sharing.js';
import { can, denialReasons, visible, type PolicyContext } from '../policy/policy.js';
import type { Action } from '../policy/actions.js';
import type { Session } from '../backend/backend.js';
import { shownOneTo, shownTo } from './portal-view.js';
import { actorOf, hostActor, type AuditActor, type ServiceCore } from './service-core.js';

export type Item = Attachment | Note;
export type Kind = 'attachment' | 'note';

/** The store methods of one kind of item. */
export interface CollectionAccess<T extends Item> {
  list(record: RecordRef): Promise<T[]>;
  get(ids: readonly string[]): Promise<T[]>;
  replace(next: T[], expected: ReadonlyMap<string, number>, audit: AuditEntry[]): Promise<boolean>;
  remove(id: string, revision: number, audit: AuditEntry[]): Promise<boolean>;
}

type Owner = { clientId: string | null } | null;

/** The sharing and confidentiality actions a change needs. */
export function sharingActions(kind: Kind, change: { portal?: string; confidential?: boolean }): Action[] {
  const result: Action[] = [];
  if (change.portal !== undefined) result.push(change.portal === 'viewable' ? `${kind}.share` : `${kind}.hide`);
  if (change.confidential !== undefined) result.push(change.confidential ? `${kind}.markConfidential` : `${kind}.clearConfidential`);
  return result;
}

const bulkActions = (kind: Kind): Action[] => [`${kind}.share`, `${kind}.hide`, `${kind}.markConfidential`, `${kind}.clearConfidential`];

/**
 * What attachments and notes share: reading them as their record's current
 * customer sees them, writing with a revision check, bulk changes (all or
 * nothing), and deletes — every one through the policy, with the audit
 * entries written in the same store call.
 */
export function createCollection<T extends Item>(core: ServiceCore, kind: Kind, access: CollectionAccess<T>) {
  const rehomedAudit = (actor: AuditActor, item: T, clientId: string | null): AuditEntry[] =>
    item.portal === 'viewable'
      ? [
          core.auditEntry(
            actor,
            `${kind}.customerChanged`,
            { type: kind, id: item.id },
            { clientId: item.clientId, portal: 'viewable' },
            { clientId, portal: 'hidden' },
          ),
        ]
      : [];

  /**
   * A record moved to another customer: its items take the new customer and
   * every Viewable one becomes Hidden (fail closed: the old customer loses
   * them, the new one sees nothing until staff share again), one audit entry
   * per item that was shared. A write that raced another (another process
   * re-homing the same items) is read again; whatever still cannot be written
   * is answered Hidden all the same.
   */
  async function rehome(moved: T[], owners: Map<string, Owner>, actor: AuditActor): Promise<Map<string, T>> {
    const done = new Map<string, T>();
    const ownerOf = (item: T): string | null => {
      const owner = owners.get(recordKey(item.record));
      // current() passes only items whose record it resolved to an owner.
      if (!owner) throw new Error(`attachkit: no owner resolved for record ${recordKey(item.record)}`);
      return owner.clientId;
    };
    let pending = moved;
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      const next = pending.map((item) => ({ ...item, clientId: ownerOf(item), portal: 'hidden', revision: item.revision + 1 }));
      const audit = pending.flatMap((item) => rehomedAudit(actor, item, ownerOf(item)));
      if (await access.replace(next, new Map(pending.map((item) => [item.id, item.revision])), audit)) {
        for (const item of next) done.set(item.id, item);
        return done;
      }
      const fresh = await access.get(pending.map((item) => item.id));
      pending = [];
      for (const item of fresh) {
        if (item.clientId === ownerOf(item)) done.set(item.id, item);
        else pending.push(item);
      }
    }
    for (const item of pending) done.set(item.id, { ...item, clientId: ownerOf(item), portal: 'hidden' });
    return done;
  }

  /**
   * The items as their record's current customer owns them; items of a record
   * the host no longer knows are gone for everyone.
   */
  async function current(items: T[], known?: { record: RecordRef; owner: Owner }, actor: AuditActor = hostActor): Promise<T[]> {
    const owners = new Map<string, Owner>();
    if (known) owners.set(recordKey(known.record), known.owner);
    const moved: T[] = [];
    for (const item of items) {
      const key = recordKey(item.record);
      if (!owners.has(key)) owners.set(key, await core.resolveRecord(item.record));
      const owner = owners.get(key);
      if (owner && item.clientId !== owner.clientId) moved.push(item);
    }
    const rehomed = moved.length > 0 ? await rehome(moved, owners, actor) : new Map<string, T>();
    return items.flatMap((item) => (owners.get(recordKey(item.record)) ? [rehomed.get(item.id) ?? item] : []));
  }

  async function getVisible(session: Session, id: string) {
    // The caller and the item are read at once (one wait on a networked store).
    const [{ principal, ctx }, found] = await Promise.all([
      core.context(session),
      typeof id === 'string' && id !== '' ? access.get([id]) : Promise.resolve([] as T[]),
    ]);
    const [item] = await current(found);
    return { principal, ctx, item: core.visibleOr404(principal, item, ctx, kind) };
  }

  /**
   * Parses a body whose meaning decides which actions it needs. A body that
   * does not parse is answered 400 only to a caller who may perform one of
   * `candidates`; anyone else gets the 403 they would get for any body, so
   * nobody learns the schema of what they may not do. (A body that parses is
   * then authorized for exactly the actions it asks for.)
   */
  function parseAuthorized<P>(
    principal: Principal,
    candidates: readonly Action[],
    item: T | undefined,
    ctx: PolicyContext,
    parse: () => P,
  ): P {
    try {
      return parse();
    } catch (error) {
      if (!candidates.some((action) => can(principal, action, item, ctx)))
        throw new AttachKitForbiddenError(denialReasons(principal, candidates, [item], ctx));
      throw error;
    }
  }

  async function replaceOne(item: T, next: T, audit: AuditEntry[]): Promise<T> {
    if (!(await access.replace([next], new Map([[item.id, item.revision]]), audit))) throw new AttachKitConflictError();
    return next;
  }

  function checkRevision(item: Item, ifRevision: number | undefined): void {
    if (ifRevision !== undefined && item.revision !== ifRevision) {
      throw new AttachKitConflictError(`The ${kind} is at revision ${item.revision}, not ${ifRevision}; reload it and try again.`);
    }
  }

  const sharingAudit = (session: Session, before: T, after: T): AuditEntry[] =>
    sharingChanges(kind, before, after).map((c) => core.auditEntry(actorOf(session), c.action, c.target, c.before, c.after));

  return {
    current,
    getVisible,
    parseAuthorized,
    checkRevision,
    replaceOne,
    sharingAudit,

    async list(session: Session, record: RecordRef): Promise<T[]> {
      const ref = core.recordRef(record);
      // The caller, the record's owner and the list are read at once, each read issued after the request
      // arrived (so none predates a change committed before it): one wait on a networked store, not three.
      // Nothing of the list leaves before the owner check and the policy have passed.
      const [{ principal, ctx }, resolved, listed] = await Promise.all([
        core.context(session),
        (async () => core.resolveRecord(ref))(),
        access.list(ref),
      ]);
      const owner = core.ownerFor(principal, resolved);
      const items = await current(listed, { record: ref, owner });
      return shownTo(principal, visible(principal, items, ctx));
    },

    async get(session: Session, id: string): Promise<T> {
      const { principal, item } = await getVisible(session, id);
      return shownOneTo(principal, item);
    },

    async bulk(session: Session, body: unknown): Promise<T[]> {
      const { principal, ctx } = await core.context(session);
      const request = parseAuthorized(principal, bulkActions(kind), undefined, ctx, () =>
        parseOrThrow(BulkRequestSchema, body, 'bulk request'),
      );
      core.authorize(principal, sharingActions(kind, request.set), undefined, ctx);
      const ids = [...new Set(request.ids)];
      const found = new Map((await current(await access.get(ids))).map((item) => [item.id, item]));
      const items = ids.map((id) => core.visibleOr404(principal, found.get(id), ctx, kind));
      for (const item of items) core.authorize(principal, sharingActions(kind, request.set), item, ctx);
      const changes = items.map((item) => ({ item, next: { ...item, ...request.set, revision: item.revision + 1 } }));
      const next = changes.map((c) => c.next);
      const audit = changes.flatMap((c) => sharingAudit(session, c.item, c.next));
      const ok = await access.replace(next, new Map(items.map((i) => [i.id, i.revision])), audit);
      if (!ok) throw new AttachKitConflictError('One of the items was changed by someone else; nothing was changed. Reload and try again.');
      return next;
    },

    async remove(session: Session, id: string, ifRevision: number | undefined, audited: (item: T) => unknown): Promise<T> {
      const { principal, ctx, item } = await getVisible(session, id);
      core.authorize(principal, [`${kind}.delete`], item, ctx);
      checkRevision(item, ifRevision);
      const audit = [core.auditEntry(actorOf(session), `${kind}.delete`, { type: kind, id: item.id }, audited(item), null)];
      if (!(await access.remove(item.id, item.revision, audit))) throw new AttachKitConflictError();
      return item;
    },

    /** Re-homes the record's items after the host moved it (an eager `current`, audited as `actor`). */
    async reconcile(record: RecordRef, owner: Owner, actor: AuditActor): Promise<void> {
      await current(await access.list(record), { record, owner }, actor);
    },
  };
}

export type Collection<T extends Item> = ReturnType<typeof createCollection<T>>;
