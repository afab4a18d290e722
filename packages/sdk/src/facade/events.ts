import type { AttachKitError } from '../errors.js';
import { createTypedEmitter } from '../store/emitter.js';
import type { Attachment, AuditEntry, RecordRef } from '../model/schemas.js';
import type { UploadItem } from './upload-item.js';

/** A change worth auditing, emitted by the facade once the backend accepted it. */
export type AuditEvent = Omit<AuditEntry, 'id'>;

export interface AttachKitEventMap {
  /** A share, hide, confidential change, grant change or portal-settings change. */
  audit: AuditEvent;
  uploadComplete: { item: UploadItem; attachment: Attachment; record: RecordRef };
  /** A command or load failed; the store has been rolled back. */
  error: { operation: string; error: AttachKitError };
}

export type AttachKitEventName = keyof AttachKitEventMap;

export interface EventSource {
  on<K extends AttachKitEventName>(name: K, listener: (event: AttachKitEventMap[K]) => void): () => void;
}

export function createEmitter(): EventSource & { emit<K extends AttachKitEventName>(name: K, event: AttachKitEventMap[K]): void } {
  return createTypedEmitter<AttachKitEventMap>();
}
