import type { AttachKitBackend } from '../backend/backend.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import { AttachKitForbiddenError, type AttachKitError } from '../errors.js';
import type { AccessLevel, Principal } from '../model/schemas.js';
import type { Action } from '../policy/actions.js';
import { denialReasons, type PolicyContext, type PolicySubject } from '../policy/policy.js';
import type { AuditEvent } from './events.js';
import type { RecordChange } from './record-changes.js';

/** What the facade's stores share: the backend, who acts, the policy context, and the event sink. */
export interface FacadeContext {
  backend: AttachKitBackend;
  principal(): Principal;
  level: AccessLevel;
  catalog(): PermissionCatalog;
  policyContext(): PolicyContext;
  audit(event: Omit<AuditEvent, 'actor' | 'at'>): void;
  fail(operation: string, error: unknown): AttachKitError;
  /** The other tabs of this browser (record-changes.ts): told of a committed change; heard while a list is watched. */
  recordChanges: { changed(change: RecordChange): void; watch(): () => void };
}

/** Throws an AttachKitForbiddenError (without touching any store) when the policy denies. */
export function assertAllowed(context: FacadeContext, action: Action, subjects: readonly (PolicySubject | undefined)[]): void {
  const reasons = denialReasons(context.principal(), [action], subjects, context.policyContext());
  if (reasons.length > 0) throw context.fail(action, new AttachKitForbiddenError(reasons));
}
