import { defaultPermissionCatalog } from '../catalog/default-permission-catalog.js';
import { findPermission } from '../catalog/catalog.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import type { Reason } from '../errors.js';
import type { AccessLevel, Attachment, Note, PermissionKey, PortalClient, Principal, StaffUser } from '../model/schemas.js';
import type { PortalSettings } from '../portal/portal-settings.js';
import { actionIndex, actionRules, actions, viewActionOf, type Action, type ActionRule } from './actions.js';

export interface PolicyContext {
  /** The access level of a staff request; default `'web'`. */
  level?: AccessLevel;
  /** Required for portal clients: without it they are denied. */
  portalSettings?: PortalSettings;
  /** Activated host apps, e.g. `['workOrders', 'booking']`. */
  apps?: readonly string[];
  /** Defaults to the built-in catalog. */
  catalog?: PermissionCatalog;
}

/** The fields of an attachment or note the policy reads (`createdBy`: who wrote a note, for `note.edit` and `note.delete`). */
export type PolicySubject = Pick<Attachment, 'clientId' | 'portal' | 'confidential'> & { createdBy?: string };

export interface Decision {
  allowed: boolean;
  reasons: Reason[];
}

const confidentialKeys = { attachment: 'attachments.viewConfidential', note: 'notes.viewConfidential' } as const;

// ---------------------------------------------------------------- staff

/**
 * The keys a staff user effectively holds at a level: granted, defined at that
 * level by the catalog, and with every `requires` held too. Cached per grants
 * array (principals are immutable values: replace, never mutate).
 */
const effectiveCache = new WeakMap<readonly string[], WeakMap<PermissionCatalog, Set<PermissionKey>>>();
const noGrants: readonly string[] = Object.freeze([]);

function effectiveKeys(user: StaffUser, level: AccessLevel, catalog: PermissionCatalog): Set<PermissionKey> {
  const granted = user.grants[level] ?? noGrants;
  let perCatalog = effectiveCache.get(granted);
  if (!perCatalog) {
    perCatalog = new WeakMap();
    effectiveCache.set(granted, perCatalog);
  }
  let keys = perCatalog.get(catalog);
  if (!keys) {
    const held = new Set(granted);
    const holds = (key: PermissionKey, seen: Set<PermissionKey>): boolean => {
      if (!held.has(key) || seen.has(key)) return false;
      const definition = findPermission(catalog, level, key);
      if (!definition) return false;
      seen.add(key);
      return (definition.requires ?? []).every((r) => holds(r, seen));
    };
    keys = new Set(granted.filter((key) => holds(key, new Set())));
    perCatalog.set(catalog, keys);
  }
  return keys;
}

function missingPermission(user: StaffUser, key: PermissionKey, level: AccessLevel, catalog: PermissionCatalog, phrase: string): Reason {
  const definition = findPermission(catalog, level, key);
  if (!definition) {
    return { code: 'permission.missing', permission: key, message: `You cannot ${phrase} at the ${level} access level.` };
  }
  const held = user.grants[level] ?? noGrants;
  if (held.includes(key)) {
    const unmet = (definition.requires ?? []).find((r) => !effectiveKeys(user, level, catalog).has(r));
    const label = unmet ? (findPermission(catalog, level, unmet)?.label ?? unmet) : '';
    return {
      code: 'permission.requires',
      permission: unmet ?? key,
      message: `Your permission "${definition.label}" needs "${label}" as well.`,
    };
  }
  return { code: 'permission.missing', permission: key, message: `You need the permission "${definition.label}" to ${phrase}.` };
}

/**
 * A staff user's answers at one level, compiled once per grants array and
 * indexed by `actionIndex`: 0 = deny, 1 = allow, 2 = allow unless the subject
 * is confidential. `item` applies when a subject is given (seeing it is
 * required too), `bare` when the action is asked about in general.
 */
interface CompiledGrants {
  catalog: PermissionCatalog;
  item: Int8Array;
  bare: Int8Array;
}
/** Where a grants array keeps its compiled answers: a non-enumerable slot, faster than a WeakMap lookup. */
const compiledSlot = Symbol('attachkit.compiledGrants');
type Slotted = readonly string[] & { [compiledSlot]?: CompiledGrants };
/** For frozen grants arrays, which cannot hold the slot. */
const compiledCache = new WeakMap<readonly string[], CompiledGrants>();

