import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import { dependentsOf, findPermission } from '../catalog/catalog.js';
import { AttachKitNotFoundError, AttachKitValidationError, type AttachKitError } from '../errors.js';
import type { AccessLevel, PermissionKey, StaffUser } from '../model/schemas.js';
import { createStore, type ReadableStore } from '../store/store.js';
import { assertAllowed, type FacadeContext } from './context.js';
import type { LoadStatus } from './collection-store.js';

export interface UsersState {
  status: LoadStatus;
  catalog: PermissionCatalog | null;
  users: StaffUser[];
  error: AttachKitError | null;
  /** User ids with a grant change in flight. */
  pending: string[];
}

/** Staff users and their grants, with the catalog that describes them. */
export class UsersStore implements ReadableStore<UsersState> {
  private readonly store = createStore<UsersState>({ status: 'idle', catalog: null, users: [], error: null, pending: [] });
  private readonly context: FacadeContext;
  private readonly onUserSaved: (user: StaffUser) => void;

  constructor(context: FacadeContext, onUserSaved: (user: StaffUser) => void) {
    this.context = context;
    this.onUserSaved = onUserSaved;
  }

  getState = () => this.store.getState();
  subscribe: ReadableStore<UsersState>['subscribe'] = (listener) => this.store.subscribe(listener);

  async load(): Promise<void> {
    this.store.setState((s) => ({ ...s, status: 'loading', error: null }));
    try {
      const [catalog, users] = await Promise.all([this.context.backend.getPermissionCatalog(), this.context.backend.listUsers()]);
      this.store.setState((s) => ({ ...s, status: 'ready', catalog, users }));
    } catch (error) {
      const failure = this.context.fail('users.list', error);
      this.store.setState((s) => ({ ...s, status: 'error', error: failure }));
    }
  }

  async ensureLoaded(): Promise<void> {
    const { status } = this.getState();
    if (status === 'idle' || status === 'error') await this.load();
  }

  /**
   * Grants or revokes one permission of one user at one level. Granting needs
   * the permissions it requires; revoking also revokes what depends on it.
   * Applied at once, rolled back if the backend refuses.
   */
  async setGrant(userId: string, level: AccessLevel, key: PermissionKey, granted: boolean): Promise<StaffUser> {
    assertAllowed(this.context, 'grants.edit', []);
    const catalog = this.getState().catalog ?? this.context.catalog();
    const user = this.getState().users.find((u) => u.id === userId);
    if (!user) throw this.context.fail('grants.edit', new AttachKitNotFoundError('user'));
    const definition = findPermission(catalog, level, key);
    if (!definition) {
      throw this.context.fail(
        'grants.edit',
        new AttachKitValidationError(`Permission "${key}" is not defined at the ${level} access level.`, [
          { path: 'key', message: 'unknown permission' },
        ]),
      );
    }
    const held = new Set(user.grants[level] ?? []);
    if (granted) {
      const missing = (definition.requires ?? []).filter((r) => !held.has(r));
      if (missing.length > 0) {
        const labels = missing.map((m) => `"${findPermission(catalog, level, m)?.label ?? m}"`).join(', ');
        throw this.context.fail(
          'grants.edit',
          new AttachKitValidationError(`"${definition.label}" needs ${labels} first.`, [{ path: 'key', message: 'requires' }]),
        );
      }
      held.add(key);
    } else {
      held.delete(key);
      for (const dependent of dependentsOf(catalog, level, key)) held.delete(dependent);
    }
    const next: StaffUser = { ...user, grants: { ...user.grants, [level]: [...held] } };
    this.replace(next, 'add');
    try {
      const saved = await this.context.backend.updateGrants(userId, { [level]: next.grants[level] });
      this.replace(saved, 'remove');
      this.store.setState((s) => ({ ...s, error: null }));
      this.context.audit({ action: 'grants.edit', target: { type: 'user', id: userId }, before: user.grants, after: saved.grants });
      this.onUserSaved(saved);
      return saved;
    } catch (error) {
      this.replace(user, 'remove');
      const failure = this.context.fail('grants.edit', error);
      this.store.setState((s) => ({ ...s, error: failure }));
      throw failure;
    }
  }

  private replace(user: StaffUser, pending: 'add' | 'remove'): void {
    this.store.setState((s) => {
      const index = s.pending.indexOf(user.id);
      return {
        ...s,
        users: s.users.map((u) => (u.id === user.id ? user : u)),
        pending: pending === 'add' ? [...s.pending, user.id] : s.pending.filter((_, i) => i !== index),
      };
    });
  }
}
