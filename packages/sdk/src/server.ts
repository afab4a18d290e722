/**
 * @attachkit/sdk/server — what a backend builds on: the service that runs
 * the policy on every request (`createAttachKitService`, used by the
 * reference server and the memory backend alike), the `MetadataStore`
 * interface it keeps metadata behind, and an in-memory store. Browser hosts
 * and Node clients use the main entry, which does not export these.
 */
export {
  createAttachKitService,
  forPortalClient,
  type AttachKitService,
  type AttachKitServiceOptions,
  type AuditActor,
  type StoredContent,
  type UploadDraft,
} from './service/attachkit-service.js';
export { createMemoryMetadataStore, type MetadataStore, type ResolveRecord } from './service/metadata-store.js';
