import { grantProblems } from '../catalog/catalog.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import { AttachKitNotFoundError, AttachKitValidationError, parseOrThrow } from '../errors.js';
import { GrantsSchema, type AccessLevel, type AuditEntry, type Grants, type StaffUser } from '../model/schemas.js';
import { PortalSettingsSchema } from '../portal/portal-settings.js';
import type { PortalSettingsDocument, Session } from '../backend/backend.js';
import { actorOf, type ServiceCore } from './service-core.js';

/** The account-wide resources: the permission catalog, users and their grants, the portal settings, the audit log. */
export function createAdminService(core: ServiceCore) {
  const { store, catalog } = core;
  return {
    async getPermissionCatalog(_session: Session): Promise<PermissionCatalog> {
      return catalog;
    },

    /** Users with their grants: only for staff who may change grants (`users.managePermissions`); 403 for everyone else. */
    async listUsers(session: Session): Promise<StaffUser[]> {
      const { principal, ctx } = await core.context(session);
      core.authorize(principal, ['grants.edit'], undefined, ctx);
      return store.listUsers();
    },

    async updateGrants(session: Session, userId: string, body: unknown): Promise<StaffUser> {
      const { principal, ctx } = await core.context(session);
      core.authorize(principal, ['grants.edit'], undefined, ctx);
      const grants = parseOrThrow(GrantsSchema, body, 'grants');
      const user = await store.getUser(userId);
      if (!user) throw new AttachKitNotFoundError('user');
      const merged: Grants = { ...user.grants };
      for (const [level, keys] of Object.entries(grants) as [AccessLevel, string[]][]) merged[level] = [...new Set(keys)];
      const problems = grantProblems(catalog, merged);
      if (problems.length > 0) {
        throw new AttachKitValidationError(
          `Invalid grants: ${problems.join('; ')}`,
          problems.map((message) => ({ path: 'grants', message })),
        );
      }
      const next: StaffUser = { ...user, grants: merged };
      await store.putUser(next, [core.auditEntry(actorOf(session), 'grants.edit', { type: 'user', id: user.id }, user.grants, merged)]);
      return next;
    },

    async getPortalSettings(_session: Session): Promise<PortalSettingsDocument> {
      return store.getPortalSettings();
    },

    async updatePortalSettings(session: Session, body: unknown): Promise<PortalSettingsDocument> {
      const { principal, ctx } = await core.context(session);
      core.authorize(principal, ['portalSettings.edit'], undefined, ctx);
      const settings = parseOrThrow(PortalSettingsSchema, body, 'portal settings');
      const before = await store.getPortalSettings();
      const next = { ...before, settings };
      await store.putPortalSettings(next, [
        core.auditEntry(actorOf(session), 'portalSettings.edit', { type: 'portalSettings', id: 'account' }, before.settings, settings),
      ]);
      return next;
    },

    async listAudit(session: Session, limit = 100): Promise<AuditEntry[]> {
      const { principal, ctx } = await core.context(session);
      core.authorize(principal, ['audit.view'], undefined, ctx);
      return store.listAudit(Math.max(1, Math.min(1000, Math.trunc(limit) || 100)));
    },
  };
}