function compile(user: StaffUser, level: AccessLevel, catalog: PermissionCatalog): CompiledGrants {
  const granted = (user.grants[level] ?? noGrants) as Slotted;
  const slotted = granted[compiledSlot];
  if (slotted?.catalog === catalog) return slotted;
  const cached = compiledCache.get(granted);
  if (cached?.catalog === catalog) return cached;
  const keys = effectiveKeys(user, level, catalog);
  const item = new Int8Array(actions.length);
  const bare = new Int8Array(actions.length);
  actions.forEach((action, index) => {
    const rule = actionRules[action];
    const held = keys.has(rule.permission) ? 1 : 0;
    bare[index] = held;
    if (!rule.subject) {
      item[index] = held;
      return;
    }
    const sees = keys.has(actionRules[viewActionOf[rule.subject]].permission);
    const seesConfidential = keys.has(confidentialKeys[rule.subject]);
    const isView = action === viewActionOf[rule.subject] || action === 'attachment.download';
    item[index] = !sees || (!isView && !keys.has(rule.permission)) ? 0 : seesConfidential ? 1 : 2;
  });
  const compiled = { catalog, item, bare };
  if (Object.isExtensible(granted)) Object.defineProperty(granted, compiledSlot, { value: compiled, writable: true });
  else compiledCache.set(granted, compiled);
  return compiled;
}

function staffCan(user: StaffUser, index: number, subject: PolicySubject | undefined, ctx: PolicyContext | undefined): boolean {
  let level: AccessLevel = 'web';
  let catalog = defaultPermissionCatalog;
  if (ctx !== undefined) {
    if (ctx.level !== undefined) level = ctx.level;
    if (ctx.catalog !== undefined) catalog = ctx.catalog;
  }
  const compiled = compile(user, level, catalog);
  if (subject === undefined) return compiled.bare[index] === 1;
  const answer = compiled.item[index];
  if (!(answer === 1 || (answer === 2 && !subject.confidential))) return false;
  const others = othersPermissionOf[index];
  return others === undefined || !writtenByOthers(user, subject) || effectiveKeys(user, level, catalog).has(others);
}

/** Per action index, the permission needed on items written by someone else. */
const othersPermissionOf: readonly (PermissionKey | undefined)[] = actions.map((action) => actionRules[action].othersPermission);

const writtenByOthers = (user: StaffUser, subject: PolicySubject) => subject.createdBy !== undefined && subject.createdBy !== user.id;

function staffExplain(
  user: StaffUser,
  rule: ActionRule,
  action: Action,
  subject: PolicySubject | undefined,
  ctx: PolicyContext | undefined,
): Reason[] {
  const level = ctx?.level ?? 'web';
  const catalog = ctx?.catalog ?? defaultPermissionCatalog;
  const keys = effectiveKeys(user, level, catalog);
  const reasons: Reason[] = [];
  let isView = false;
  if (subject && rule.subject) {
    const view = actionRules[viewActionOf[rule.subject]];
    if (!keys.has(view.permission)) reasons.push(missingPermission(user, view.permission, level, catalog, view.phrase));
    if (subject.confidential && !keys.has(confidentialKeys[rule.subject])) {
      const kind = rule.subject === 'attachment' ? 'attachment' : 'note';
      reasons.push({
        code: 'confidential.notPermitted',
        permission: confidentialKeys[rule.subject],
        message: `This ${kind} is marked Confidential and your ${level} access level does not allow viewing confidential ${kind}s.`,
      });
    }
    isView = action === viewActionOf[rule.subject] || action === 'attachment.download';
  }
  if (!isView && !keys.has(rule.permission)) reasons.push(missingPermission(user, rule.permission, level, catalog, rule.phrase));
  if (subject && rule.othersPermission && writtenByOthers(user, subject) && !keys.has(rule.othersPermission)) {
    const label = findPermission(catalog, level, rule.othersPermission)?.label ?? rule.othersPermission;
    reasons.push({
      code: 'note.notAuthor',
      permission: rule.othersPermission,
      message: `Someone else wrote this note; you need the permission "${label}" to ${rule.phrase} written by others.`,
    });
  }
  return reasons;
}

// ---------------------------------------------------------------- clients

const clientActions = new Int8Array(actions.map((action) => (actionRules[action].client ? 1 : 0)));

