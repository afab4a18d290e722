/**
 * The prose of the shared schemas in docs/openapi.yaml: what each schema and
 * field means to a client. The shapes themselves come from the zod schemas
 * (./components.ts); a name here that the shape lacks fails the generation.
 */
import type { ComponentName } from './components.js';

/** Every reason code the server answers today; clients treat unknown ones by HTTP status. */
export const knownReasonCodes = [
  // policy (403, or 404 when the item is invisible)
  'permission.missing',
  'permission.requires',
  'confidential.notPermitted',
  'portal.hidden',
  'portal.onlineAccessDisabled',
  'portal.sharedViewDisabled',
  'portal.settingsMissing',
  'client.mismatch',
  'client.notAllowed',
  'principal.unknown',
  'action.unknown',
  'note.notAuthor',
  // server
  'not.found',
  'auth.required',
  'host.required',
  'host.notAllowed',
  'validation.invalid',
  'revision.stale',
  'range.notSatisfiable',
  'request.unsupportedMediaType',
  'request.tooLarge',
  'request.invalid',
  'request.badUrl',
  'request.uriTooLong',
  'request.malformed',
  'request.headersTooLarge',
  'request.timeout',
  'auth.rateLimited',
  'upload.rateLimited',
  'route.notFound',
  'server.notReady',
  'internal',
  // uploads
  'upload.invalid',
  'upload.empty',
  'upload.tooLarge',
  'upload.blockedExtension',
  'upload.extensionNotAllowed',
  'upload.contentMismatch',
  'upload.executableContent',
  'upload.malware',
  'scan.unavailable',
  // resumable uploads (tus)
  'upload.offsetMismatch',
  'upload.lengthExceeded',
  'upload.expired',
  'tus.versionRequired',
  'tus.unsupported',
];

const reasonCode = `Stable, machine-readable reason code. New codes may be added; clients treat unknown ones by HTTP status. Known: ${knownReasonCodes.map((code) => `\`${code}\``).join(', ')}.`;

export const componentDescriptions: Partial<Record<ComponentName, { description?: string; properties?: Record<string, string> }>> = {
  RecordRef: { description: "A host record such as `{ type: 'job', id: 'J-1042' }`. attachkit does not own records." },
  Attachment: {
    properties: {
      id: 'Server-assigned UUID (also the storage key).',
      clientId: "The record's customer, from resolveRecord; never from the uploader.",
      name: 'The normalised display name (data, never a path).',
      mimeType: 'Sniffed from the bytes.',
      checksum: 'sha256 of the bytes.',
      createdBy: 'The staff user who attached it; "staff" in answers to portal clients.',
      confidential: 'Staff-only classification; always false in answers to portal clients.',
      revision: 'Grows with every change; a portal client receives a version derived from what it sees.',
      capturedAt:
        "When a photo was taken (EXIF DateTimeOriginal, read at upload): ISO 8601 with the camera's UTC offset when it recorded one (`2026-11-30T14:05:09+02:00`), else its local time without offset. Absent for files without one. The GPS position of a JPEG, PNG or WebP is never stored (removed at upload without re-encoding) unless the server runs with `keepLocation`; HEIC is stored as sent.",
    },
  },
  AttachmentPatch: {
    description: 'The fields a caller may change on an attachment; at least one. Unknown fields are refused (no mass assignment).',
  },
  BulkSet: { description: 'What a bulk update sets on every listed item; at least one field.' },
  BulkRequest: { properties: { ids: 'The items to change, all or nothing (duplicates removed).' } },
  Note: {
    properties: {
      updatedAt: 'When the text was last edited; absent until the first edit.',
      updatedBy: 'Who last edited the text (reads "staff" for portal clients).',
    },
  },
  NoteCreate: { description: 'A new note: Hidden and not confidential unless set, which needs the share / mark permissions.' },
  NotePatch: { description: 'The fields a caller may change on a note; at least one.' },
  Grants: { description: 'Permission keys per access level; a user holds exactly the keys listed.' },
  PermissionCatalog: { description: 'The permission catalog the server enforces: access levels → sections → permissions.' },
  PortalSettings: { description: 'The eleven Daftra switches, stored as given (two have "disable" polarity).' },
  PortalSettingsDocument: {
    properties: {
      apps: 'The activated host apps the switches depend on, e.g. `workOrders`, `booking`.',
      paymentMethods: 'The activated payment methods, e.g. `card`.',
    },
  },
  RecordRegistration: { properties: { clientId: 'The customer; null for an internal record no client sees.' } },
  AuditEntry: {
    properties: {
      actor: 'Who made the change: a staff user, a portal client, or the host (`host`: the record moved to another customer).',
      action:
        'What changed, e.g. `attachment.upload`, `attachment.rename`, `attachment.delete`, `attachment.share`, `attachment.hide`, `attachment.markConfidential`, `attachment.clearConfidential`, `attachment.customerChanged`, `note.create`, `note.edit`, `note.delete`, `note.share`, `note.customerChanged`, `grants.edit`, `portalSettings.edit`.',
      before: 'The changed fields before.',
      after: 'The changed fields after.',
    },
  },
  Reason: { properties: { code: reasonCode, permission: 'The permission key involved, when one is.' } },
  FieldIssue: { properties: { path: 'The field, e.g. `portal`, `ids[2]`, `If-Match`.' } },
  Problem: {
    description: "RFC 9457 problem details with attachkit's extensions.",
    properties: {
      type: '`urn:attachkit:problem:<code>`',
      detail: 'A sentence for people; it never quotes the request.',
      code: reasonCode,
      reasons: 'Every reason the policy gives (the first is `code`).',
      issues: 'The field problems of a refused payload.',
    },
  },
};
