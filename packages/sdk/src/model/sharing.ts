import type { Attachment, Note, RecordRef } from './schemas.js';

/** One key per host record, for maps and caches (`type` and `id` cannot contain NUL). */
export function recordKey(record: RecordRef): string {
  return `${record.type}\u0000${record.id}`;
}

/** A sharing or confidentiality change of one item, as the audit log records it. */
export interface SharingChange {
  action: string;
  target: { type: 'attachment' | 'note'; id: string };
  before: { portal: string } | { confidential: boolean };
  after: { portal: string } | { confidential: boolean };
}

/**
 * What changed in an item's sharing (Customer Portal Viewable/Hidden) and
 * confidentiality between two versions: the share, hide, mark and clear
 * entries of the audit log. Other fields are not audited.
 */
export function sharingChanges(kind: 'attachment' | 'note', before: Attachment | Note, after: Attachment | Note): SharingChange[] {
  const target = { type: kind, id: before.id };
  const changes: SharingChange[] = [];
  if (before.portal !== after.portal) {
    changes.push({
      action: after.portal === 'viewable' ? `${kind}.share` : `${kind}.hide`,
      target,
      before: { portal: before.portal },
      after: { portal: after.portal },
    });
  }
  if (before.confidential !== after.confidential) {
    const action = after.confidential ? `${kind}.markConfidential` : `${kind}.clearConfidential`;
    changes.push({ action, target, before: { confidential: before.confidential }, after: { confidential: after.confidential } });
  }
  return changes;
}
