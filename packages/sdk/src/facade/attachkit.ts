import type { AttachKitBackend } from '../backend/backend.js';
import { defaultPermissionCatalog } from '../catalog/default-permission-catalog.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import { parseOrThrow, toAttachKitError } from '../errors.js';
import { PrincipalSchema, type AccessLevel, type Principal, type RecordRef } from '../model/schemas.js';
import { recordKey } from '../model/sharing.js';
import type { Action } from '../policy/actions.js';
import { can, explain, type Decision, type PolicyContext, type PolicySubject } from '../policy/policy.js';
import { defaultMaxImageEdge } from '../photos/photo-support.js';
import { defaultUploadRestrictions, type UploadRestrictions } from '../upload/restrictions.js';
import { AttachmentsStore, NotesStore } from './collection-store.js';
import type { FacadeContext } from './context.js';
import { createEmitter, type EventSource } from './events.js';
import { PortalSettingsStore } from './portal-settings-store.js';
import { RecordChanges } from './record-changes.js';
import { uploadPersistenceScope, type UploadPersistence } from './upload-persistence.js';
import type { UploadLocks } from './upload-claims.js';
import { UploadQueue } from './upload-queue.js';
import { UsersStore } from './users-store.js';

export interface AttachKitOptions {
  backend: AttachKitBackend;
  /** Who acts. The backend enforces the policy for its own principal; this one shapes the UI. */
  principal: Principal;
  /** The access level of a staff principal. Default `'web'`. */
  level?: AccessLevel;
  catalog?: PermissionCatalog;
  /** Checked before a file leaves the browser; the server enforces its own copy. */
  restrictions?: Partial<UploadRestrictions>;
  /** Uploads running at once. Default 3. */
  concurrency?: number;
  /** Waits before an upload the network interrupted is tried again, in ms (default 1 s, 4 s, 10 s). */
  uploadRetryDelays?: number[];
  /**
   * Photos (JPEG, PNG, WebP) whose long edge is longer are made smaller on
   * this device before they upload, in a worker, keeping their type and
   * capture time (docs/photos.md). Default 2560 px; 0 uploads them as they are.
   */
  maxImageEdge?: number;
  /**
   * Downscaled photos keep their GPS position (JPEGs carry their EXIF over; PNG and WebP are not re-encoded). Only governs
   * re-encoding: photos sent as they are keep or lose it by the server's `keepLocation` alone. Default false.
   */
  keepLocation?: boolean;
  /**
   * Keeps queued files on the device so they survive a page reload:
   * `indexedDbUploadPersistence()` from `@attachkit/sdk/browser` (what
   * `<ak-provider>` uses over HTTP), `createMemoryUploadPersistence()`, or your
   * own. Kept per server and principal. `connectAttachKit` restores them;
   * otherwise call `uploads.restore()`. Default: none.
   */
  uploadPersistence?: UploadPersistence;
  /**
   * Claims on persisted uploads across the tabs of one browser, so one tab
   * at a time offers and runs an entry (docs/uploads.md). Default:
   * `navigator.locks` (the Web Locks API) where there is one; `null`: none.
   */
  uploadLocks?: UploadLocks | null;
}

export interface AttachKit extends EventSource {
  readonly backend: AttachKitBackend;
  /** The acting principal; refreshed when its own grants are saved. */
  readonly principal: Principal;
  readonly level: AccessLevel;
  readonly catalog: PermissionCatalog;
  readonly restrictions: UploadRestrictions;
  can(action: Action, subject?: PolicySubject): boolean;
  explain(action: Action, subject?: PolicySubject): Decision;
  /** The context the policy runs in (level, catalog, portal settings once loaded). */
  policyContext(): PolicyContext;
  /** The store of a record's attachments (one per record, shared by every caller). */
  attachments(record: RecordRef): AttachmentsStore;
  /** The store of a record's notes. */
  notes(record: RecordRef): NotesStore;
  readonly uploads: UploadQueue;
  readonly users: UsersStore;
  readonly portalSettings: PortalSettingsStore;
}

/**
 * The facade: wires a backend and a principal to the stores, the upload queue
 * and the commands. Everything it shows is what the backend returned for that
 * principal; commands apply at once and roll back when the backend refuses.
 */