function clientCan(client: PortalClient, index: number, subject: PolicySubject | undefined, ctx: PolicyContext | undefined): boolean {
  const settings = ctx?.portalSettings;
  if (clientActions[index] !== 1 || !settings || settings.disableOnlineAccess || !settings.viewSharedNotesAttachments) return false;
  return !subject || (subject.portal === 'viewable' && subject.clientId === client.id);
}

function clientExplain(
  client: PortalClient,
  rule: ActionRule,
  subject: PolicySubject | undefined,
  ctx: PolicyContext | undefined,
): Reason[] {
  if (!rule.client) return [{ code: 'client.notAllowed', message: `Portal clients cannot ${rule.phrase}.` }];
  const settings = ctx?.portalSettings;
  if (!settings) return [{ code: 'portal.settingsMissing', message: 'The Customer Portal settings are not known, so nothing is shown.' }];
  const reasons: Reason[] = [];
  if (settings.disableOnlineAccess) reasons.push({ code: 'portal.onlineAccessDisabled', message: 'Client online access is disabled.' });
  if (!settings.viewSharedNotesAttachments) {
    reasons.push({
      code: 'portal.sharedViewDisabled',
      message: 'Clients may not view shared notes and attachments in the Customer Portal.',
    });
  }
  if (subject) {
    if (subject.portal !== 'viewable') reasons.push({ code: 'portal.hidden', message: 'It is hidden from the Customer Portal.' });
    if (subject.clientId !== client.id) reasons.push({ code: 'client.mismatch', message: 'It belongs to another client.' });
  }
  return reasons;
}

// ---------------------------------------------------------------- public API

function ruleOf(action: Action): ActionRule | undefined {
  return Object.prototype.hasOwnProperty.call(actionRules, action) ? actionRules[action] : undefined;
}

/** Whether `principal` may perform `action` (on `subject`, when given). Deny by default. */
export function can(principal: Principal, action: Action, subject?: PolicySubject, ctx?: PolicyContext): boolean {
  const index = actionIndex(action);
  const who = knownPrincipal(principal);
  if (index < 0 || !who) return false;
  return who.kind === 'staff' ? staffCan(who, index, subject, ctx) : clientCan(who, index, subject, ctx);
}

/** The decision with every reason it is denied, each a code and a sentence the UI can show. */
export function explain(principal: Principal, action: Action, subject?: PolicySubject, ctx?: PolicyContext): Decision {
  const rule = ruleOf(action);
  const who = knownPrincipal(principal);
  let reasons: Reason[];
  if (!rule) reasons = [{ code: 'action.unknown', message: `"${action}" is not an action attachkit knows.` }];
  else if (!who) reasons = [{ code: 'principal.unknown', message: 'You are not signed in.' }];
  else if (who.kind === 'staff') reasons = staffExplain(who, rule, action, subject, ctx);
  else reasons = clientExplain(who, rule, subject, ctx);
  return { allowed: reasons.length === 0, reasons };
}

/** The principal when it is a kind the policy knows: JavaScript callers can pass anything (or nothing). */
function knownPrincipal(principal: unknown): Principal | undefined {
  const kind = (principal as { kind?: unknown } | null | undefined)?.kind;
  return kind === 'staff' || kind === 'client' ? (principal as Principal) : undefined;
}

/**
 * Every reason `principal` may not perform all of `actions` on each of
 * `subjects` (or in general, when there are none), without repeats: the one
 * check the facade (before a request) and the service (on every request) share,
 * so the browser and the server give the same reasons for one refusal.
 */
export function denialReasons(
  principal: Principal,
  actions: readonly Action[],
  subjects: readonly (PolicySubject | undefined)[],
  ctx?: PolicyContext,
): Reason[] {
  const reasons: Reason[] = [];
  for (const subject of subjects.length > 0 ? subjects : [undefined]) {
    for (const action of actions) {
      for (const reason of explain(principal, action, subject, ctx).reasons) {
        if (!reasons.some((r) => r.code === reason.code && r.permission === reason.permission)) reasons.push(reason);
      }
    }
  }
  return reasons;
}

/** The items `principal` may see (attachments use `attachment.view`, notes `note.view`), in their order. */
export function visible<T extends Attachment | Note>(principal: Principal, items: readonly T[], ctx?: PolicyContext): T[] {
  const result: T[] = [];
  for (const item of items) {
    if (can(principal, 'body' in item ? 'note.view' : 'attachment.view', item, ctx)) result.push(item);
  }
  return result;
}
