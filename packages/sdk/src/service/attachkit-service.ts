import type { RecordRef } from '../model/schemas.js';
import type { Session } from '../backend/backend.js';
import { createAdminService } from './admin-service.js';
import { createAttachmentService } from './attachments-service.js';
import { createNoteService } from './notes-service.js';
import { createServiceCore, type AttachKitServiceOptions, type AuditActor } from './service-core.js';

export type { AttachKitServiceOptions, AuditActor } from './service-core.js';
export type { StoredContent, UploadDraft } from './attachments-service.js';
export { forPortalClient } from './portal-view.js';

/**
 * The rules every backend follows, over a MetadataStore: the reference server
 * and the memory backend both call it, so they answer alike. Every method
 * takes the caller's session, runs the policy before it reads the body, and
 * throws AttachKitErrors: 404 for what the caller may not see, 403 with
 * reasons, 400 with fields, 412, 422. One part per resource.
 */
export function createAttachKitService(options: AttachKitServiceOptions) {
  const core = createServiceCore(options);
  const { collection: attachments, ...attachmentMethods } = createAttachmentService(core);
  const { collection: notes, ...noteMethods } = createNoteService(core);
  return {
    catalog: core.catalog,
    restrictions: core.restrictions,

    /** The caller as the store knows them now (fresh grants). */
    async session(session: Session): Promise<Session> {
      return { principal: (await core.context(session)).principal, level: session.level };
    },

    ...attachmentMethods,
    ...noteMethods,
    ...createAdminService(core),

    /**
     * The host moved (or forgot) a record: re-home its attachments and notes
     * now — Viewable ones become Hidden, audited as `actor` — instead of at
     * their next read. The host's answer for the record must already be the new one.
     */
    async recordMoved(record: RecordRef, actor: AuditActor): Promise<void> {
      const owner = await core.resolveRecord(record);
      await attachments.reconcile(record, owner, actor);
      await notes.reconcile(record, owner, actor);
    },
  };
}

export type AttachKitService = ReturnType<typeof createAttachKitService>;
