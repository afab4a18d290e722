import type { Attachment, Note, Principal } from '../model/schemas.js';

type Item = Attachment | Note;

/** FNV-1a over the UTF-16 code units of a string: a stable 32-bit digest, the same in every runtime. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Keys in a fixed order, so the digest does not depend on how an object was built. */
function canonical(value: unknown): string {
  // JSON.stringify answers undefined (not a string) for these, whatever its declared type says.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

/**
 * What a portal client receives of an item: internal metadata stays
 * in-house. `createdBy` and `updatedBy` (staff user ids) read `"staff"`,
 * `confidential` (the staff-only classification) reads `false`, and
 * `revision` (hence the ETag) is a version derived from these fields only, so
 * a staff-only change such as marking the item Confidential does not show in
 * what the client sees.
 */
export function forPortalClient<T extends Item>(item: T): T {
  const shown: T = {
    ...item,
    confidential: false,
    createdBy: 'staff',
    ...('updatedBy' in item && item.updatedBy !== undefined ? { updatedBy: 'staff' } : {}),
  };
  return { ...shown, revision: (fnv1a(canonical({ ...shown, revision: undefined })) % 0x7fffffff) + 1 };
}

/** The items as the principal receives them (portal clients: `forPortalClient`). */
export const shownTo = <T extends Item>(principal: Principal, items: T[]): T[] =>
  principal.kind === 'client' ? items.map(forPortalClient) : items;

/** One item as the principal receives it. */
export const shownOneTo = <T extends Item>(principal: Principal, item: T): T =>
  principal.kind === 'client' ? forPortalClient(item) : item;
