/**
 * @attachkit/sdk/server — what a backend builds on: the service that runs
 * the policy on every request (`createAttachKitService`, used by the
 * reference server and the memory backend alike), the `MetadataStore`
 * interface it keeps metadata behind, an in-memory store, and the EXIF reader
 * the server's photo privacy shares with the browser's downscaling (one
 * reading of a photo's capture time). Browser hosts and Node clients use the
 * main entry, which does not export these.
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
export {
  ExifTiff,
  exifCaptureToIso,
  exifTags,
  isExifSegment,
  readExifCapture,
  type ExifCapture,
  type IfdEntry,
} from './photos/exif-tiff.js';
