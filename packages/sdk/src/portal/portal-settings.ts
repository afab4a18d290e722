import * as z from 'zod/mini';
import type { Reason } from '../errors.js';

export const portalSettingKeys = [
  'disableOnlineAccess',
  'enableRegistration',
  'viewProfile',
  'editProfile',
  'viewSharedNotesAttachments',
  'viewPayInvoices',
  'viewApproveEstimates',
  'viewWorkOrders',
  'viewAppointments',
  'disableBooking',
  'disableBookingCancellation',
] as const;
export type PortalSettingKey = (typeof portalSettingKeys)[number];

export const capabilities = [
  'login',
  'register',
  'viewProfile',
  'editProfile',
  'viewShared',
  'payInvoices',
  'approveEstimates',
  'viewWorkOrders',
  'viewAppointments',
  'book',
  'cancelBooking',
] as const;
export type Capability = (typeof capabilities)[number];

/** The eleven Daftra client-portal switches, stored as given (with their polarity). */
export const PortalSettingsSchema = z.strictObject(
  Object.fromEntries(portalSettingKeys.map((key) => [key, z.boolean()])) as Record<PortalSettingKey, z.ZodMiniBoolean>,
);
export type PortalSettings = z.infer<typeof PortalSettingsSchema>;

export const PortalSettingDefinitionSchema = z.strictObject({
  key: z.enum(portalSettingKeys),
  label: z.string().check(z.minLength(1)),
  description: z.string(),
  /** `enable`: checked turns the capability on. `disable`: checked turns it off. */
  polarity: z.enum(['enable', 'disable']),
  capability: z.enum(capabilities),
  /** A host app that must be activated, e.g. `workOrders`, `booking`. */
  requiresApp: z.optional(z.string().check(z.minLength(1))),
  /** Settings whose capability must be on for this one to have effect. */
  requires: z.optional(z.array(z.enum(portalSettingKeys))),
});
export type PortalSettingDefinition = z.infer<typeof PortalSettingDefinitionSchema>;

export const PortalSettingsCatalogSchema = z.array(PortalSettingDefinitionSchema);
export type PortalSettingsCatalog = z.infer<typeof PortalSettingsCatalogSchema>;

const online: PortalSettingKey[] = ['disableOnlineAccess'];

/** The Daftra "Client Permissions" screen, in its order, with its labels. */
export const portalSettingsCatalog: PortalSettingsCatalog = [
  {
    key: 'disableOnlineAccess',
    label: 'Disable Client Online Access',
    description: 'Prevent the client from logging into their portal.',
    polarity: 'disable',
    capability: 'login',
  },
  {
    key: 'enableRegistration',
    label: 'Enable Client Registration',
    description: 'Allow the client to register and add themselves as a new client to the account.',
    polarity: 'enable',
    capability: 'register',
    requires: online,
  },
  {
    key: 'viewProfile',
    label: 'View his profile',
    description: 'Allow the client to view their basic data on the account (name, contact details, address, etc.).',
    polarity: 'enable',
    capability: 'viewProfile',
    requires: online,
  },
  {
    key: 'editProfile',
    label: 'Edit his profile',
    description: 'Allow the client to edit their basic information in the account.',
    polarity: 'enable',
    capability: 'editProfile',
    requires: [...online, 'viewProfile'],
  },
  {
    key: 'viewSharedNotesAttachments',
    label: 'View Shared Notes / Attachments',
    description: 'Allow the client to view the notes and attachments that have been shared with them.',
    polarity: 'enable',
    capability: 'viewShared',
    requires: online,
  },
  {
    key: 'viewPayInvoices',
    label: 'View & Pay Invoices',
    description:
      'Allow the client to view the invoices due to them and pay them online, with the payment methods activated on the account.',
    polarity: 'enable',
    capability: 'payInvoices',
    requires: online,
  },
  {
    key: 'viewApproveEstimates',
    label: 'View & Approve Estimates',
    description: 'Allow the client to view the estimates sent to them and accept them.',
    polarity: 'enable',
    capability: 'approveEstimates',
    requires: online,
  },
  {
    key: 'viewWorkOrders',
    label: 'View Work Orders',
    description: 'Allow the client to view their work orders and know their status.',
    polarity: 'enable',
    capability: 'viewWorkOrders',
    requiresApp: 'workOrders',
    requires: online,
  },
  {
    key: 'viewAppointments',
    label: 'View Appointments',
    description: 'Allow the client to view the appointments registered with them on the account.',
    polarity: 'enable',
    capability: 'viewAppointments',
    requires: online,
  },
  {
    key: 'disableBooking',
    label: 'Disable Booking',
    description: 'Prevent the client from making a booking for a service online.',
    polarity: 'disable',
    capability: 'book',
    requiresApp: 'booking',
    requires: online,
  },
  {
    key: 'disableBookingCancellation',
    label: 'Disable Booking Cancellation',
    description: 'Prevent the client from cancelling their booking themselves.',
    polarity: 'disable',
    capability: 'cancelBooking',
    requiresApp: 'booking',
    requires: [...online, 'disableBooking'],
  },
];

