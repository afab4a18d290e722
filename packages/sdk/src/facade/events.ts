import type { AttachKitError } from '../errors.js';
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
  const listeners = new Map<AttachKitEventName, Set<(event: never) => void>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(name, event) {
      for (const listener of [...(listeners.get(name) ?? [])]) (listener as (e: typeof event) => void)(event);
    },
  };
}
