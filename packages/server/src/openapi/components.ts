/**
 * The shared schemas of the REST API (`#/components/schemas/…` in
 * docs/openapi.yaml), made from the SDK's zod schemas with zod 4's
 * `z.toJSONSchema` (it accepts the SDK's `zod/mini` schemas as they are).
 * Fastify gets them with `addSchema`; route schemas reference them as
 * `{ $ref: 'Attachment#' }`. They document requests and serialize responses;
 * the service still parses every request with the same zod schemas, after
 * authorization (see ./route-schemas.ts).
 */
import { z } from 'zod';
import * as zm from 'zod/mini';
import {
  AccessLevelSchema,
  AttachmentPatchSchema,
  AttachmentSchema,
  AuditEntrySchema,
  BulkRequestSchema,
  BulkSetSchema,
  GrantsSchema,
  NoteCreateSchema,
  NotePatchSchema,
  NoteSchema,
  PermissionCatalogSchema,
  PermissionKeySchema,
  PortalClientSchema,
  PortalSettingsSchema,
  PortalVisibilitySchema,
  PrincipalSchema,
  RecordRefSchema,
  StaffUserSchema,
} from '@attachkit/sdk';
import { RecordRegistrationSchema } from '../routes/record-registration.js';
import { componentDescriptions } from './component-descriptions.js';

/** What `GET /api/session` answers (the SDK's HTTP backend parses the same shape). */
const SessionSchema = zm.strictObject({ principal: PrincipalSchema, level: AccessLevelSchema });
const PortalSettingsDocumentSchema = zm.strictObject({
  settings: PortalSettingsSchema,
  apps: zm.array(zm.string()),
  paymentMethods: zm.array(zm.string()),
});
const RegisteredRecordSchema = z.strictObject({ ...RecordRefSchema.shape, ...RecordRegistrationSchema.shape });

const ReasonSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  permission: z.optional(z.string()),
});
const FieldIssueSchema = z.strictObject({ path: z.string(), message: z.string() });
/** RFC 9457 problem details (src/http/problem.ts). */
const ProblemSchema = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  code: z.string(),
  reasons: z.array(ReasonSchema),
  issues: z.array(FieldIssueSchema),
});

/** Each shared schema under its component name; nested ones become `$ref`s. */
const components = {
  RecordRef: RecordRefSchema,
  PortalVisibility: PortalVisibilitySchema,
  AccessLevel: AccessLevelSchema,
  PermissionKey: PermissionKeySchema,
  Attachment: AttachmentSchema,
  AttachmentPatch: AttachmentPatchSchema,
  BulkSet: BulkSetSchema,
  BulkRequest: BulkRequestSchema,
  Note: NoteSchema,
  NoteCreate: NoteCreateSchema,
  NotePatch: NotePatchSchema,
  Grants: GrantsSchema,
  StaffUser: StaffUserSchema,
  PortalClient: PortalClientSchema,
  Principal: PrincipalSchema,
  Session: SessionSchema,
  PermissionCatalog: PermissionCatalogSchema,
  PortalSettings: PortalSettingsSchema,
  PortalSettingsDocument: PortalSettingsDocumentSchema,
  RecordRegistration: RecordRegistrationSchema,
  RegisteredRecord: RegisteredRecordSchema,
  AuditEntry: AuditEntrySchema,
  Reason: ReasonSchema,
  FieldIssue: FieldIssueSchema,
  Problem: ProblemSchema,
} satisfies Record<string, z.core.$ZodType>;

export type ComponentName = keyof typeof components;

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/**
 * Tidies what zod emits for documents: no `$schema`; a `date-time` format without
 * the long regex that restates it; an `unknown` property (any value, `undefined`
 * too) is not required.
 */
function tidy(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(tidy);
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as JsonSchema;
  delete node.$schema;
  if (node.format === 'date-time') delete node.pattern;
  if (node.properties && node.required) {
    const properties = node.properties;
    node.required = node.required.filter((key) => Object.keys(properties[key] ?? {}).length > 0);
  }
  Object.values(node).forEach(tidy);
}

/** Adds the prose of ./component-descriptions.ts to a schema and its properties. */
function describe(name: string, schema: JsonSchema): JsonSchema {
  const prose = componentDescriptions[name as ComponentName];
  if (!prose) return schema;
  if (prose.description) schema.description = prose.description;
  for (const [key, text] of Object.entries(prose.properties ?? {})) {
    const property = schema.properties?.[key];
    if (!property) throw new Error(`component-descriptions: ${name} has no property ${key}`);
    property.description = text;
  }
  return schema;
}

let built: Record<ComponentName, JsonSchema> | undefined;

/** The shared schemas as JSON Schema 2020-12, each with its `$id` (its component name). */
export function componentSchemas(): Record<ComponentName, JsonSchema> {
  if (built) return built;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', uri: (id) => `${id}#` });
  built = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      tidy(schema);
      return [name, describe(name, { ...schema, $id: name } as JsonSchema)];
    }),
  ) as Record<ComponentName, JsonSchema>;
  // "At least one field" is a zod refinement, which JSON Schema cannot read from the schema.
  for (const name of ['AttachmentPatch', 'BulkSet', 'NotePatch'] as const) built[name].minProperties = 1;
  return built;
}

/** A reference to a shared schema, as route schemas write it. */
export const ref = (name: ComponentName) => ({ $ref: `${name}#` });
