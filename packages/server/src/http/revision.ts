import { AttachKitError } from '@attachkit/sdk';

/** The ETag of an item at a revision: `"3"`. */
export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * The revision an `If-Match` header demands: `"3"` (or `W/"3"`, or a bare
 * `3`) → 3; absent or `*` → undefined (no precondition). Anything else is a
 * 400, so a typo never turns into a blind overwrite.
 */
export function revisionFromIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?"?([1-9][0-9]{0,14})"?$/.exec(value);
  if (!match) {
    throw new AttachKitError(
      'validation.invalid',
      `If-Match must be the item's ETag, such as "3"; got ${JSON.stringify(value.slice(0, 40))}.`,
      {
        status: 400,
        issues: [{ path: 'If-Match', message: 'expected a revision ETag such as "3"' }],
      },
    );
  }
  return Number(match[1]);
}
