import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { check, element, forever, inShadow } from './support/story-helpers.js';

/**
 * `<ak-note-list>`: a record's shared notes on their own (the second section
 * of `<ak-attachment-list>`), with the same Customer Portal and Confidential
 * actions and an "Add a note" form for staff who may write notes.
 */
const meta: Meta = {
  title: 'Elements/Note list',
  component: 'ak-note-list',
  args: { 'record-type': 'job', 'record-id': 'J-1001' },
  argTypes: { kit: { control: false }, record: { control: false }, selectedIds: { control: false }, 'data-theme': { control: false } },
  render: (args) => html`<ak-note-list record-type=${args['record-type']} record-id=${args['record-id']}></ak-note-list>`,
  parameters: {
    docs: {
      description: {
        component: 'The shared notes of one host record: Customer View and Confidential flags, bulk sharing, and an "Add a note" form.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const notes = (canvas: HTMLElement) => element<HTMLElement>(canvas, 'ak-note-list');

/** The office administrator: every action once notes are checked, and the form. */
export const Admin: Story = {};

/** No notes yet. */
export const Empty: Story = { parameters: { world: { notes: [] } } };

/** The backend never answers. */
export const Loading: Story = { parameters: { world: { latencyMs: forever } } };

/** The network is down: the load error with Retry. */
export const LoadError: Story = { name: 'Load error (offline)', parameters: { world: { offline: true } } };

/** A portal client: only the notes shared with them, no actions, no internal flags. */
export const PortalClient: Story = { name: 'Portal client (Acme Plumbing)', parameters: { world: { as: 'clientA' } } };

/** A technician without sharing grants: actions say why not. */
export const Tech: Story = { name: 'Tech (mobile)', parameters: { world: { as: 'tech' } } };

/** Two notes checked: sharing and the Confidential actions become available. */
export const WithSelection: Story = {
  name: 'Notes checked (actions available)',
  play: async ({ canvasElement }) => {
    const el = await notes(canvasElement);
    await check(el, '[data-id="note-1"] input[type=checkbox]');
    await check(el, '[data-id="note-2"] input[type=checkbox]');
    await waitFor(() => expect(el.shadowRoot!.querySelector('[data-action=share]')?.getAttribute('aria-disabled')).toBe('false'));
  },
};

/** Sharing a Confidential note asks first. */
export const ConfirmSharingConfidential: Story = {
  name: 'Confirm sharing a Confidential note',
  play: async ({ canvasElement }) => {
    const el = await notes(canvasElement);
    await check(el, '[data-id="note-3"] input[type=checkbox]');
    (await inShadow<HTMLButtonElement>(el, '[data-action=share]')).click();
    await waitFor(() => expect(el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')?.open).toBe(true));
  },
};

export const DarkTheme: Story = { name: 'Dark theme', globals: { theme: 'dark' } };

export const Arabic: Story = { name: 'Arabic (right to left)', globals: { locale: 'ar' }, tags: ['!autodocs'] };

/** On a phone (390 px): each note is a card with its badges. */
export const Phone: Story = {
  name: 'Phone (390 px)',
  parameters: { width: 390 },
  globals: { viewport: { value: 'phone390', isRotated: false } },
};
