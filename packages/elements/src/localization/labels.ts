import { msg } from '@lit/localize';
import {
  defaultPermissionCatalog,
  portalSettingsCatalog,
  type AccessLevel,
  type PermissionDefinition,
  type PermissionSection,
  type PortalSettingDefinition,
  type PortalSettingKey,
} from '@attachkit/sdk';

/*
 * The catalogs are data a host may extend or relabel. Entries that still
 * carry the built-in English label are shown translated; anything the host
 * wrote itself is shown as written.
 */

const builtInPermissionLabels = new Map(
  defaultPermissionCatalog.levels.flatMap((l) => l.sections.flatMap((s) => s.permissions.map((p) => [p.key, p.label] as const))),
);
const builtInSectionLabels = new Map(defaultPermissionCatalog.levels.flatMap((l) => l.sections.map((s) => [s.id, s.label] as const)));
const builtInSettingLabels = new Map(portalSettingsCatalog.map((d) => [d.key, d.label] as const));
const builtInSettingDescriptions = new Map(portalSettingsCatalog.map((d) => [d.key, d.description] as const));

function permissionLabels(): Record<string, string> {
  return {
    'attachments.view': msg('Can view attachments'),
    'attachments.viewConfidential': msg('Can view attachments that have been marked as Confidential'),
    'attachments.upload': msg('Can attach files'),
    'attachments.rename': msg('Can rename attachments'),
    'attachments.share': msg('Can share attachments via the Customer Portal'),
    'attachments.markConfidential': msg('Can mark attachments as Confidential'),
    'attachments.delete': msg('Can delete attachments'),
    'notes.view': msg('Can view notes'),
    'notes.viewConfidential': msg('Can view notes that have been marked as Confidential'),
    'notes.create': msg('Can write notes'),
    'notes.editOthers': msg('Can edit and delete notes written by others'),
    'notes.share': msg('Can share notes via the Customer Portal'),
    'notes.markConfidential': msg('Can mark notes as Confidential'),
    'notes.delete': msg('Can delete notes'),
    'users.managePermissions': msg('Can manage user permissions'),
    'portal.manageSettings': msg('Can manage Customer Portal settings'),
    'audit.view': msg('Can view the audit log'),
  };
}

/** The label of a permission in the active locale. */
export function permissionLabel(definition: Pick<PermissionDefinition, 'key' | 'label'>): string {
  if (builtInPermissionLabels.get(definition.key) !== definition.label) return definition.label;
  return permissionLabels()[definition.key] ?? definition.label;
}

/** The label of a catalog section in the active locale. */
export function sectionLabel(section: Pick<PermissionSection, 'id' | 'label'>): string {
  if (builtInSectionLabels.get(section.id) !== section.label) return section.label;
  const labels: Record<string, string> = {
    general: msg('General'),
    attachments: msg('Attachments'),
    notes: msg('Notes'),
    administration: msg('Administration'),
  };
  return labels[section.id] ?? section.label;
}

/** "web" / "mobile" in the active locale. */
export function levelName(level: AccessLevel): string {
  return level === 'mobile' ? msg('mobile') : msg('web');
}

function settingLabels(): Record<PortalSettingKey, string> {
  return {
    disableOnlineAccess: msg('Disable Client Online Access'),
    enableRegistration: msg('Enable Client Registration'),
    viewProfile: msg('View his profile'),
    editProfile: msg('Edit his profile'),
    viewSharedNotesAttachments: msg('View Shared Notes / Attachments'),
    viewPayInvoices: msg('View & Pay Invoices'),
    viewApproveEstimates: msg('View & Approve Estimates'),
    viewWorkOrders: msg('View Work Orders'),
    viewAppointments: msg('View Appointments'),
    disableBooking: msg('Disable Booking'),
    disableBookingCancellation: msg('Disable Booking Cancellation'),
  };
}

function settingDescriptions(): Record<PortalSettingKey, string> {
  return {
    disableOnlineAccess: msg('Prevent the client from logging into their portal.'),
    enableRegistration: msg('Allow the client to register and add themselves as a new client to the account.'),
    viewProfile: msg('Allow the client to view their basic data on the account (name, contact details, address, etc.).'),
    editProfile: msg('Allow the client to edit their basic information in the account.'),
    viewSharedNotesAttachments: msg('Allow the client to view the notes and attachments that have been shared with them.'),
    viewPayInvoices: msg(
      'Allow the client to view the invoices due to them and pay them online, with the payment methods activated on the account.',
    ),
    viewApproveEstimates: msg('Allow the client to view the estimates sent to them and accept them.'),
    viewWorkOrders: msg('Allow the client to view their work orders and know their status.'),
    viewAppointments: msg('Allow the client to view the appointments registered with them on the account.'),
    disableBooking: msg('Prevent the client from making a booking for a service online.'),
    disableBookingCancellation: msg('Prevent the client from cancelling their booking themselves.'),
  };
}

/** The label of a portal switch in the active locale. */
export function portalSettingLabel(definition: Pick<PortalSettingDefinition, 'key' | 'label'>): string {
  if (builtInSettingLabels.get(definition.key) !== definition.label) return definition.label;
  return settingLabels()[definition.key];
}

/** The description of a portal switch in the active locale. */
export function portalSettingDescription(definition: Pick<PortalSettingDefinition, 'key' | 'description'>): string {
  if (builtInSettingDescriptions.get(definition.key) !== definition.description) return definition.description;
  return settingDescriptions()[definition.key];
}

/** The name of a host app in the active locale. */
export function appName(app: string): string {
  const names: Record<string, string> = { workOrders: msg('Work Orders'), booking: msg('Booking') };
  return names[app] ?? app;
}
