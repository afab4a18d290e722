/**
 * The `--tokens` file of `attachkit-server`: bearer tokens → callers, checked
 * with zod when the server starts (a bad entry stops it, named by its position
 * and never by its secret). The file only names users: staff grants live in
 * the database, and a staff user the database does not know yet is created
 * there at start with the catalog defaults, for admins to manage.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  AccessLevelSchema,
  PortalClientSchema,
  StaffUserSchema,
  adminUser,
  defaultGrants,
  type PermissionCatalog,
  type StaffUser,
} from '@attachkit/sdk';
import { type MetadataStore } from '@attachkit/sdk/server';
import type { Caller } from './authenticate.js';

/** A token file that cannot be used; the message says which entry and why. */
export class TokenFileError extends Error {}

const grantsLiveInTheDatabase =
  'grants come from the database, not the token file: remove "grants" (a new user starts with the catalog defaults; admins change them with PUT /api/users/:id/grants, and --admins names users created with every permission)';

const StaffEntrySchema = z.strictObject({
  kind: z.literal('staff'),
  id: StaffUserSchema.shape.id,
  name: StaffUserSchema.shape.name,
  grants: z.optional(z.strictObject({}, { error: grantsLiveInTheDatabase })),
});

const HostEntrySchema = z.strictObject({ host: z.literal(true), id: z.string().min(1).max(128) });
const PrincipalEntrySchema = z.strictObject({
  principal: z.discriminatedUnion('kind', [StaffEntrySchema, PortalClientSchema]),
  level: AccessLevelSchema,
});
/** The schema an entry means to follow: the host service's when it says `host`, a principal's otherwise. */
const schemaFor = (value: unknown) =>
  typeof value === 'object' && value !== null && 'host' in value ? HostEntrySchema : PrincipalEntrySchema;

/** Bearer tokens as the `Authorization` header carries them: 16 to 512 printable ASCII characters, no spaces. */
const TokenSchema = z.string().regex(/^[\x21-\x7e]{16,512}$/, 'a token must be 16 to 512 printable ASCII characters without spaces');

/** Describes an entry for people without printing its token. */
function describeEntry(index: number, token: string, value: unknown): string {
  const principal = (value as { principal?: { id?: unknown } } | null)?.principal;
  const id =
    typeof principal?.id === 'string'
      ? principal.id
      : typeof (value as { id?: unknown } | null)?.id === 'string'
        ? (value as { id: string }).id
        : null;
  return `entry ${index + 1} (token ${token.slice(0, 3)}…, ${token.length} characters${id ? `, id "${id.slice(0, 64)}"` : ''})`;
}

/** Checks a token file's text; returns token → caller, staff principals with empty grants (the database holds them). */
export function parseTokenFile(text: string, source = 'the token file'): Record<string, Caller> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new TokenFileError(`${source} is not valid JSON`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new TokenFileError(`${source} must be a JSON object mapping bearer tokens to callers`);
  }
  const entries = Object.entries(document);
  if (entries.length === 0) throw new TokenFileError(`${source} holds no tokens`);
  const callers: Record<string, Caller> = {};
  entries.forEach(([token, value], index) => {
    const where = `${source}, ${describeEntry(index, token, value)}`;
    const tokenCheck = TokenSchema.safeParse(token);
    if (!tokenCheck.success) throw new TokenFileError(`${where}: ${tokenCheck.error.issues[0]?.message ?? 'not a valid token'}`);
    const result = schemaFor(value).safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0] ?? { path: [], message: 'not a valid entry' };
      throw new TokenFileError(
        `${where}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}; expected { "principal": { "kind": "staff", "id", "name" } | { "kind": "client", "id" }, "level": "web" | "mobile" } or { "host": true, "id" }`,
      );
    }
    const entry = result.data;
    callers[token] =
      'host' in entry
        ? entry
        : entry.principal.kind === 'staff'
          ? { principal: { kind: 'staff', id: entry.principal.id, name: entry.principal.name, grants: {} }, level: entry.level }
          : { principal: entry.principal, level: entry.level };
  });
  return callers;
}

/** Reads and checks a token file. */
export async function loadTokenFile(path: string): Promise<Record<string, Caller>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TokenFileError(`cannot read the token file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseTokenFile(text, path);
}

/**
 * Creates the database row of every staff user of the token file that has
 * none: with the catalog defaults, or every permission for the ids in
 * `admins`. Existing rows are never changed. Returns the ids created.
 */
export async function provisionTokenUsers(
  store: MetadataStore,
  callers: Record<string, Caller>,
  catalog: PermissionCatalog,
  admins: readonly string[] = [],
): Promise<string[]> {
  const staff = new Map<string, StaffUser>();
  for (const caller of Object.values(callers)) {
    if ('principal' in caller && caller.principal.kind === 'staff' && !staff.has(caller.principal.id))
      staff.set(caller.principal.id, caller.principal);
  }
  const unknownAdmins = admins.filter((id) => !staff.has(id));
  if (unknownAdmins.length > 0)
    throw new TokenFileError(`--admins names ${unknownAdmins.map((id) => `"${id}"`).join(', ')}, not a staff user of the token file`);
  const created: string[] = [];
  for (const { id, name } of staff.values()) {
    if (await store.getUser(id)) continue;
    await store.putUser(
      admins.includes(id) ? adminUser(catalog, id, name) : { kind: 'staff', id, name, grants: defaultGrants(catalog) },
      [],
    );
    created.push(id);
  }
  return created;
}
