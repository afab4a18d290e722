/** The OpenAPI description of the session, permission, portal-settings, record and audit routes. */
import { ref } from '../openapi/components.js';
import { errors, json, list } from '../openapi/responses.js';
import { itemParams, recordParams } from './params.schema.js';

export const getSession = () => ({
  tags: ['session'],
  operationId: 'getSession',
  summary: 'Who the caller is (with the grants the server holds now) and at which access level.',
  response: { 200: json('The caller’s session.', 'Session'), 401: errors.unauthenticated, 403: errors.forbidden },
});

export const getPermissionCatalog = () => ({
  tags: ['permissions'],
  operationId: 'getPermissionCatalog',
  summary: 'The permission catalog the server enforces (access levels → sections → permissions).',
  response: { 200: json('The catalog.', 'PermissionCatalog'), 401: errors.unauthenticated },
});

export const listUsers = () => ({
  tags: ['permissions'],
  operationId: 'listUsers',
  summary: 'The staff users and their grants, for staff who may manage permissions.',
  description:
    'Grants are for admins: only staff holding `users.managePermissions` (the `grants.edit` action) at their access level receive the list. Other staff get 403 `permission.missing` and portal clients 403 `client.notAllowed`; no element needs the users otherwise.',
  response: { 200: list('Users.', 'StaffUser'), 401: errors.unauthenticated, 403: errors.forbidden },
});

export const updateGrants = () => ({
  tags: ['permissions'],
  operationId: 'updateGrants',
  summary: 'Replaces the user’s grants at the levels given (other levels are kept). Needs `grants.edit`; audited.',
  description: 'Unknown keys, keys not defined at a level, and keys whose `requires` are not granted too are refused (400).',
  params: itemParams('user'),
  body: ref('Grants'),
  response: {
    200: json('The user with the new grants.', 'StaffUser'),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
    404: errors.notFound,
  },
});

export const getPortalSettings = () => ({
  tags: ['portal'],
  operationId: 'getPortalSettings',
  summary: 'The account’s Customer Portal switches, with the activated apps and payment methods they depend on.',
  response: { 200: json('The settings document.', 'PortalSettingsDocument'), 401: errors.unauthenticated },
});

export const updatePortalSettings = () => ({
  tags: ['portal'],
  operationId: 'updatePortalSettings',
  summary: 'Replaces the switches (all eleven, as stored, with their polarity). Needs `portalSettings.edit`; audited.',
  body: ref('PortalSettings'),
  response: {
    200: json('The new settings document.', 'PortalSettingsDocument'),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
  },
});

export const registerRecord = () => ({
  tags: ['records'],
  operationId: 'registerRecord',
  summary: 'The host service registers (or moves) a record and the customer it belongs to.',
  description:
    "Only for the host service token (`demo-host` in demo mode); users and clients get 403 `host.required`. The server's `resolveRecord` hook is asked first; registered records answer when it does not know a record. A move to another customer fails closed: every Viewable attachment and note of the record becomes Hidden and takes the new customer, with an `attachment.customerChanged` / `note.customerChanged` audit entry per item (actor kind `host`); the new customer sees nothing until staff share again.",
  params: recordParams(),
  body: ref('RecordRegistration'),
  response: {
    200: json('The registered record.', 'RegisteredRecord'),
    400: errors.invalid,
    401: errors.unauthenticated,
    403: errors.forbidden,
  },
});

export const listAudit = () => ({
  tags: ['audit'],
  operationId: 'listAudit',
  summary: 'Who changed sharing, confidentiality, grants or portal settings — newest first. Needs `audit.view`.',
  querystring: {
    type: 'object',
    properties: {
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: 1000,
        default: 100,
        description: 'How many entries, newest first; clamped to 1–1000, and anything that is not a number reads as 100.',
      },
    },
  },
  response: { 200: list('Audit entries.', 'AuditEntry'), 401: errors.unauthenticated, 403: errors.forbidden },
});
