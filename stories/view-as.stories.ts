import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from 'storybook/test';
import { defaultPortalSettings } from '@attachkit/sdk';
import { awkwardNames, manyAttachments } from './fixtures/world.js';
import { element, forever, inShadow } from './support/story-helpers.js';

/** The host names its clients (otherwise the ids found on the record's items are offered). */
const clients = [{ id: 'client-a', name: 'Acme Plumbing' }];

/**
 * `<ak-view-as>`: what a portal client or a staff user at an access level
 * would see of the record, with every reason an item is hidden. It previews
 * from what the current user sees; nothing is fetched as the other person.
 */
const meta: Meta = {
  title: 'Elements/View as',
  component: 'ak-view-as',
  args: { 'record-type': 'job', 'record-id': 'J-1001', as: '', level: 'web' },
  argTypes: {
    as: { control: 'select', options: ['', 'client:client-a', 'staff:u-admin', 'staff:u-tech', 'staff:u-senior'] },
    level: { control: 'inline-radio', options: ['web', 'mobile'] },
    kit: { control: false },
    principal: { control: false },
    clients: { control: false },
    'data-theme': { control: false },
  },
  render: (args) =>
    html`<ak-view-as
      record-type=${args['record-type']}
      record-id=${args['record-id']}
      as=${args.as}
      level=${args.level}
      .clients=${clients}
    ></ak-view-as>`,
  parameters: {
    docs: {
      description: {
        component:
          "Preview a record as a Customer Portal client or a staff user at an access level, with the policy's reasons for every hidden item.",
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const viewAs = (canvas: HTMLElement) => element<HTMLElement>(canvas, 'ak-view-as');
const hiddenRows = async (el: HTMLElement) => {
  await inShadow(el, '[part=summary]');
  return el.shadowRoot!.querySelectorAll('tr[data-visible=false]').length;
};

/** Nobody chosen yet. */
export const NobodyChosen: Story = { name: 'Nobody chosen' };

/** The client of the job: shared, non-confidential items are visible; the rest say why not. */
export const AsClient: Story = {
  name: 'As the portal client',
  args: { as: 'client:client-a' },
  play: async ({ canvasElement }) => {
    await expect(await hiddenRows(await viewAs(canvasElement))).toBeGreaterThan(0);
  },
};

/** With "View Shared Notes / Attachments" off, the client sees nothing, and every item says so. */
export const AsClientSharedViewOff: Story = {
  name: 'As the client, shared view off',
  args: { as: 'client:client-a' },
  parameters: { world: { portalSettings: { ...defaultPortalSettings, viewSharedNotesAttachments: false } } },
};

/** With "Disable Client Online Access" checked, the client cannot even log in. */
export const AsClientOnlineAccessDisabled: Story = {
  name: 'As the client, online access disabled',
  args: { as: 'client:client-a' },
  parameters: { world: { portalSettings: { ...defaultPortalSettings, disableOnlineAccess: true } } },
};

/** Marco Mobile at the mobile level: confidential items are hidden for want of the grant. */
export const AsTechMobile: Story = {
  name: 'As the tech (mobile level, no Confidential grant)',
  args: { as: 'staff:u-tech', level: 'mobile' },
};

/** Sana Senior at the mobile level: she holds the Confidential grant and sees everything. */
export const AsTechConfidential: Story = {
  name: 'As the tech with the Confidential grant',
  args: { as: 'staff:u-senior', level: 'mobile' },
};

/** Marco at the web level, where he holds nothing. */
export const AsTechWeb: Story = { name: 'As the tech (web level, nothing granted)', args: { as: 'staff:u-tech', level: 'web' } };

/** The current user is the technician: the preview only covers what he himself can see. */
export const ByTheTech: Story = {
  name: 'Used by the tech, previewing the client',
  args: { as: 'client:client-a' },
  parameters: { world: { as: 'tech' } },
};

export const Empty: Story = { args: { as: 'client:client-a' }, parameters: { world: { attachments: [], notes: [] } } };

export const Loading: Story = { args: { as: 'client:client-a' }, parameters: { world: { latencyMs: forever } } };

/** The network is down. */
export const LoadError: Story = { name: 'Load error (offline)', args: { as: 'client:client-a' }, parameters: { world: { offline: true } } };

export const ManyItems: Story = {
  name: 'Many items (200)',
  args: { as: 'staff:u-tech', level: 'mobile' },
  parameters: { world: { attachments: manyAttachments(200), notes: [] } },
};

export const LongAndRtlNames: Story = {
  name: 'Long and right-to-left names',
  args: { as: 'client:client-a' },
  parameters: { world: { attachments: awkwardNames(), notes: [] } },
};

export const DarkTheme: Story = { name: 'Dark theme', args: { as: 'staff:u-tech', level: 'mobile' }, globals: { theme: 'dark' } };

export const Arabic: Story = {
  name: 'Arabic (right to left)',
  args: { as: 'client:client-a' },
  globals: { locale: 'ar' },
  tags: ['!autodocs'],
};

/** At 320 px (a small phone), as the customer. */
export const SmallPhone: Story = {
  name: 'Small phone (320 px)',
  args: { as: 'client:client-a' },
  parameters: { width: 320 },
  globals: { viewport: { value: 'phone320', isRotated: false } },
};
