import type { AccessLevel, Grants, PermissionKey } from '../model/schemas.js';
import { parseOrThrow } from '../errors.js';
import { PermissionCatalogSchema, type PermissionCatalog, type PermissionDefinition, type PermissionSection } from './catalog-schema.js';

/** An extension a host adds to a catalog: new sections, or new permissions in existing sections. */
export interface CatalogExtension {
  levels: {
    level: AccessLevel;
    label?: string;
    sections: (Pick<PermissionSection, 'id'> & Partial<Pick<PermissionSection, 'label'>> & { permissions: PermissionDefinition[] })[];
  }[];
}

/**
 * Returns a new catalog with the extension merged in. The result is validated:
 * a key that already exists at that level, a `requires` naming an unknown key,
 * or a new section without a label throws an `AttachKitValidationError`.
 */
export function extendCatalog(base: PermissionCatalog, extension: CatalogExtension): PermissionCatalog {
  const levels = base.levels.map((l) => ({ ...l, sections: l.sections.map((s) => ({ ...s, permissions: [...s.permissions] })) }));
  for (const ext of extension.levels) {
    let level = levels.find((l) => l.level === ext.level);
    if (!level) {
      level = { level: ext.level, label: ext.label ?? `${ext.level} access level`, sections: [] };
      levels.push(level);
    }
    for (const section of ext.sections) {
      const existing = level.sections.find((s) => s.id === section.id);
      if (existing) existing.permissions.push(...section.permissions);
      else level.sections.push({ id: section.id, label: section.label ?? '', permissions: [...section.permissions] });
    }
  }
  return parseOrThrow(PermissionCatalogSchema, { levels }, 'PermissionCatalog');
}

interface LevelIndex {
  readonly byKey: ReadonlyMap<PermissionKey, PermissionDefinition>;
}
const indexCache = new WeakMap<PermissionCatalog, Map<AccessLevel, LevelIndex>>();

function levelIndex(catalog: PermissionCatalog, level: AccessLevel): LevelIndex | undefined {
  let perCatalog = indexCache.get(catalog);
  if (!perCatalog) {
    perCatalog = new Map();
    for (const l of catalog.levels) {
      perCatalog.set(l.level, { byKey: new Map(l.sections.flatMap((s) => s.permissions.map((p) => [p.key, p] as const))) });
    }
    indexCache.set(catalog, perCatalog);
  }
  return perCatalog.get(level);
}

/** The definition of `key` at `level`, or undefined when the catalog does not define it there. */
export function findPermission(catalog: PermissionCatalog, level: AccessLevel, key: PermissionKey): PermissionDefinition | undefined {
  return levelIndex(catalog, level)?.byKey.get(key);
}

/** Every permission of a level, in catalog order. */
export function levelPermissions(catalog: PermissionCatalog, level: AccessLevel): PermissionDefinition[] {
  return [...(levelIndex(catalog, level)?.byKey.values() ?? [])];
}

/** The grants a new user starts with: the catalog defaults at every level. */
export function defaultGrants(catalog: PermissionCatalog): Grants {
  const grants: Grants = {};
  for (const l of catalog.levels) {
    grants[l.level] = l.sections.flatMap((s) => s.permissions.filter((p) => p.default).map((p) => p.key));
  }
  return grants;
}

/** Keys at `level` that (directly or transitively) require `key`. */
export function dependentsOf(catalog: PermissionCatalog, level: AccessLevel, key: PermissionKey): PermissionKey[] {
  const all = levelPermissions(catalog, level);
  const result = new Set<PermissionKey>();
  const queue = [key];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    for (const p of all) {
      if (p.requires?.includes(current) && !result.has(p.key)) {
        result.add(p.key);
        queue.push(p.key);
      }
    }
  }
  return [...result];
}

/** The problems with a set of grants against a catalog: unknown keys and unmet `requires`. Empty when valid. */
export function grantProblems(catalog: PermissionCatalog, grants: Grants): string[] {
  const problems: string[] = [];
  for (const [level, keys] of Object.entries(grants) as [AccessLevel, PermissionKey[] | undefined][]) {
    if (!levelIndex(catalog, level)) {
      problems.push(`access level "${level}" is not in the permission catalog`);
      continue;
    }
    const held = new Set(keys ?? []);
    for (const key of held) {
      const definition = findPermission(catalog, level, key);
      if (!definition) {
        problems.push(`permission "${key}" is not defined at the ${level} access level`);
        continue;
      }
      for (const required of definition.requires ?? []) {
        if (!held.has(required)) problems.push(`permission "${key}" at the ${level} access level requires "${required}"`);
      }
    }
  }
  return problems;
}
