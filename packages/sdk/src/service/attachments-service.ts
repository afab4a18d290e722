import { AttachKitUploadRejectedError, parseOrThrow, type Reason } from '../errors.js';
import { AttachmentPatchSchema, type Attachment, type RecordRef } from '../model/schemas.js';
import type { Action } from '../policy/actions.js';
import { normalizeDisplayName } from '../upload/display-name.js';
import { checkRename } from '../upload/rename-check.js';
import { checkUpload } from '../upload/restrictions.js';
import type { Session } from '../backend/backend.js';
import { createCollection, sharingActions } from './collection.js';
import { actorOf, type AuditActor, type ServiceCore } from './service-core.js';

/** What an upload will become once its bytes are stored. */
export interface UploadDraft {
  id: string;
  record: RecordRef;
  clientId: string | null;
  name: string;
  createdBy: string;
  /** The uploader, for the audit entry written with the row. */
  actor: AuditActor;
}

/** What the storage adapter learnt from the bytes. */
export interface StoredContent {
  size: number;
  mimeType: string;
  checksum: string;
  /** The capture time a photo's EXIF records (ISO 8601), when it has one. */
  capturedAt?: string;
}

const patchActions: Action[] = [
  'attachment.share',
  'attachment.hide',
  'attachment.markConfidential',
  'attachment.clearConfidential',
  'attachment.rename',
];

function rejectUpload(reason: Reason | null): void {
  if (reason) throw new AttachKitUploadRejectedError(reason);
}

/** Attachments: list, get, content access, PATCH (sharing, confidentiality, rename), bulk, delete, and the two halves of an upload. */
export function createAttachmentService(core: ServiceCore) {
  const { store, restrictions } = core;
  const attachments = createCollection<Attachment>(core, 'attachment', {
    list: (r) => store.listAttachments(r),
    get: (ids) => store.getAttachments(ids),
    replace: (n, e, a) => store.replaceAttachments(n, e, a),
    remove: (id, rev, a) => store.deleteAttachment(id, rev, a),
  });

  /** Upload permission on the record (404 for a record the caller may not see), before anything about the file is read. */
  async function authorizeUpload(session: Session, record: RecordRef) {
    const { principal, ctx } = await core.context(session);
    const owner = await core.resolve(principal, record);
    core.authorize(principal, ['attachment.upload'], undefined, ctx);
    return { principal, owner };
  }

  return {
    collection: attachments,
    listAttachments: (session: Session, record: RecordRef) => attachments.list(session, record),
    getAttachment: (session: Session, id: string) => attachments.get(session, id),
    bulkUpdateAttachments: (session: Session, body: unknown) => attachments.bulk(session, body),

    /** The attachment whose bytes the caller may download (404 otherwise). */
    async contentAccess(session: Session, id: string): Promise<Attachment> {
      const { principal, ctx, item } = await attachments.getVisible(session, id);
      core.authorize(principal, ['attachment.download'], item, ctx);
      return item;
    },

    /**
     * Sharing, confidentiality and the display name. A caller who may make
     * none of these changes gets a 403 whatever the body; a new name goes
     * through the upload's name rules (422) and may not give markup content
     * a markup extension.
     */
    async patchAttachment(session: Session, id: string, body: unknown, ifRevision?: number): Promise<Attachment> {
      const { principal, ctx, item } = await attachments.getVisible(session, id);
      const patch = attachments.parseAuthorized(principal, patchActions, item, ctx, () =>
        parseOrThrow(AttachmentPatchSchema, body, 'attachment patch'),
      );
      const needed = sharingActions('attachment', patch);
      if (patch.name !== undefined) needed.push('attachment.rename');
      core.authorize(principal, needed, item, ctx);
      attachments.checkRevision(item, ifRevision);
      const name = patch.name === undefined ? item.name : normalizeDisplayName(patch.name);
      if (name !== item.name) rejectUpload(checkRename(name, item.mimeType, item.name, restrictions));
      const next: Attachment = { ...item, ...patch, name, revision: item.revision + 1 };
      const audit = attachments.sharingAudit(session, item, next);
      if (name !== item.name)
        audit.push(
          core.auditEntry(actorOf(session), 'attachment.rename', { type: 'attachment', id: item.id }, { name: item.name }, { name }),
        );
      return attachments.replaceOne(item, next, audit);
    },

    deleteAttachment: (session: Session, id: string, ifRevision?: number) =>
      attachments.remove(session, id, ifRevision, (a) => ({ name: a.name, size: a.size, portal: a.portal, confidential: a.confidential })),

    authorizeUpload: async (session: Session, record: RecordRef): Promise<void> => {
      await authorizeUpload(session, record);
    },

    /**
     * First half of an upload: checks the record, the policy and the
     * restrictions (size when known), and returns the draft to store bytes for.
     */
    async prepareUpload(session: Session, record: RecordRef, file: { name: string; size?: number }): Promise<UploadDraft> {
      const { principal, owner } = await authorizeUpload(session, record);
      const name = normalizeDisplayName(typeof file.name === 'string' ? file.name : '');
      rejectUpload(checkUpload({ name, size: file.size ?? 1 }, restrictions));
      return {
        id: core.newId(),
        record: { type: record.type, id: record.id },
        clientId: owner.clientId,
        name,
        createdBy: principal.id,
        actor: actorOf(session),
      };
    },

    /** Second half: the bytes are stored; record the row (and its audit entry). New attachments are Hidden and not confidential. */
    async commitUpload(draft: UploadDraft, content: StoredContent): Promise<Attachment> {
      rejectUpload(checkUpload({ name: draft.name, size: content.size }, restrictions));
      const { actor, ...fields } = draft;
      const attachment: Attachment = {
        ...fields,
        size: content.size,
        mimeType: content.mimeType,
        checksum: content.checksum,
        createdAt: core.now().toISOString(),
        portal: 'hidden',
        confidential: false,
        revision: 1,
        ...(content.capturedAt === undefined ? {} : { capturedAt: content.capturedAt }),
      };
      const audit = core.auditEntry(actor, 'attachment.upload', { type: 'attachment', id: attachment.id }, null, {
        name: attachment.name,
        size: attachment.size,
        mimeType: attachment.mimeType,
        record: attachment.record,
      });
      await store.insertAttachment(attachment, [audit]);
      return attachment;
    },
  };
}
