/**
 * The attachkit model. These zod schemas are the single source of the types:
 * every exported type below is inferred from its schema, and every payload
 * that crosses a boundary (HTTP, storage, host input) is parsed with them.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini (a fraction of zod's size in the browser) ships no messages; load the English ones.
z.config(en());

export const accessLevels = ['web', 'mobile'] as const;
export const AccessLevelSchema = z.enum(accessLevels);
export type AccessLevel = z.infer<typeof AccessLevelSchema>;

export const PortalVisibilitySchema = z.enum(['hidden', 'viewable']);
export type PortalVisibility = z.infer<typeof PortalVisibilitySchema>;

/** A host record such as `{ type: 'job', id: 'J-1042' }`. attachkit does not own records. */
export const RecordRefSchema = z.strictObject({
  type: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'record type must start with a letter and hold only letters, digits, "_" and "-"'),
    ),
  id: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(128),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'record id must hold only letters, digits, ".", "_", ":" and "-"'),
    ),
});
export type RecordRef = z.infer<typeof RecordRefSchema>;

/** Key of a permission in a catalog, e.g. `attachments.viewConfidential`. */
export const PermissionKeySchema = z
  .string()
  .check(
    z.minLength(3),
    z.maxLength(100),
    z.regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/, 'permission key must look like "area.action", e.g. "attachments.view"'),
  );
export type PermissionKey = z.infer<typeof PermissionKeySchema>;

const id = z.string().check(z.minLength(1), z.maxLength(128));
const isoDate = z.iso.datetime({ offset: true });

/** A display name: kept as data, never used as a path. */
export const DisplayNameSchema = z.string().check(z.minLength(1), z.maxLength(255));

export const AttachmentSchema = z.strictObject({
  id,
  record: RecordRefSchema,
  clientId: z.nullable(id),
  name: DisplayNameSchema,
  size: z.int().check(z.nonnegative()),
  mimeType: z.string().check(z.minLength(1), z.maxLength(255)),
  checksum: z.string().check(z.regex(/^[a-f0-9]{64}$/, 'checksum must be a lowercase sha256 hex digest')),
  createdAt: isoDate,
  createdBy: id,
  portal: PortalVisibilitySchema,
  confidential: z.boolean(),
  revision: z.int().check(z.positive()),
  /**
   * When a photo was taken, from its EXIF `DateTimeOriginal`: ISO 8601 with the
   * camera's UTC offset when it recorded one (`2026-11-30T14:05:09+02:00`), else
   * the camera's local time without offset. Absent when the file carries none.
   */
  capturedAt: z.optional(z.iso.datetime({ offset: true, local: true })),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const NoteSchema = z.strictObject({
  id,
  record: RecordRefSchema,
  clientId: z.nullable(id),
  body: z.string().check(z.minLength(1), z.maxLength(20_000)),
  portal: PortalVisibilitySchema,
  confidential: z.boolean(),
  createdAt: isoDate,
  createdBy: id,
  /** When the body was last edited, and by whom (absent until the first edit). */
  updatedAt: z.optional(isoDate),
  updatedBy: z.optional(id),
  revision: z.int().check(z.positive()),
});
export type Note = z.infer<typeof NoteSchema>;

/** Grants per access level: a user holds exactly the keys listed. */
export const GrantsSchema = z.partialRecord(AccessLevelSchema, z.array(PermissionKeySchema));
export type Grants = z.infer<typeof GrantsSchema>;

export const StaffUserSchema = z.strictObject({
  kind: z.literal('staff'),
  id,
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  grants: GrantsSchema,
});
export type StaffUser = z.infer<typeof StaffUserSchema>;

export const PortalClientSchema = z.strictObject({
  kind: z.literal('client'),
  id,
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type PortalClient = z.infer<typeof PortalClientSchema>;

export const PrincipalSchema = z.discriminatedUnion('kind', [StaffUserSchema, PortalClientSchema]);
export type Principal = z.infer<typeof PrincipalSchema>;

/** Fields a caller may change on an attachment. Unknown fields are refused (no mass assignment). */
const atLeastOneField = (fields: string) =>
  z.refine((value: unknown) => Object.keys(value as object).length > 0, `it must change at least one of ${fields}`);

export const AttachmentPatchSchema = z
  .strictObject({
    portal: z.optional(PortalVisibilitySchema),
    confidential: z.optional(z.boolean()),
    name: z.optional(DisplayNameSchema),
  })
  .check(atLeastOneField('portal, confidential, name'));
export type AttachmentPatch = z.infer<typeof AttachmentPatchSchema>;

/** Fields a bulk update may set on every listed item (all or nothing). */
export const BulkSetSchema = z
  .strictObject({
    portal: z.optional(PortalVisibilitySchema),
    confidential: z.optional(z.boolean()),
  })
  .check(atLeastOneField('portal, confidential'));
export type BulkSet = z.infer<typeof BulkSetSchema>;

export const BulkRequestSchema = z.strictObject({
  ids: z.array(id).check(z.minLength(1), z.maxLength(1000)),
  set: BulkSetSchema,
});
export type BulkRequest = z.infer<typeof BulkRequestSchema>;

export const NoteCreateSchema = z.strictObject({
  body: NoteSchema.shape.body,
  portal: z.optional(PortalVisibilitySchema),
  confidential: z.optional(z.boolean()),
});
export type NoteCreate = z.infer<typeof NoteCreateSchema>;

export const NotePatchSchema = z
  .strictObject({
    body: z.optional(NoteSchema.shape.body),
    portal: z.optional(PortalVisibilitySchema),
    confidential: z.optional(z.boolean()),
  })
  .check(atLeastOneField('body, portal, confidential'));
export type NotePatch = z.infer<typeof NotePatchSchema>;

export const AuditEntrySchema = z.strictObject({
  id,
  at: isoDate,
  /** Who made the change: a staff user, a portal client, or the host (a record moved to another customer). */
  actor: z.strictObject({ kind: z.enum(['staff', 'client', 'host']), id }),
  action: z.string().check(z.minLength(1)),
  target: z.strictObject({ type: z.enum(['attachment', 'note', 'user', 'portalSettings']), id: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
