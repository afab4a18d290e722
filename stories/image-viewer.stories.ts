import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import type { Attachment } from '@attachkit/sdk';
import { element, inShadow } from './support/story-helpers.js';

type Viewer = HTMLElement & {
  show(a: Attachment): Promise<void>;
  kit?: { attachments(r: { type: string; id: string }): { getState(): { status: string; items: Attachment[] }; load(): Promise<void> } };
};

/**
 * `<ak-image-viewer>`: a modal gallery over a record's images (a native
 * `<dialog>` opened with `showModal()`): Previous/Next by the buttons, the
 * arrow keys or a swipe, "Image 2 of 3", the name and Download.
 * `<ak-attachment-list>` opens it when an image's name is pressed; on its own,
 * call `show(attachment)`.
 */
const meta: Meta = {
  title: 'Elements/Image viewer',
  component: 'ak-image-viewer',
  args: { 'record-type': 'job', 'record-id': 'J-1001' },
  argTypes: { kit: { control: false }, images: { control: false }, current: { control: false }, open: { control: false } },
  render: (args) => html`<button type="button" @click=${openFirst}>Open the job's photos</button>
    <ak-image-viewer record-type=${args['record-type']} record-id=${args['record-id']}></ak-image-viewer>`,
  parameters: {
    docs: { description: { component: 'A modal gallery over the images of one host record, with keyboard, swipe and download.' } },
  },
};
export default meta;
type Story = StoryObj;

async function openFirst(event: Event): Promise<void> {
  const viewer = (event.target as HTMLElement).parentElement!.querySelector<Viewer>('ak-image-viewer')!;
  const store = viewer.kit!.attachments({ type: 'job', id: 'J-1001' });
  // The viewer's own load may still be in flight: wait for the items.
  if (store.getState().status !== 'ready') await store.load();
  const first = store.getState().items.find((a) => a.mimeType.startsWith('image/'));
  if (first) await viewer.show(first);
}

/** Closed: a host button opens it on the first photo. */
export const Closed: Story = {};

/** Open on the first of the job's three photos. */
export const Open: Story = {
  name: 'Open (first of three photos)',
  play: async ({ canvasElement }) => {
    const viewer = await element<Viewer>(canvasElement, 'ak-image-viewer');
    canvasElement.querySelector('button')!.click();
    await waitFor(() => expect(viewer.shadowRoot!.querySelector<HTMLDialogElement>('dialog')?.open).toBe(true));
    await inShadow(viewer, 'dialog img');
    await expect(viewer.shadowRoot!.querySelector('.position')!.textContent).toBe('Image 1 of 3');
  },
};

/** After Next: the second photo. */
export const SecondImage: Story = {
  name: 'Second photo (after Next)',
  play: async ({ canvasElement }) => {
    const viewer = await element<Viewer>(canvasElement, 'ak-image-viewer');
    canvasElement.querySelector('button')!.click();
    (await inShadow<HTMLButtonElement>(viewer, 'button.next')).click();
    await waitFor(() => expect(viewer.shadowRoot!.querySelector('.position')!.textContent).toBe('Image 2 of 3'));
  },
};

/** On a phone-sized screen. */
export const Phone: Story = {
  name: 'Open at 390 px',
  parameters: { width: 390 },
  globals: { viewport: { value: 'phone390', isRotated: false } },
  play: Open.play,
};

export const DarkTheme: Story = { name: 'Dark theme', globals: { theme: 'dark' }, play: Open.play };
