import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import { defaultPortalSettings } from '@attachkit/sdk';
import { awkwardNames, manyAttachments } from './fixtures/world.js';
import { check, element, forever, inShadow } from './support/story-helpers.js';

/**
 * `<ak-attachment-list>`: a record's attachments (Ascora's Attachments tab) and
 * shared notes. Every story runs on the memory backend (see `parameters.world`);
 * the provider around it acts as the principal named in the story.
 */
const meta: Meta = {
  title: 'Elements/Attachment list',
  component: 'ak-attachment-list',
  args: { 'record-type': 'job', 'record-id': 'J-1001', 'hide-notes': false },
  argTypes: {
    kit: { control: false },
    record: { control: false },
    selectedIds: { control: false },
    'data-theme': { control: false },
  },
  render: (args) =>
    html`<ak-attachment-list
      record-type=${args['record-type']}
      record-id=${args['record-id']}
      ?hide-notes=${args['hide-notes']}
    ></ak-attachment-list>`,
  parameters: {
    docs: {
      description: {
        component:
          'Attachments and shared notes of one host record, with Customer Portal sharing, Confidential marks, delete, sort, filter, image pop-up and downloads. Rows are virtualized.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const list = (canvas: HTMLElement) => element<HTMLElement>(canvas, 'ak-attachment-list');
const rowBox = (id: string) => `[role=row][data-id="${id}"] input[type=checkbox]`;

// ------------------------------------------------------------------ data states

/** The job card as the office administrator sees it: every action available once rows are checked. */
export const Admin: Story = { parameters: { world: { as: 'admin' } } };

/** No attachments and no notes yet. */
export const Empty: Story = { parameters: { world: { attachments: [], notes: [] } } };

/** The `empty` slot replaces the default message. */
export const EmptyWithSlot: Story = {
  name: 'Empty (custom empty slot)',
  parameters: { world: { attachments: [], notes: [] } },
  render: (args) =>
    html`<ak-attachment-list record-type=${args['record-type']} record-id=${args['record-id']} ?hide-notes=${args['hide-notes']}>
      <p slot="empty">Nothing attached to this job yet — drop the site photos on the uploader.</p>
    </ak-attachment-list>`,
};

/** The backend never answers: the loading status stays on screen. */
export const Loading: Story = { parameters: { world: { latencyMs: forever } } };

/** The network is down: the load error with Retry (for attachments and notes). */
export const LoadError: Story = { name: 'Load error (offline)', parameters: { world: { offline: true } } };

/** 60 attachments: the rows area scrolls. */
export const ManyItems: Story = { name: 'Many items (60)', parameters: { world: { attachments: manyAttachments(60), notes: [] } } };

/** 10,000 attachments: only the visible rows are in the DOM (`aria-rowcount` tells the real size). */
export const TenThousandItems: Story = {
  name: '10,000 items (virtualized)',
  parameters: { world: { attachments: manyAttachments(10_000), notes: [] } },
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    const table = await inShadow(el, '[role=grid]');
    await expect(table.getAttribute('aria-rowcount')).toBe('10001');
    await waitFor(() => expect(el.shadowRoot!.querySelectorAll('[role=row][data-id]').length).toBeGreaterThan(0));
    await expect(el.shadowRoot!.querySelectorAll('[role=row][data-id]').length).toBeLessThan(100);
  },
};

/** A scanner's 200-character name, Arabic and Hebrew names, a disguised extension. */
export const LongAndRtlNames: Story = {
  name: 'Long and right-to-left names',
  parameters: { world: { attachments: awkwardNames(), notes: [] } },
};

/** Without the notes section (`hide-notes`). */
export const HideNotes: Story = { name: 'Without notes (hide-notes)', args: { 'hide-notes': true } };

// ------------------------------------------------------------------ permission situations

/** A mobile technician without the Confidential grant: confidential items are not even listed, and with no sharing, Confidential or delete grant there is no toolbar of dead buttons. */
export const TechWithoutConfidential: Story = {
  name: 'Tech without the Confidential grant',
  parameters: { world: { as: 'tech' } },
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    await inShadow(el, '[role=row][data-id]');
    await expect(el.shadowRoot!.querySelector('[data-id="att-00005"]')).toBeNull();
    await check(el, rowBox('att-00001'));
    await expect(el.shadowRoot!.querySelector('.toolbar')).toBeNull();
  },
};

/** A senior technician holding "Can view attachments that have been marked as Confidential": sees them, still cannot share. */
export const TechWithConfidential: Story = {
  name: 'Tech with the Confidential grant',
  parameters: { world: { as: 'techConfidential' } },
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    await inShadow(el, '[role=row][data-id="att-00005"]');
    await check(el, rowBox('att-00005'));
  },
};

/** A Customer Portal client: only what is shared with them (and not Confidential). */
export const PortalClient: Story = { name: 'Portal client (Acme Plumbing)', parameters: { world: { as: 'clientA' } } };

/** A portal client when "View Shared Notes / Attachments" is off: the list explains it cannot load. */
export const PortalClientSharedViewOff: Story = {
  name: 'Portal client, shared view off',
  parameters: { world: { as: 'clientA', portalSettings: { ...defaultPortalSettings, viewSharedNotesAttachments: false } } },
};

// ------------------------------------------------------------------ interactions

/** Two rows checked: the toolbar's actions become available. */
export const WithSelection: Story = {
  name: 'Rows checked (actions available)',
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    await check(el, rowBox('att-00003'));
    await check(el, rowBox('att-00004'));
    await waitFor(() =>
      expect(el.shadowRoot!.querySelector('[data-kind=attachment] [data-action=share]')?.getAttribute('aria-disabled')).toBe('false'),
    );
  },
};