export function createAttachKit(options: AttachKitOptions): AttachKit {
  let principal = parseOrThrow(PrincipalSchema, options.principal, 'principal');
  const level = options.level ?? 'web';
  const catalog = options.catalog ?? defaultPermissionCatalog;
  const restrictions: UploadRestrictions = { ...defaultUploadRestrictions, ...options.restrictions };
  const concurrency = Math.max(1, Math.trunc(options.concurrency ?? 3));
  const emitter = createEmitter();

  const context: FacadeContext = {
    backend: options.backend,
    principal: () => principal,
    level,
    catalog: () => users.getState().catalog ?? catalog,
    policyContext: () => {
      const document = portalSettings.getState().document;
      return { level, catalog: context.catalog(), portalSettings: document?.settings, apps: document?.apps };
    },
    audit: (event) => emitter.emit('audit', { ...event, actor: { kind: principal.kind, id: principal.id }, at: new Date().toISOString() }),
    fail: (operation, error) => {
      const failure = toAttachKitError(error);
      if (failure.code !== 'request.aborted') emitter.emit('error', { operation, error: failure });
      return failure;
    },
    // Another tab of this browser changed a record: its store here (if loaded) asks the server again.
    recordChanges: new RecordChanges(options.backend.server, ({ list, record }) => {
      void (list === 'attachments' ? attachmentStores : noteStores).get(recordKey(record))?.refresh();
    }),
  };

  const attachmentStores = new Map<string, AttachmentsStore>();
  const noteStores = new Map<string, NotesStore>();
  const attachments = (record: RecordRef) => {
    let store = attachmentStores.get(recordKey(record));
    if (!store) attachmentStores.set(recordKey(record), (store = new AttachmentsStore(context, record)));
    return store;
  };
  const notes = (record: RecordRef) => {
    let store = noteStores.get(recordKey(record));
    if (!store) noteStores.set(recordKey(record), (store = new NotesStore(context, record)));
    return store;
  };

  const users = new UsersStore(context, (saved) => {
    if (principal.kind === 'staff' && saved.id === principal.id) principal = saved;
  });
  const portalSettings = new PortalSettingsStore(context);
  const uploads = new UploadQueue(context, {
    concurrency,
    retryDelays: options.uploadRetryDelays,
    photos: { maxImageEdge: Math.max(0, options.maxImageEdge ?? defaultMaxImageEdge), keepLocation: options.keepLocation ?? false },
    persistence: options.uploadPersistence && {
      persistence: options.uploadPersistence,
      scope: uploadPersistenceScope(options.backend.server ?? 'local', principal),
      ...(options.uploadLocks === undefined ? {} : { locks: options.uploadLocks }),
    },
    restrictions,
    onDone: (item) => {
      attachments(item.record).upsert(item.attachment);
      context.recordChanges.changed({ list: 'attachments', record: item.record });
      emitter.emit('uploadComplete', { item, attachment: item.attachment, record: item.record });
    },
  });

  return {
    backend: options.backend,
    get principal() {
      return principal;
    },
    level,
    catalog,
    restrictions,
    can: (action, subject) => can(principal, action, subject, context.policyContext()),
    explain: (action, subject) => explain(principal, action, subject, context.policyContext()),
    policyContext: () => context.policyContext(),
    attachments,
    notes,
    uploads,
    users,
    portalSettings,
    on: (name, listener) => emitter.on(name, listener),
  };
}

/**
 * Asks the backend who the caller is (`GET /api/session` over HTTP), loads
 * the portal settings the policy needs, starts restoring the uploads an
 * earlier page left (`uploads.restore()`, with `uploadPersistence`), and
 * returns the facade. What
 * `<ak-provider base-url token>` uses.
 */
export async function connectAttachKit(options: Omit<AttachKitOptions, 'principal' | 'level'>): Promise<AttachKit> {
  const [session, catalog] = await Promise.all([options.backend.session(), options.backend.getPermissionCatalog()]);
  const kit = createAttachKit({ ...options, catalog: options.catalog ?? catalog, principal: session.principal, level: session.level });
  await kit.portalSettings.load();
  // This user's uploads from an earlier page come back as `interrupted` (a failure is in the queue's state).
  void kit.uploads.restore();
  return kit;
}