/** The settings of a new account: clients can log in and see what is shared with them. */
export const defaultPortalSettings: PortalSettings = {
  disableOnlineAccess: false,
  enableRegistration: false,
  viewProfile: true,
  editProfile: false,
  viewSharedNotesAttachments: true,
  viewPayInvoices: true,
  viewApproveEstimates: true,
  viewWorkOrders: false,
  viewAppointments: true,
  disableBooking: false,
  disableBookingCancellation: false,
};

export interface PortalEnvironment {
  /** Activated host apps, e.g. `['workOrders', 'booking']`. */
  apps?: readonly string[];
  /** Activated payment methods, e.g. `['card', 'bankTransfer']`. */
  paymentMethods?: readonly string[];
}

export interface CapabilityState {
  enabled: boolean;
  reasons: Reason[];
}
export type PortalCapabilities = Record<Exclude<Capability, 'payInvoices'>, CapabilityState> & {
  payInvoices: CapabilityState & { methods: string[] };
};

const offCodes: Partial<Record<Capability, string>> = {
  login: 'portal.onlineAccessDisabled',
  viewShared: 'portal.sharedViewDisabled',
};

const appNames: Record<string, string> = { workOrders: 'Work Orders', booking: 'Booking' };

/** Whether the switch, read with its polarity, asks for the capability on. */
export function switchAllows(definition: PortalSettingDefinition, settings: PortalSettings): boolean {
  const checked = settings[definition.key];
  return definition.polarity === 'enable' ? checked : !checked;
}

/**
 * Turns the stored switches into positive capabilities, each with the reasons
 * it is off: the switch itself, a missing app, or a required switch that is off.
 */
export function portalCapabilities(
  settings: PortalSettings,
  environment: PortalEnvironment = {},
  catalog: PortalSettingsCatalog = portalSettingsCatalog,
): PortalCapabilities {
  const apps = new Set(environment.apps ?? []);
  const byKey = new Map(catalog.map((d) => [d.key, d]));
  const memo = new Map<PortalSettingKey, CapabilityState>();
  const evaluate = (definition: PortalSettingDefinition): CapabilityState => {
    const cached = memo.get(definition.key);
    if (cached) return cached;
    const reasons: Reason[] = [];
    if (!switchAllows(definition, settings)) {
      reasons.push({
        code: offCodes[definition.capability] ?? `portal.${definition.capability}Off`,
        message:
          definition.polarity === 'enable'
            ? `"${definition.label}" is not enabled in the client permission settings.`
            : `"${definition.label}" is checked in the client permission settings.`,
      });
    }
    if (definition.requiresApp && !apps.has(definition.requiresApp)) {
      const app = appNames[definition.requiresApp] ?? definition.requiresApp;
      reasons.push({ code: 'portal.appNotActivated', message: `The ${app} app is not activated on the account.` });
    }
    for (const requiredKey of definition.requires ?? []) {
      const required = byKey.get(requiredKey);
      if (required && !evaluate(required).enabled) {
        reasons.push(
          required.key === 'disableOnlineAccess'
            ? { code: 'portal.onlineAccessDisabled', message: 'Client online access is disabled.' }
            : { code: 'portal.requiresSetting', message: `It needs "${required.label}" to be allowed first.` },
        );
      }
    }
    const state = { enabled: reasons.length === 0, reasons };
    memo.set(definition.key, state);
    return state;
  };
  const result = {} as Record<Capability, CapabilityState>;
  for (const definition of catalog) result[definition.capability] = evaluate(definition);
  const pay = result.payInvoices;
  return { ...result, payInvoices: { ...pay, methods: [...(environment.paymentMethods ?? [])] } };
}
