import { msg, str } from '@lit/localize';
import type { Action, Attachment, AttachKit, Note, PolicySubject } from '@attachkit/sdk';
import { formatNumber } from '../localization/format.js';
import type { ItemKind } from '../events/base.js';

/** The toolbar commands, identical for attachments and notes. */
export type BulkActionId = 'share' | 'hide' | 'markConfidential' | 'clearConfidential' | 'delete';

export interface BulkAction {
  id: BulkActionId;
  action: Action;
  label: string;
  danger?: boolean;
}

export const bulkActionIds: readonly BulkActionId[] = ['share', 'hide', 'markConfidential', 'clearConfidential', 'delete'];

/** The toolbar of one kind, labelled as in Ascora. */
export function bulkActions(kind: ItemKind): BulkAction[] {
  return [
    { id: 'share', action: `${kind}.share`, label: msg('Viewable in Customer Portal') },
    { id: 'hide', action: `${kind}.hide`, label: msg('Hide from Customer Portal') },
    { id: 'markConfidential', action: `${kind}.markConfidential`, label: msg('Mark as Confidential') },
    { id: 'clearConfidential', action: `${kind}.clearConfidential`, label: msg('Clear Confidential') },
    { id: 'delete', action: `${kind}.delete`, label: msg('Delete'), danger: true },
  ];
}

/**
 * Why `action` is unavailable for the selected items (first reason of the
 * policy), or null when it is available. Subjects are deduplicated on the
 * fields the policy reads, so 10,000 selected rows cost a handful of checks.
 */
export function firstDenial(kit: AttachKit, action: Action, items: readonly (Attachment | Note)[]) {
  if (items.length === 0) {
    const decision = kit.explain(action);
    return decision.reasons[0] ?? null;
  }
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.portal}|${item.confidential}|${item.clientId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const subject: PolicySubject = { portal: item.portal, confidential: item.confidential, clientId: item.clientId };
    const reason = kit.explain(action, subject).reasons[0];
    if (reason) return reason;
  }
  return null;
}

/**
 * Whether the principal may do `action` on at least one of the items (or, with
 * none, at all): a toolbar whose every action is denied on every item is left out.
 */
export function allowedOnAny(kit: AttachKit, action: Action, items: readonly (Attachment | Note)[]): boolean {
  if (items.length === 0) return kit.explain(action).allowed;
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.portal}|${item.confidential}|${item.clientId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (kit.can(action, { portal: item.portal, confidential: item.confidential, clientId: item.clientId })) return true;
  }
  return false;
}

/** "2 attachments are now viewable in the Customer Portal." and the like. */
export function resultMessage(kind: ItemKind, id: BulkActionId, count: number): string {
  const n = formatNumber(count);
  if (kind === 'note') {
    switch (id) {
      case 'share':
        return msg(str`Notes viewable in the Customer Portal: ${n}.`);
      case 'hide':
        return msg(str`Notes hidden from the Customer Portal: ${n}.`);
      case 'markConfidential':
        return msg(str`Notes marked Confidential: ${n}.`);
      case 'clearConfidential':
        return msg(str`Notes no longer Confidential: ${n}.`);
      case 'delete':
        return msg(str`Notes deleted: ${n}.`);
    }
  }
  switch (id) {
    case 'share':
      return msg(str`Attachments viewable in the Customer Portal: ${n}.`);
    case 'hide':
      return msg(str`Attachments hidden from the Customer Portal: ${n}.`);
    case 'markConfidential':
      return msg(str`Attachments marked Confidential: ${n}.`);
    case 'clearConfidential':
      return msg(str`Attachments no longer Confidential: ${n}.`);
    case 'delete':
      return msg(str`Attachments deleted: ${n}.`);
  }
}
