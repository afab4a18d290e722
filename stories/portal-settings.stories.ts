import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { defaultPortalSettings, type PortalSettings } from '@attachkit/sdk';
import { element, forever, inShadow } from './support/story-helpers.js';

/**
 * `<ak-portal-settings>`: Daftra's "Client Permissions" — eleven switches,
 * three of them "Disable …" (checked turns the feature off). A switch whose
 * host app is missing or whose required switch is in the wrong position is
 * locked with the reason.
 */
const meta: Meta = {
  title: 'Elements/Portal settings',
  component: 'ak-portal-settings',
  argTypes: {
    kit: { control: false },
    catalog: { control: false },
    'data-theme': { control: false },
  },
  render: () => html`<ak-portal-settings></ak-portal-settings>`,
  parameters: {
    world: { apps: ['workOrders', 'booking'] },
    docs: {
      description: {
        component: 'The Customer Portal switches with their polarity, app and switch dependencies, optimistic saving and rollback.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const settings = (canvas: HTMLElement) => element<HTMLElement>(canvas, 'ak-portal-settings');
const box = (key: string) => `li[data-key="${key}"] input`;
const locked = async (el: HTMLElement, key: string) => (await inShadow(el, box(key))).getAttribute('aria-disabled');
const portal = (changes: Partial<PortalSettings>): PortalSettings => ({ ...defaultPortalSettings, ...changes });

/** A new account (clients log in and see what is shared); Work Orders and Booking activated. */
export const Defaults: Story = {};

/** Every "enable" switch checked, every "disable" switch unchecked. */
export const AllOn: Story = {
  name: 'All on',
  parameters: {
    world: {
      apps: ['workOrders', 'booking'],
      portalSettings: portal({
        enableRegistration: true,
        viewProfile: true,
        editProfile: true,
        viewSharedNotesAttachments: true,
        viewPayInvoices: true,
        viewApproveEstimates: true,
        viewWorkOrders: true,
        viewAppointments: true,
      }),
    },
  },
};

/** "Disable Client Online Access" checked: every other switch is locked ("Client online access is disabled."). */
export const OnlineAccessDisabled: Story = {
  name: 'Online access disabled',
  parameters: { world: { apps: ['workOrders', 'booking'], portalSettings: portal({ disableOnlineAccess: true }) } },
  play: async ({ canvasElement }) => {
    const el = await settings(canvasElement);
    await expect(await locked(el, 'viewSharedNotesAttachments')).toBe('true');
    await expect(await locked(el, 'disableOnlineAccess')).toBe('false');
  },
};

/** "View Shared Notes / Attachments" off: clients see nothing that was shared. */
export const SharedViewOff: Story = {
  name: 'Shared view off',
  parameters: { world: { apps: ['workOrders', 'booking'], portalSettings: portal({ viewSharedNotesAttachments: false }) } },
};

/** Neither Work Orders nor Booking activated: their switches are locked with "Needs the … app". */
export const AppsMissing: Story = {
  name: 'Apps missing (work orders and booking locked)',
  parameters: { world: { apps: [] } },
  play: async ({ canvasElement }) => {
    const el = await settings(canvasElement);
    await expect(await locked(el, 'viewWorkOrders')).toBe('true');
    await expect(await locked(el, 'disableBooking')).toBe('true');
  },
};

/** "Disable Booking" checked: "Disable Booking Cancellation" needs it unchecked first. */
export const BookingDisabled: Story = {
  name: 'Booking disabled (cancellation locked)',
  parameters: { world: { apps: ['workOrders', 'booking'], portalSettings: portal({ disableBooking: true }) } },
};

/** "View his profile" off: "Edit his profile" needs it first. */
export const ProfileHidden: Story = {
  name: 'Profile hidden (edit locked)',
  parameters: { world: { apps: ['workOrders', 'booking'], portalSettings: portal({ viewProfile: false }) } },
};

/** A technician sees the settings but cannot change them (every switch says why). */
export const TechReadOnly: Story = {
  name: 'Tech (read-only)',
  parameters: { world: { as: 'tech', apps: ['workOrders', 'booking'] } },
  play: async ({ canvasElement }) => {
    const el = await settings(canvasElement);
    await expect(await locked(el, 'viewProfile')).toBe('true');
  },
};

export const Loading: Story = { parameters: { world: { latencyMs: forever } } };

export const LoadError: Story = { name: 'Load error (offline)', parameters: { world: { offline: true } } };

/** The server refuses a change: the switch rolls back and the error says which. */
export const SaveError: Story = {
  name: 'Save error (rolled back)',
  parameters: { world: { apps: ['workOrders', 'booking'], failing: ['updatePortalSettings'] } },
  play: async ({ canvasElement }) => {
    const el = await settings(canvasElement);
    (await inShadow<HTMLInputElement>(el, box('enableRegistration'))).click();
    await inShadow(el, '[part=error]');
    await waitFor(async () => expect((await inShadow<HTMLInputElement>(el, box('enableRegistration'))).checked).toBe(false));
  },
};

export const DarkTheme: Story = { name: 'Dark theme', globals: { theme: 'dark' }, parameters: { world: { apps: ['workOrders'] } } };

export const Arabic: Story = {
  name: 'Arabic (right to left)',
  globals: { locale: 'ar' },
  tags: ['!autodocs'],
  parameters: { world: { apps: ['workOrders'] } },
};

/** At 320 px (a small phone). */
export const SmallPhone: Story = {
  name: 'Small phone (320 px)',
  parameters: { width: 320 },
  globals: { viewport: { value: 'phone320', isRotated: false } },
};
