import { defaultPermissionCatalog } from '../catalog/default-permission-catalog.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import { AttachKitForbiddenError, AttachKitNotFoundError, parseOrThrow } from '../errors.js';
import { RecordRefSchema, type AuditEntry, type Principal, type RecordRef } from '../model/schemas.js';
import type { Action } from '../policy/actions.js';
import { denialReasons, visible, type PolicyContext, type PolicySubject } from '../policy/policy.js';
import { defaultUploadRestrictions, type UploadRestrictions } from '../upload/restrictions.js';
import type { Session } from '../backend/backend.js';
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

/** Who an audit entry names: the caller's principal, or the host (records that moved customer). */
export type AuditActor = AuditEntry['actor'];

/** The actor of changes the service makes on its own when the host's answer for a record changed. */
export const hostActor: AuditActor = { kind: 'host', id: 'resolveRecord' };

export const actorOf = (session: Session): AuditActor => ({ kind: session.principal.kind, id: session.principal.id });

/** What every part of the service shares: the store, the policy context of a caller, and the checks. */
export interface ServiceCore {
  store: MetadataStore;
  catalog: PermissionCatalog;
  restrictions: UploadRestrictions;
  resolveRecord: ResolveRecord;
  newId(): string;
  now(): Date;
  /** The caller as the store knows them now (fresh grants; read on every call so a change applies at once) and the policy context. */
  context(session: Session): Promise<{ principal: Principal; ctx: PolicyContext }>;
  /** Throws a 403 with every reason when the principal may not perform all `actions` (on `subject`). */
  authorize(principal: Principal, actions: readonly Action[], subject: PolicySubject | undefined, ctx: PolicyContext): void;
  /** The record's owner; 404 for an unknown record or another customer's record asked for by a client. */
  resolve(principal: Principal, record: RecordRef): Promise<{ clientId: string | null }>;
  /** The record reference, checked (400 for a malformed one). */
  recordRef(record: RecordRef): RecordRef;
  /** The owner `resolveRecord` gave, or the 404 of `resolve` for an unknown record or another customer's. */
  ownerFor(principal: Principal, owner: { clientId: string | null } | null): { clientId: string | null };
  /** The item, or a 404 when it is missing or the principal may not see it (the two look the same). */
  visibleOr404<T extends Parameters<typeof visible>[1][number]>(
    principal: Principal,
    item: T | undefined,
    ctx: PolicyContext,
    kind: 'attachment' | 'note',
  ): T;
  auditEntry(actor: AuditActor, action: string, target: AuditEntry['target'], before: unknown, after: unknown): AuditEntry;
}

export function createServiceCore(options: AttachKitServiceOptions): ServiceCore {
  const { store } = options;
  const catalog = options.catalog ?? defaultPermissionCatalog;
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const recordRef = (record: RecordRef) => parseOrThrow(RecordRefSchema, record, 'record');
  const ownerFor: ServiceCore['ownerFor'] = (principal, owner) => {
    // A client asking for another customer's record learns nothing: same 404 as an unknown record.
    if (!owner || (principal.kind === 'client' && owner.clientId !== principal.id)) throw new AttachKitNotFoundError('record');
    return owner;
  };
  return {
    store,
    catalog,
    restrictions: options.restrictions ?? defaultUploadRestrictions,
    resolveRecord: options.resolveRecord,
    newId,
    now,
    async context(session) {
      // Both reads at once: a networked store answers them in one wait instead of two.
      const staff = session.principal.kind === 'staff';
      const [portal, user] = await Promise.all([store.getPortalSettings(), staff ? store.getUser(session.principal.id) : null]);
      const principal = user ?? session.principal;
      return { principal, ctx: { level: session.level, catalog, portalSettings: portal.settings, apps: portal.apps } };
    },
    authorize(principal, actions, subject, ctx) {
      const reasons = denialReasons(principal, actions, [subject], ctx);
      if (reasons.length > 0) throw new AttachKitForbiddenError(reasons);
    },
    resolve: async (principal, record) => ownerFor(principal, await options.resolveRecord(recordRef(record))),
    recordRef,
    ownerFor,
    visibleOr404(principal, item, ctx, kind) {
      if (!item || visible(principal, [item], ctx).length === 0) throw new AttachKitNotFoundError(kind);
      return item;
    },
    auditEntry(actor, action, target, before, after) {
      return { id: newId(), at: now().toISOString(), actor, action, target, before, after };
    },
  };
}
