/**
 * @attachkit/sdk — headless attachments, sharing and permissions.
 * Pure TypeScript: no DOM, no Node-only APIs.
 */
export * from './model/schemas.js';
export * from './model/sharing.js';
export * from './errors.js';
export * from './catalog/catalog-schema.js';
export * from './catalog/default-permission-catalog.js';
export * from './catalog/catalog.js';
export * from './portal/portal-settings.js';
export * from './policy/actions.js';
export * from './policy/policy.js';
export * from './upload/restrictions.js';
export * from './upload/rename-check.js';
export * from './upload/display-name.js';
export * from './backend/backend.js';
export * from './backend/memory-backend.js';
export * from './backend/http-backend.js';
export * from './service/metadata-store.js';
export * from './service/attachkit-service.js';
export * from './store/store.js';
export * from './facade/events.js';
export * from './facade/collection-store.js';
export * from './facade/upload-queue.js';
export * from './facade/users-store.js';
export * from './facade/portal-settings-store.js';
export * from './facade/attachkit.js';
