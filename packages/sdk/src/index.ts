/**
 * @attachkit/sdk — headless attachments, sharing and permissions.
 * Pure TypeScript: no DOM, no Node-only APIs.
 */
export {
  type AccessLevel,
  accessLevels,
  AccessLevelSchema,
  type Attachment,
  type AttachmentPatch,
  AttachmentPatchSchema,
  AttachmentSchema,
  type AuditEntry,
  AuditEntrySchema,
  type BulkRequest,
  BulkRequestSchema,
  type BulkSet,
  BulkSetSchema,
  DisplayNameSchema,
  type Grants,
  GrantsSchema,
  type Note,
  type NoteCreate,
  NoteCreateSchema,
  type NotePatch,
  NotePatchSchema,
  NoteSchema,
  type PermissionKey,
  PermissionKeySchema,
  type PortalClient,
  PortalClientSchema,
  type PortalVisibility,
  PortalVisibilitySchema,
  type Principal,
  PrincipalSchema,
  type RecordRef,
  RecordRefSchema,
  type StaffUser,
  StaffUserSchema,
} from './model/schemas.js';
export { recordKey, type SharingChange, sharingChanges } from './model/sharing.js';
export {
  AttachKitAbortError,
  AttachKitConflictError,
  AttachKitError,
  type AttachKitErrorOptions,
  AttachKitForbiddenError,
  AttachKitNetworkError,
  AttachKitNotFoundError,
  AttachKitUploadRejectedError,
  AttachKitValidationError,
  type FieldIssue,
  isAbortError,
  issuesOf,
  parseOrThrow,
  type Reason,
  throwIfAborted,
  toAttachKitError,
} from './errors.js';
export {
  type AccessLevelDefinition,
  AccessLevelDefinitionSchema,
  type PermissionCatalog,
  PermissionCatalogSchema,
  type PermissionDefinition,
  PermissionDefinitionSchema,
  type PermissionSection,
  PermissionSectionSchema,
} from './catalog/catalog-schema.js';
export { defaultPermissionCatalog } from './catalog/default-permission-catalog.js';
export {
  type CatalogExtension,
  defaultGrants,
  dependentsOf,
  extendCatalog,
  findPermission,
  grantProblems,
  levelPermissions,
} from './catalog/catalog.js';
export {
  capabilities,
  type Capability,
  type CapabilityState,
  defaultPortalSettings,
  portalCapabilities,
  type PortalCapabilities,
  type PortalEnvironment,
  type PortalSettingDefinition,
  PortalSettingDefinitionSchema,
  type PortalSettingKey,
  portalSettingKeys,
  type PortalSettings,
  portalSettingsCatalog,
  type PortalSettingsCatalog,
  PortalSettingsCatalogSchema,
  PortalSettingsSchema,
  switchAllows,
} from './portal/portal-settings.js';
export { type Action, actionIndex, type ActionRule, actionRules, actions, type SubjectKind, viewActionOf } from './policy/actions.js';
export { can, type Decision, denialReasons, explain, type PolicyContext, type PolicySubject, visible } from './policy/policy.js';
export {
  checkName,
  checkUpload,
  defaultBlockedExtensions,
  defaultUploadRestrictions,
  effectiveExtension,
  formatBytes,
  type UploadCandidate,
  type UploadRestrictions,
} from './upload/restrictions.js';
export { checkRename } from './upload/rename-check.js';
export { maxDisplayNameLength, normalizeDisplayName } from './upload/display-name.js';
export {
  type AttachKitBackend,
  type PortalSettingsDocument,
  type RequestOptions,
  type Session,
  type UploadInput,
  type UploadOptions,
  type UploadProgress,
  type WriteOptions,
} from './backend/backend.js';
export { adminUser, createMemoryBackend, type MemoryBackend, type MemoryBackendSeed, type MemoryRecord } from './backend/memory-backend.js';
export { createHttpBackend, errorFromResponse, type HttpBackendOptions } from './backend/http-backend.js';
export { createStore, type Listener, type ReadableStore, type WritableStore } from './store/store.js';
export { type AttachKitEventMap, type AttachKitEventName, type AuditEvent, createEmitter, type EventSource } from './facade/events.js';
export { AttachmentsStore, type CollectionState, CollectionStore, type LoadStatus, NotesStore } from './facade/collection-store.js';
export {
  type UploadAddOptions,
  type UploadItem,
  UploadQueue,
  type UploadQueueEventMap,
  type UploadQueueOptions,
  type UploadQueueState,
  type UploadSource,
  type UploadStatus,
} from './facade/upload-queue.js';
export { defaultMaxImageEdge } from './photos/photo-support.js';
export type { PhotoOptions } from './photos/photo-plan.js';
export {
  createMemoryUploadPersistence,
  notPersistedReason,
  type PersistedUpload,
  type PersistedUploadPatch,
  type UploadPersistence,
  UploadPersistenceError,
  type UploadPersistenceFailure,
  uploadPersistenceScope,
} from './facade/upload-persistence.js';
export type { UploadLock, UploadLocks } from './facade/upload-claims.js';
export { type RecordChange, recordChangesChannel } from './facade/record-changes.js';
export { type UsersState, UsersStore } from './facade/users-store.js';
export { type PortalSettingsState, PortalSettingsStore } from './facade/portal-settings-store.js';
export { type AttachKit, type AttachKitOptions, connectAttachKit, createAttachKit } from './facade/attachkit.js';
