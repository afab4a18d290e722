import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect, waitFor } from 'storybook/test';
import type { AkUploader } from '@attachkit/elements';
import { element, file, forever, inShadow, photos, refusedFiles } from './support/story-helpers.js';

/**
 * `<ak-uploader>`: "Select Files to Attach", drag and drop, paste. The play
 * functions add files the way a drop does (`addFiles`), so each state shows
 * without a real file picker.
 */
const meta: Meta = {
  title: 'Elements/Uploader',
  component: 'ak-uploader',
  args: { 'record-type': 'job', 'record-id': 'J-1001', name: 'attachments', disabled: false, accept: '', capture: false },
  argTypes: {
    kit: { control: false },
    record: { control: false },
    value: { control: false },
    form: { control: false },
    uploads: { control: false },
    'data-theme': { control: false },
  },
  render: (args) =>
    html`<ak-uploader
      record-type=${args['record-type']}
      record-id=${args['record-id']}
      name=${args.name}
      accept=${args.accept}
      ?disabled=${args.disabled}
      ?capture=${args.capture}
    ></ak-uploader>`,
  parameters: {
    docs: {
      description: {
        component: 'Attach files to a record with per-file progress, cancel and retry; refusals are explained in words. Form-associated.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const uploader = (canvas: HTMLElement) => element<AkUploader>(canvas, 'ak-uploader');
const entries = (el: HTMLElement, status: string) => el.shadowRoot!.querySelectorAll(`[part=file][data-status=${status}]`).length;

/** Nothing chosen yet (the administrator may attach files). */
export const Idle: Story = {};

/** A mobile technician may attach files too. */
export const Tech: Story = { name: 'Tech (may attach)', parameters: { world: { as: 'tech' } } };

/** A Customer Portal client may not attach files: the button stays focusable and says why. */
export const PortalClient: Story = {
  name: 'Portal client (not allowed, with the reason)',
  parameters: { world: { as: 'clientA' } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    await expect((await inShadow(el, 'button.select')).getAttribute('aria-disabled')).toBe('true');
  },
};

/** The `disabled` attribute: turned off by the host. */
export const Disabled: Story = { args: { disabled: true } };

/** Files the restrictions refuse, each with its sentence (executable, too large, empty, disguised). */
export const RestrictionErrors: Story = {
  name: 'Refused files (restrictions)',
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles(refusedFiles());
    await waitFor(() => expect(entries(el, 'rejected')).toBe(4));
  },
};

/** Uploads in progress: three run at once (40 %), the others wait; each can be cancelled. */
export const InProgress: Story = {
  name: 'In progress',
  parameters: { world: { stallUploadsAt: 0.4 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([
      ...photos(),
      file('site-plan.pdf', 180_000, 'application/pdf'),
      file('handover.docx', 52_000),
      file('meter.png', 9_000, 'image/png'),
    ]);
    await waitFor(() => expect(entries(el, 'uploading')).toBe(3));
  },
};

/** A slow connection: every call takes long, so the files wait and start (latency on the backend). */
export const SlowConnection: Story = {
  name: 'Slow connection (queued)',
  parameters: { world: { latencyMs: forever } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles(photos());
    await waitFor(() => expect(el.uploads.length).toBe(2));
  },
};

/** A running upload the user paused: its progress is kept, Resume goes on from the server's offset. */
export const Paused: Story = {
  parameters: { world: { stallUploadsAt: 0.6 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    const [item] = el.addFiles([file('walkthrough-video.mp4', 2_400_000, 'video/mp4')]);
    await waitFor(() => expect(entries(el, 'uploading')).toBe(1));
    el.kit!.uploads.pause(item!.id);
    await waitFor(() => expect(entries(el, 'paused')).toBe(1));
  },
};

/** The signal dropped: the upload waits for the network (or the next retry) and goes on by itself. */
export const WaitingForNetwork: Story = {
  name: 'Waiting for the network',
  parameters: { world: { failing: ['uploadAttachment'], uploadRetryDelays: [forever] } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([file('after-photo.jpg', 900_000, 'image/jpeg')]);
    await waitFor(() => expect(entries(el, 'waiting-for-network')).toBe(1));
  },
};

/** After a reload: the uploads the earlier page left come back as Interrupted, with Resume and Discard. */
export const InterruptedAfterReload: Story = {
  name: 'Interrupted after a reload',
  parameters: {
    world: {
      stallUploadsAt: 0.5,
      interrupted: [
        { name: 'roof-inspection.mp4', size: 48_000_000, type: 'video/mp4', loaded: 31_000_000 },
        { name: 'before-photo.jpg', size: 2_100_000, type: 'image/jpeg', loaded: 0 },
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    await waitFor(() => expect(el.shadowRoot!.querySelectorAll('button.discard').length).toBe(2));
  },
};

/**
 * The device's storage is full (or the browser denies IndexedDB): the upload goes on, but it would not survive a
 * reload, and the uploader says so once (`storage-notice` part, announced).
 */
export const StorageFull: Story = {
  name: 'Device storage full (uploads not kept)',
  parameters: { world: { stallUploadsAt: 0.3, storageFull: true } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([file('roof-inspection.mp4', 4_800_000, 'video/mp4')]);
    const notice = await inShadow(el, '[part=storage-notice]');
    await expect(notice.textContent).toContain('storage is full');
    await expect(entries(el, 'uploading')).toBe(1);
  },
};

/**
 * Two tabs of one user: an upload the other tab has (restored or uploading there) shows "In another tab of this
 * browser", with no Resume or Discard; it comes back here as Interrupted when that tab closes.
 */
export const InAnotherTab: Story = {
  name: 'In another tab',
  parameters: {
    world: {
      stallUploadsAt: 0.5,
      interrupted: [
        { name: 'roof-inspection.mp4', size: 48_000_000, type: 'video/mp4', loaded: 31_000_000, inAnotherTab: true },
        { name: 'before-photo.jpg', size: 2_100_000, type: 'image/jpeg', loaded: 0 },
      ],
    },
  },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    await waitFor(() => expect(entries(el, 'in-another-tab')).toBe(1));
    await expect(el.shadowRoot!.querySelector('[data-status="in-another-tab"] button')).toBeNull();
    await expect(el.shadowRoot!.querySelectorAll('button.discard').length).toBe(1);
  },
};

/** Finished uploads, with "Clear finished". */
export const Completed: Story = {
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles(photos());
    await waitFor(() => expect(entries(el, 'done')).toBe(2));
  },
};

/** The network fails during the upload: the error and Retry. */
export const Failed: Story = {
  name: 'Upload failed (offline)',
  parameters: { world: { failing: ['uploadAttachment'] } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles(photos());
    await waitFor(() => expect(entries(el, 'failed')).toBe(2));
  },
};

/** Accepted, refused and running at once. */
export const Mixed: Story = {
  name: 'Mixed (running and refused)',
  parameters: { world: { stallUploadsAt: 0.75 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([...photos(), ...refusedFiles().slice(0, 2)]);
    await waitFor(() => expect(entries(el, 'rejected')).toBe(2));
  },
};

/** Long, Arabic and Hebrew file names while uploading. */
export const LongAndRtlNames: Story = {
  name: 'Long and right-to-left names',
  parameters: { world: { stallUploadsAt: 0.3 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([
      file(`${'very-long-file-name-from-a-scanner-'.repeat(6)}final-v2.pdf`, 120_000, 'application/pdf'),
      file('صورة-المطبخ-بعد-التركيب.png', 40_000, 'image/png'),
      file('תוכנית-האתר.pdf', 80_000, 'application/pdf'),
    ]);
    await waitFor(() => expect(el.uploads.length).toBe(3));
  },
};

/** Inside a `<form>`: it submits one `attachments` entry per new attachment. */
export const InAForm: Story = {
  name: 'In a form',
  render: (args) => html`<form
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const values = new FormData(form).getAll(String(args.name)).map((v) => (typeof v === 'string' ? v : v.name));
      form.querySelector('output')!.value = values.join(', ') || '(none)';
    }}
  >
    <ak-uploader record-type=${args['record-type']} record-id=${args['record-id']} name=${args.name}></ak-uploader>
    <p><button type="submit">Save job</button></p>
    <p>Submitted ids: <output>(not submitted yet)</output></p>
  </form>`,
};

/** With the list of the same record: a finished upload appears in the list at once (shared store). */
export const WithTheList: Story = {
  name: 'With the attachment list',
  render: (args) => html`<ak-uploader record-type=${args['record-type']} record-id=${args['record-id']}></ak-uploader>
    <ak-attachment-list record-type=${args['record-type']} record-id=${args['record-id']} hide-notes></ak-attachment-list>`,
  parameters: { world: { attachments: [], notes: [] } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles(photos());
    const list = await element<HTMLElement>(canvasElement, 'ak-attachment-list');
    await waitFor(() => expect(list.shadowRoot!.querySelectorAll('[role=row][data-id]').length).toBe(2));
  },
};

export const DarkTheme: Story = {
  name: 'Dark theme',
  globals: { theme: 'dark' },
  parameters: { world: { stallUploadsAt: 0.5 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([...photos(), refusedFiles()[0]!]);
    await waitFor(() => expect(el.uploads.length).toBe(3));
  },
};

export const Arabic: Story = {
  name: 'Arabic (right to left)',
  globals: { locale: 'ar' },
  tags: ['!autodocs'],
  parameters: { world: { stallUploadsAt: 0.5 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    el.addFiles([file('صورة-المطبخ.png', 40_000, 'image/png'), refusedFiles()[1]!]);
    await waitFor(() => expect(el.uploads.length).toBe(2));
  },
};

/** On a phone (390 px). On a touch device the hint speaks of choosing files or photos, not of dragging or Ctrl+V. */
export const Phone: Story = {
  name: 'Phone (390 px)',
  parameters: { width: 390 },
  globals: { viewport: { value: 'phone390', isRotated: false } },
};

/**
 * A 4000×3000 camera JPEG as its header says (SOI and a start-of-frame
 * segment), padded to a photo's 3.4 MB: what the downscale step reads first.
 */
function cameraPhotoHeader(name: string): File {
  const header = new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0x0b, 0xb8, 0x0f, 0xa0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return new File([header, new Uint8Array(3_400_000)], name, { type: 'image/jpeg' });
}

/**
 * A big photo being made smaller on the device before it uploads
 * (`max-image-edge`, default 2560 px): "Making the photo smaller…" with an
 * indeterminate progress bar and Cancel; the PDF beside it uploads. The step
 * takes about a second, so this story holds the downscale worker to keep it
 * on screen.
 */
export const Downscaling: Story = {
  name: 'Making a photo smaller (preparing)',
  parameters: { world: { stallUploadsAt: 0.4 } },
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    const RealWorker = window.Worker;
    let held = false;
    window.Worker = class HeldWorker extends RealWorker {
      override postMessage(): void {
        held = true;
      }
    };
    try {
      el.addFiles([cameraPhotoHeader('IMG_20261130_140509.jpg'), file('site-plan.pdf', 180_000, 'application/pdf')]);
      await waitFor(() => expect(held && entries(el, 'preparing')).toBe(1));
    } finally {
      window.Worker = RealWorker;
    }
  },
};

/**
 * `capture` on a touch device: "Take Photo" beside "Select Files to Attach"
 * opens the back camera (`accept="image/*" capture="environment"`), 44 px
 * tall. Shown only when a pointer is coarse (`(pointer: coarse)` or
 * `(any-pointer: coarse)`); this story answers that query as a phone would
 * while the element connects (or open any story in DevTools' device mode).
 */
let realMatchMedia: typeof window.matchMedia | undefined;
export const TakePhoto: Story = {
  name: 'Take Photo (capture, touch device)',
  tags: ['!autodocs'],
  args: { capture: true },
  parameters: { width: 390 },
  globals: { viewport: { value: 'phone390', isRotated: false } },
  decorators: [
    (story) => {
      realMatchMedia ??= window.matchMedia.bind(window);
      const real = realMatchMedia;
      // The browser's own MediaQueryList (its prototype's listeners kept), answering as a phone would.
      window.matchMedia = (query: string) =>
        query.includes('pointer: coarse')
          ? Object.defineProperties(real(query), { matches: { value: true }, media: { value: query } })
          : real(query);
      return story();
    },
  ],
  play: async ({ canvasElement }) => {
    const el = await uploader(canvasElement);
    const button = await inShadow(el, '[part=take-photo]').finally(() => {
      // The element has read the answer; the other stories get the browser's own again.
      if (realMatchMedia) window.matchMedia = realMatchMedia;
    });
    await expect(button.textContent.trim()).toBe('Take Photo');
    await expect(el.shadowRoot!.querySelector('input.camera')!.getAttribute('capture')).toBe('environment');
  },
};
