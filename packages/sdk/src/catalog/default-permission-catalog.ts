import type { PermissionCatalog, PermissionDefinition } from './catalog-schema.js';

const viewAttachments: PermissionDefinition = {
  key: 'attachments.view',
  label: 'Can view attachments',
  description: 'See and download the attachments of records. Confidential attachments need the permission below as well.',
  default: true,
};
const viewConfidentialAttachments: PermissionDefinition = {
  key: 'attachments.viewConfidential',
  label: 'Can view attachments that have been marked as Confidential',
  description: 'Without it, attachments marked Confidential are hidden from this user.',
  default: false,
  requires: ['attachments.view'],
};
const viewNotes: PermissionDefinition = {
  key: 'notes.view',
  label: 'Can view notes',
  description: 'See the notes of records. Confidential notes need the permission below as well.',
  default: true,
};
const viewConfidentialNotes: PermissionDefinition = {
  key: 'notes.viewConfidential',
  label: 'Can view notes that have been marked as Confidential',
  description: 'Without it, notes marked Confidential are hidden from this user.',
  default: false,
  requires: ['notes.view'],
};

const attachmentWork: PermissionDefinition[] = [
  { key: 'attachments.upload', label: 'Can attach files', description: 'Add files to records.', default: true },
  {
    key: 'attachments.rename',
    label: 'Can rename attachments',
    description: 'Change the display name of an attachment.',
    default: true,
    requires: ['attachments.view'],
  },
  {
    key: 'attachments.share',
    label: 'Can share attachments via the Customer Portal',
    description: 'Mark attachments Viewable in, or Hidden from, the Customer Portal.',
    default: false,
    requires: ['attachments.view'],
  },
  {
    key: 'attachments.markConfidential',
    label: 'Can mark attachments as Confidential',
    description: 'Mark attachments Confidential or clear the mark.',
    default: false,
    requires: ['attachments.viewConfidential'],
  },
  {
    key: 'attachments.delete',
    label: 'Can delete attachments',
    description: 'Remove attachments from records.',
    default: false,
    requires: ['attachments.view'],
  },
];

const noteWork: PermissionDefinition[] = [
  {
    key: 'notes.create',
    label: 'Can write notes',
    description: 'Add notes to records and edit the text of your own notes.',
    default: true,
    requires: ['notes.view'],
  },
  {
    key: 'notes.editOthers',
    label: 'Can edit and delete notes written by others',
    description: 'Without it, a user edits and deletes only the notes they wrote.',
    default: false,
    requires: ['notes.create'],
  },
  {
    key: 'notes.share',
    label: 'Can share notes via the Customer Portal',
    description: 'Mark notes Viewable in, or Hidden from, the Customer Portal.',
    default: false,
    requires: ['notes.view'],
  },
  {
    key: 'notes.markConfidential',
    label: 'Can mark notes as Confidential',
    description: 'Mark notes Confidential or clear the mark.',
    default: false,
    requires: ['notes.viewConfidential'],
  },
  { key: 'notes.delete', label: 'Can delete notes', description: 'Remove notes from records.', default: false, requires: ['notes.view'] },
];

/**
 * The built-in catalog. As in Ascora, every user can view non-confidential
 * attachments by default, and the mobile level's "General" section holds
 * "Can view attachments that have been marked as Confidential".
 */
export const defaultPermissionCatalog: PermissionCatalog = {
  levels: [
    {
      level: 'web',
      label: 'Web Access Level Permissions',
      sections: [
        { id: 'attachments', label: 'Attachments', permissions: [viewAttachments, viewConfidentialAttachments, ...attachmentWork] },
        { id: 'notes', label: 'Notes', permissions: [viewNotes, viewConfidentialNotes, ...noteWork] },
        {
          id: 'administration',
          label: 'Administration',
          permissions: [
            {
              key: 'users.managePermissions',
              label: 'Can manage user permissions',
              description: "Grant or revoke other users' permissions.",
              default: false,
            },
            {
              key: 'portal.manageSettings',
              label: 'Can manage Customer Portal settings',
              description: 'Change what clients may do in the Customer Portal.',
              default: false,
            },
            {
              key: 'audit.view',
              label: 'Can view the audit log',
              description: 'See who changed sharing, confidentiality, permissions and portal settings.',
              default: false,
            },
          ],
        },
      ],
    },
    {
      level: 'mobile',
      label: 'Mobile Access Level Permissions',
      sections: [
        { id: 'general', label: 'General', permissions: [viewAttachments, viewConfidentialAttachments, viewNotes, viewConfidentialNotes] },
        { id: 'attachments', label: 'Attachments', permissions: attachmentWork },
        { id: 'notes', label: 'Notes', permissions: noteWork },
      ],
    },
  ],
};
