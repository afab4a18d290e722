import * as z from 'zod/mini';
import { AccessLevelSchema, PermissionKeySchema } from '../model/schemas.js';

export const PermissionDefinitionSchema = z.strictObject({
  key: PermissionKeySchema,
  label: z.string().check(z.minLength(1)),
  description: z.string(),
  /** Whether a new user holds this permission. */
  default: z.boolean(),
  /** Keys (at the same access level) that must be held for this one to take effect. */
  requires: z.optional(z.array(PermissionKeySchema)),
});
export type PermissionDefinition = z.infer<typeof PermissionDefinitionSchema>;

export const PermissionSectionSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  label: z.string().check(z.minLength(1)),
  permissions: z.array(PermissionDefinitionSchema),
});
export type PermissionSection = z.infer<typeof PermissionSectionSchema>;

export const AccessLevelDefinitionSchema = z.strictObject({
  level: AccessLevelSchema,
  label: z.string().check(z.minLength(1)),
  sections: z.array(PermissionSectionSchema),
});
export type AccessLevelDefinition = z.infer<typeof AccessLevelDefinitionSchema>;

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

/**
 * Access levels → sections → permissions. Plain data: a host may extend it.
 * Keys are unique within a level; `requires` must name keys of the same level
 * and may not form a cycle.
 */
export const PermissionCatalogSchema = z.strictObject({ levels: z.array(AccessLevelDefinitionSchema).check(z.minLength(1)) }).check(
  z.superRefine((catalog, ctx) => {
    const levelDupes = duplicates(catalog.levels.map((l) => l.level));
    for (const level of levelDupes) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: `access level "${level}" is defined twice` });
    }
    catalog.levels.forEach((level, li) => {
      const sectionDupes = duplicates(level.sections.map((s) => s.id));
      for (const section of sectionDupes) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', li, 'sections'],
          message: `section "${section}" is defined twice at level "${level.level}"`,
        });
      }
      const all = level.sections.flatMap((s) => s.permissions);
      for (const key of duplicates(all.map((p) => p.key))) {
        ctx.addIssue({ code: 'custom', path: ['levels', li], message: `permission "${key}" is defined twice at level "${level.level}"` });
      }
      const byKey = new Map(all.map((p) => [p.key, p]));
      level.sections.forEach((section, si) =>
        section.permissions.forEach((permission, pi) => {
          for (const required of permission.requires ?? []) {
            if (!byKey.has(required)) {
              ctx.addIssue({
                code: 'custom',
                path: ['levels', li, 'sections', si, 'permissions', pi, 'requires'],
                message: `permission "${permission.key}" requires "${required}", which level "${level.level}" does not define`,
              });
            }
          }
        }),
      );
      // Cycles in `requires` would make a permission impossible to hold.
      const visiting = new Set<string>();
      const done = new Set<string>();
      const visit = (key: string): boolean => {
        if (done.has(key)) return false;
        if (visiting.has(key)) return true;
        visiting.add(key);
        const cyclic = (byKey.get(key)?.requires ?? []).some(visit);
        visiting.delete(key);
        done.add(key);
        return cyclic;
      };
      for (const key of byKey.keys()) {
        if (visit(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['levels', li],
            message: `permission "${key}" is part of a "requires" cycle at level "${level.level}"`,
          });
          break;
        }
      }
    });
  }),
);
export type PermissionCatalog = z.infer<typeof PermissionCatalogSchema>;
