/**
 * The attachkit model. These zod schemas are the single source of the types:
 * every exported type below is inferred from its schema, and every payload
 * that crosses a boundary (HTTP, storage, host input) is parsed with them.
 */
import { z } from 'zod';

export const accessLevels = ['web', 'mobile'] as const;
export const AccessLevelSchema = z.enum(accessLevels);
export type AccessLevel = z.infer<typeof AccessLevelSchema>;

export const PortalVisibilitySchema = z.enum(['hidden', 'viewable']);
export type PortalVisibility = z.infer<typeof PortalVisibilitySchema>;

/** A host record such as `{ type: 'job', id: 'J-1042' }`. attachkit does not own records. */
export const RecordRefSchema = z.strictObject({
  type: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'record type must start with a letter and hold only letters, digits, "_" and "-"'),
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'record id must hold only letters, digits, ".", "_", ":" and "-"'),
});
export type RecordRef = z.infer<typeof RecordRefSchema>;

/** Key of a permission in a catalog, e.g. `attachments.viewConfidential`. */
export const PermissionKeySchema = z
  .string()
  .min(3)
  .max(100)
  .regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/, 'permission key must look like "area.action", e.g. "attachments.view"');
export type PermissionKey = z.infer<typeof PermissionKeySchema>;

const id = z.string().min(1).max(128);
const isoDate = z.iso.datetime({ offset: true });

/** A display name: kept as data, never used as a path. */
export const DisplayNameSchema = z.string().min(1).max(255);

export const AttachmentSchema = z.strictObject({
  id,
  record: RecordRefSchema,
  clientId: id.nullable(),
  name: DisplayNameSchema,
  size: z.int().nonnegative(),
  mimeType: z.string().min(1).max(255),
  checksum: z.string().regex(/^[a-f0-9]{64}$/, 'checksum must be a lowercase sha256 hex digest'),
  createdAt: isoDate,
  createdBy: id,
  portal: PortalVisibilitySchema,
  confidential: z.boolean(),
  revision: z.int().positive(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const NoteSchema = z.strictObject({
  id,
  record: RecordRefSchema,
  clientId: id.nullable(),
  body: z.string().min(1).max(20_000),
  portal: PortalVisibilitySchema,
  confidential: z.boolean(),
  createdAt: isoDate,
  createdBy: id,
  revision: z.int().positive(),
});
export type Note = z.infer<typeof NoteSchema>;

/** Grants per access level: a user holds exactly the keys listed. */
export const GrantsSchema = z.partialRecord(AccessLevelSchema, z.array(PermissionKeySchema));
export type Grants = z.infer<typeof GrantsSchema>;

export const StaffUserSchema = z.strictObject({
  kind: z.literal('staff'),
  id,
  name: z.string().min(1).max(200),
  grants: GrantsSchema,
});
export type StaffUser = z.infer<typeof StaffUserSchema>;

export const PortalClientSchema = z.strictObject({
  kind: z.literal('client'),
  id,
  name: z.string().min(1).max(200).optional(),
});
export type PortalClient = z.infer<typeof PortalClientSchema>;

export const PrincipalSchema = z.discriminatedUnion('kind', [StaffUserSchema, PortalClientSchema]);
export type Principal = z.infer<typeof PrincipalSchema>;

/** Fields a caller may change on an attachment. Unknown fields are refused (no mass assignment). */
export const AttachmentPatchSchema = z
  .strictObject({
    portal: PortalVisibilitySchema.optional(),
    confidential: z.boolean().optional(),
    name: DisplayNameSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'the patch must change at least one of portal, confidential, name');
export type AttachmentPatch = z.infer<typeof AttachmentPatchSchema>;

/** Fields a bulk update may set on every listed item (all or nothing). */
export const BulkSetSchema = z
  .strictObject({
    portal: PortalVisibilitySchema.optional(),
    confidential: z.boolean().optional(),
  })
  .refine((set) => Object.keys(set).length > 0, 'set must change at least one of portal, confidential');
export type BulkSet = z.infer<typeof BulkSetSchema>;

export const BulkRequestSchema = z.strictObject({
  ids: z.array(id).min(1).max(1000),
  set: BulkSetSchema,
});
export type BulkRequest = z.infer<typeof BulkRequestSchema>;

export const NoteCreateSchema = z.strictObject({
  body: NoteSchema.shape.body,
  portal: PortalVisibilitySchema.optional(),
  confidential: z.boolean().optional(),
});
export type NoteCreate = z.infer<typeof NoteCreateSchema>;

export const NotePatchSchema = z
  .strictObject({
    body: NoteSchema.shape.body.optional(),
    portal: PortalVisibilitySchema.optional(),
    confidential: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'the patch must change at least one of body, portal, confidential');
export type NotePatch = z.infer<typeof NotePatchSchema>;

export const AuditEntrySchema = z.strictObject({
  id,
  at: isoDate,
  actor: z.strictObject({ kind: z.enum(['staff', 'client']), id }),
  action: z.string().min(1),
  target: z.strictObject({ type: z.enum(['attachment', 'note', 'user', 'portalSettings']), id: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
