import type { PermissionKey } from '../model/schemas.js';

export const actions = [
  'attachment.view',
  'attachment.download',
  'attachment.upload',
  'attachment.share',
  'attachment.hide',
  'attachment.markConfidential',
  'attachment.clearConfidential',
  'attachment.rename',
  'attachment.delete',
  'note.view',
  'note.create',
  'note.share',
  'note.hide',
  'note.markConfidential',
  'note.clearConfidential',
  'note.delete',
  'grants.edit',
  'portalSettings.edit',
  'audit.view',
  'note.edit',
] as const;
export type Action = (typeof actions)[number];

export type SubjectKind = 'attachment' | 'note';

export interface ActionRule {
  /** The kind of item the action applies to; absent for account-wide actions. */
  subject?: SubjectKind;
  /** The permission a staff user must hold at the context's access level. */
  permission: PermissionKey;
  /** Whether a portal client may perform it (only viewing what is shared). */
  client?: boolean;
  /** A short phrase for sentences: "share this attachment". */
  phrase: string;
  /** Also needed when the subject was written by someone else (its `createdBy` is not the user). */
  othersPermission?: PermissionKey;
}

/** Rules as data: what each action needs. */
export const actionRules: Record<Action, ActionRule> = {
  'attachment.view': { subject: 'attachment', permission: 'attachments.view', client: true, phrase: 'view attachments' },
  'attachment.download': { subject: 'attachment', permission: 'attachments.view', client: true, phrase: 'download attachments' },
  'attachment.upload': { permission: 'attachments.upload', phrase: 'attach files' },
  'attachment.share': {
    subject: 'attachment',
    permission: 'attachments.share',
    phrase: 'make attachments viewable in the Customer Portal',
  },
  'attachment.hide': { subject: 'attachment', permission: 'attachments.share', phrase: 'hide attachments from the Customer Portal' },
  'attachment.markConfidential': {
    subject: 'attachment',
    permission: 'attachments.markConfidential',
    phrase: 'mark attachments as Confidential',
  },
  'attachment.clearConfidential': {
    subject: 'attachment',
    permission: 'attachments.markConfidential',
    phrase: 'clear the Confidential mark',
  },
  'attachment.rename': { subject: 'attachment', permission: 'attachments.rename', phrase: 'rename attachments' },
  'attachment.delete': { subject: 'attachment', permission: 'attachments.delete', phrase: 'delete attachments' },
  'note.view': { subject: 'note', permission: 'notes.view', client: true, phrase: 'view notes' },
  'note.create': { permission: 'notes.create', phrase: 'write notes' },
  'note.share': { subject: 'note', permission: 'notes.share', phrase: 'make notes viewable in the Customer Portal' },
  'note.hide': { subject: 'note', permission: 'notes.share', phrase: 'hide notes from the Customer Portal' },
  'note.markConfidential': { subject: 'note', permission: 'notes.markConfidential', phrase: 'mark notes as Confidential' },
  'note.clearConfidential': { subject: 'note', permission: 'notes.markConfidential', phrase: 'clear the Confidential mark of notes' },
  'note.edit': { subject: 'note', permission: 'notes.create', othersPermission: 'notes.editOthers', phrase: 'edit notes' },
  'note.delete': { subject: 'note', permission: 'notes.delete', othersPermission: 'notes.editOthers', phrase: 'delete notes' },
  'grants.edit': { permission: 'users.managePermissions', phrase: "change users' permissions" },
  'portalSettings.edit': { permission: 'portal.manageSettings', phrase: 'change the Customer Portal settings' },
  'audit.view': { permission: 'audit.view', phrase: 'view the audit log' },
};

/** The view action of a subject kind. */
export const viewActionOf: Record<SubjectKind, Action> = { attachment: 'attachment.view', note: 'note.view' };

/**
 * The position of an action in `actions`, or -1. A switch over interned
 * strings is several times faster than a keyed object lookup, and `can()`
 * runs on every row of every list (a test keeps it in step with `actions`).
 */
export function actionIndex(action: string): number {
  switch (action) {
    case 'attachment.view':
      return 0;
    case 'attachment.download':
      return 1;
    case 'attachment.upload':
      return 2;
    case 'attachment.share':
      return 3;
    case 'attachment.hide':
      return 4;
    case 'attachment.markConfidential':
      return 5;
    case 'attachment.clearConfidential':
      return 6;
    case 'attachment.rename':
      return 7;
    case 'attachment.delete':
      return 8;
    case 'note.view':
      return 9;
    case 'note.create':
      return 10;
    case 'note.share':
      return 11;
    case 'note.hide':
      return 12;
    case 'note.markConfidential':
      return 13;
    case 'note.clearConfidential':
      return 14;
    case 'note.delete':
      return 15;
    case 'grants.edit':
      return 16;
    case 'portalSettings.edit':
      return 17;
    case 'audit.view':
      return 18;
    case 'note.edit':
      return 19;
    default:
      return -1;
  }
}