/** Sharing a selection that holds a Confidential item asks first (alert dialog). */
export const ConfirmSharingConfidential: Story = {
  name: 'Confirm sharing a Confidential item',
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    await check(el, rowBox('att-00005'));
    (await inShadow<HTMLButtonElement>(el, '[data-kind=attachment] [data-action=share]')).click();
    await waitFor(() => expect(el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.confirm')?.open).toBe(true));
  },
};

/** Clicking an image's name opens the pop-up (Previous/Next through the record's images, Download). */
export const ImagePreview: Story = {
  name: 'Image pop-up',
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    (await inShadow<HTMLButtonElement>(el, '[data-id="att-00001"] [part=name]')).click();
    const viewer = await inShadow(el, 'ak-image-viewer');
    await waitFor(() => expect(viewer.shadowRoot!.querySelector<HTMLDialogElement>('dialog.preview')?.open).toBe(true));
    await inShadow(viewer, 'dialog.preview img');
  },
};

/** The server refuses a command: the store rolls back and the error offers Dismiss. */
export const CommandError: Story = {
  name: 'Command error (rolled back)',
  parameters: { world: { failing: ['bulkUpdateAttachments', 'patchAttachment'] } },
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    await check(el, rowBox('att-00003'));
    (await inShadow<HTMLButtonElement>(el, '[data-kind=attachment] [data-action=share]')).click();
    await inShadow(el, '.attachments [part=error]');
  },
};

/** The name filter with no match. */
export const FilterWithoutMatch: Story = {
  name: 'Filter without a match',
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    const input = await inShadow<HTMLInputElement>(el, 'input[type=search]');
    input.value = 'warranty';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitFor(() => expect(el.shadowRoot!.textContent).toContain('warranty'));
  },
};

// ------------------------------------------------------------------ theme and locale

export const DarkTheme: Story = { name: 'Dark theme', globals: { theme: 'dark' } };

export const Arabic: Story = {
  name: 'Arabic (right to left)',
  globals: { locale: 'ar' },
  tags: ['!autodocs'],
  parameters: { world: { attachments: awkwardNames() } },
};

export const DarkArabic: Story = {
  name: 'Dark theme, Arabic',
  globals: { theme: 'dark', locale: 'ar' },
  tags: ['!autodocs'],
};

// ------------------------------------------------------------------ phone and desktop widths
// `parameters.width` is the width the host gives the element (it adapts to its own width);
// the viewport global sets Storybook's toolbar to the matching device.

const phone = { width: 390 };
const phoneViewport = { viewport: { value: 'phone390', isRotated: false } };

/** A phone (390 px): cards with thumbnails or file-type icons, badges, download and the row menu. */
export const Phone: Story = { name: 'Phone (390 px): cards', parameters: phone, globals: phoneViewport };

/** A small phone (320 px). */
export const SmallPhone: Story = {
  name: 'Small phone (320 px)',
  parameters: { width: 320 },
  globals: { viewport: { value: 'phone320', isRotated: false } },
};

/** The field technician on a phone: no staff toolbar they could not use, no row menus. */
export const PhoneTech: Story = {
  name: 'Phone: tech without staff grants',
  parameters: { ...phone, world: { as: 'tech' } },
  globals: phoneViewport,
};

/** The customer on a phone. */
export const PhonePortalClient: Story = {
  name: 'Phone: portal client',
  parameters: { ...phone, world: { as: 'clientA' } },
  globals: phoneViewport,
};

/** A card's row menu, opened: the full name and what may be done to that row. */
export const PhoneRowMenu: Story = {
  name: 'Phone: row menu open',
  parameters: phone,
  globals: phoneViewport,
  play: async ({ canvasElement }) => {
    const el = await list(canvasElement);
    (await inShadow<HTMLButtonElement>(el, '[data-id="att-00003"] [part=menu-button]')).click();
    await waitFor(() => expect(el.shadowRoot!.querySelector('[part=row-menu]')?.matches(':popover-open')).toBe(true));
  },
};

/** The gallery on a phone. */
export const PhoneGallery: Story = {
  name: 'Phone: image gallery',
  parameters: phone,
  globals: phoneViewport,
  play: ImagePreview.play,
};

/** `view="grid"`: photo tiles for a photo-heavy job (desktop). */
export const Grid: Story = {
  name: 'Grid view (desktop)',
  render: (args) =>
    html`<ak-attachment-list record-type=${args['record-type']} record-id=${args['record-id']} view="grid" hide-notes></ak-attachment-list>`,
  parameters: { width: 1280 },
  globals: { viewport: { value: 'desktop1280', isRotated: false } },
};

/** `view="grid"` on a phone: two tiles to a line. */
export const GridPhone: Story = { ...Grid, name: 'Grid view (phone)', parameters: phone, globals: phoneViewport };

/** The table on a desktop (1280 px) with thumbnails and file-type icons. */
export const Desktop: Story = {
  name: 'Desktop (1280 px): table',
  parameters: { width: 1280 },
  globals: { viewport: { value: 'desktop1280', isRotated: false } },
};
