import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { element, forever, inShadow, manyUsers } from './support/story-helpers.js';

/**
 * `<ak-permission-matrix>`: users × the permissions of one access level, as
 * Ascora's "Mobile Access Level Permissions". Cells whose requirement is not
 * granted are locked with "Needs … first."; only holders of "Can manage user
 * permissions" may change anything.
 */
const meta: Meta = {
  title: 'Elements/Permission matrix',
  component: 'ak-permission-matrix',
  args: { level: 'mobile' },
  argTypes: {
    level: { control: 'inline-radio', options: ['web', 'mobile'] },
    kit: { control: false },
    'data-theme': { control: false },
  },
  render: (args) => html`<ak-permission-matrix level=${args.level}></ak-permission-matrix>`,
  parameters: {
    docs: {
      description: {
        component:
          'Users × permissions of one access level, with dependencies (locked cells say why), optimistic saving and a roving-tabindex grid.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const matrix = (canvas: HTMLElement) => element<HTMLElement>(canvas, 'ak-permission-matrix');
const cell = (user: string, key: string) => `tr[data-user="${user}"] input[data-key="${key}"]`;

/**
 * The administrator edits the mobile level. Marco Mobile lacks "Can view attachments that have
 * been marked as Confidential", so "Can mark attachments as Confidential" is locked for him.
 */
export const AdminMobile: Story = {
  name: 'Admin, mobile level (editable, dependency-locked cells)',
  play: async ({ canvasElement }) => {
    const el = await matrix(canvasElement);
    const locked = await inShadow(el, cell('u-tech', 'attachments.markConfidential'));
    await expect(locked.getAttribute('aria-disabled')).toBe('true');
    await expect((await inShadow(el, cell('u-tech', 'attachments.viewConfidential'))).getAttribute('aria-disabled')).toBe('false');
  },
};

/** One user's page (`user-id`), as in Administration → Users → View in Ascora. */
export const OneUser: Story = {
  name: "One user's permissions (user-id)",
  render: (args) => html`<ak-permission-matrix level=${args.level} user-id="u-tech"></ak-permission-matrix>`,
  play: async ({ canvasElement }) => {
    const el = await matrix(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelectorAll('tbody tr').length).toBe(1));
    await expect(el.shadowRoot!.querySelector('tbody tr')?.getAttribute('data-user')).toBe('u-tech');
  },
};

/** The web level, with its Administration section. */
export const AdminWeb: Story = { name: 'Admin, web level', args: { level: 'web' } };

/** The administrator grants the Confidential permission: the dependent cell unlocks. */
export const GrantUnlocksDependent: Story = {
  name: 'Granting unlocks the dependent cell',
  play: async ({ canvasElement }) => {
    const el = await matrix(canvasElement);
    (await inShadow<HTMLInputElement>(el, cell('u-tech', 'attachments.viewConfidential'))).click();
    await waitFor(() =>
      expect(el.shadowRoot!.querySelector(cell('u-tech', 'attachments.markConfidential'))?.getAttribute('aria-disabled')).toBe('false'),
    );
  },
};

/** A technician may not see other users' grants: a notice says why (the server answers 403 to anyone but admins). */
export const TechNotAllowed: Story = {
  name: 'Tech (not allowed)',
  parameters: { world: { as: 'tech' } },
  play: async ({ canvasElement }) => {
    const el = await matrix(canvasElement);
    await waitFor(() =>
      expect(el.shadowRoot!.querySelector('.notice')?.textContent).toContain(
        "Users' permissions are shown only to those who may manage them.",
      ),
    );
    await expect(el.shadowRoot!.querySelector('table')).toBe(null);
  },
};

/** 40 users: the grid scrolls. */
export const ManyUsers: Story = {
  name: 'Many users (43)',
  parameters: { world: { users: manyUsers(40) } },
  render: (args) =>
    html`<ak-permission-matrix level=${args.level} style="--ak-permission-matrix-max-height: 28rem"></ak-permission-matrix>`,
};

export const Loading: Story = { parameters: { world: { latencyMs: forever } } };

export const LoadError: Story = { name: 'Load error (offline)', parameters: { world: { offline: true } } };

/** The server refuses a change: the cell rolls back and the error says which. */
export const SaveError: Story = {
  name: 'Save error (rolled back)',
  parameters: { world: { failing: ['updateGrants'] } },
  play: async ({ canvasElement }) => {
    const el = await matrix(canvasElement);
    (await inShadow<HTMLInputElement>(el, cell('u-tech', 'notes.create'))).click();
    await inShadow(el, '[part=error]');
  },
};

export const DarkTheme: Story = { name: 'Dark theme', globals: { theme: 'dark' } };

/** Right to left: the arrow keys follow the reading direction. */
export const Arabic: Story = { name: 'Arabic (right to left)', globals: { locale: 'ar' }, tags: ['!autodocs'] };

/** On a phone (390 px): one user at a time (a user picker), permissions as rows. */
export const Phone: Story = {
  name: 'Phone (390 px): one user at a time',
  parameters: { width: 390 },
  globals: { viewport: { value: 'phone390', isRotated: false } },
};

/** Desktop with many users: the header row and the user column stay in view while it scrolls. */
export const DesktopSticky: Story = {
  ...ManyUsers,
  name: 'Desktop: sticky header and user column',
  parameters: { ...ManyUsers.parameters, width: 1280 },
};
