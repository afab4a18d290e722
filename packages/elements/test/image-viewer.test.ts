import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import type { AkImageViewer } from '../src/components/image-viewer/image-viewer.js';
import { attachment, job, once, pngBytes, settled, world } from './helpers.js';

const photos = [1, 2, 3].map((n) =>
  attachment({ name: `photo-${n}.png`, mimeType: 'image/png', createdAt: `2019-01-0${n}T00:00:00.000Z` }),
);
const plan = attachment({ name: 'plan.pdf', createdAt: '2019-01-04T00:00:00.000Z' });
const contents = { ...Object.fromEntries(photos.map((p) => [p.id, pngBytes])), [plan.id]: '%PDF-1.4' };

const inside = (viewer: AkImageViewer) => viewer.shadowRoot!;
const title = (viewer: AkImageViewer) => inside(viewer).querySelector('h2')?.textContent;
const position = (viewer: AkImageViewer) => inside(viewer).querySelector('[part=position]')?.textContent;
const loaded = (viewer: AkImageViewer, name: string) =>
  waitUntil(() => title(viewer) === name && inside(viewer).querySelector('img[part=image]'), `${name} not shown`);

function swipe(viewer: AkImageViewer, dx: number): void {
  const stage = inside(viewer).querySelector('.stage')!;
  const r = stage.getBoundingClientRect();
  const y = r.top + r.height / 2;
  const x = r.left + r.width / 2;
  const init = { bubbles: true, composed: true, pointerType: 'touch', isPrimary: true, pointerId: 7 };
  stage.dispatchEvent(new PointerEvent('pointerdown', { ...init, clientX: x, clientY: y }));
  stage.dispatchEvent(new PointerEvent('pointerup', { ...init, clientX: x + dx, clientY: y + 4 }));
}

describe('<ak-image-viewer>', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('pages through the record\'s images on its own: "Image 2 of 3", buttons, arrow keys, swipe, download', async () => {
    const { kit } = await world({ attachments: [...photos, plan], contents });
    const viewer = await fixture<AkImageViewer>(html`<ak-image-viewer record-type="job" record-id="J-1042" .kit=${kit}></ak-image-viewer>`);
    await settled(kit.attachments(job));
    await viewer.show(photos[1]!);
    const dialog = inside(viewer).querySelector('dialog')!;
    expect(dialog.open && dialog.matches(':modal')).to.equal(true);
    await loaded(viewer, 'photo-2.png');
    expect(position(viewer)).to.equal('Image 2 of 3');
    await expect(viewer).to.be.accessible();

    await sendKeys({ press: 'ArrowRight' });
    await loaded(viewer, 'photo-3.png');
    await sendKeys({ press: 'ArrowRight' });
    await loaded(viewer, 'photo-1.png');
    await sendKeys({ press: 'ArrowLeft' });
    await loaded(viewer, 'photo-3.png');

    swipe(viewer, -120); // finger to the left: the next image comes in
    await loaded(viewer, 'photo-1.png');
    swipe(viewer, 120);
    await loaded(viewer, 'photo-3.png');
    swipe(viewer, 12); // a tap or a wobble is no swipe
    await new Promise((r) => setTimeout(r, 50));
    expect(title(viewer)).to.equal('photo-3.png');

    inside(viewer).querySelector<HTMLButtonElement>('button.previous')!.click();
    await loaded(viewer, 'photo-2.png');
    viewer.addEventListener('ak-download', (e) => e.preventDefault(), { once: true });
    const download = once(viewer, 'ak-download');
    inside(viewer).querySelector<HTMLButtonElement>('[part=download-button]')!.click();
    expect((await download).attachment.id).to.equal(photos[1]!.id);

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    expect(viewer.current).to.equal(undefined);
  });

  it('opens from the list at 390 px, fits the screen, and gives focus back to the name on Esc', async () => {
    await setViewport({ width: 390, height: 800 });
    const { kit } = await world({ attachments: [...photos, plan], contents });
    const list = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${kit}></ak-attachment-list>`,
    );
    await settled(kit.attachments(job));
    await list.updateComplete;
    const name = [...list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=name]')].find((b) => b.textContent === 'photo-1.png')!;
    name.focus();
    await sendKeys({ press: 'Enter' });
    // The list renders its gallery from the first preview on.
    await waitUntil(() => list.shadowRoot!.querySelector('ak-image-viewer'));
    const viewer = list.shadowRoot!.querySelector('ak-image-viewer')!;
    await loaded(viewer, 'photo-1.png');
    expect(position(viewer)).to.equal('Image 1 of 3');
    const box = inside(viewer).querySelector('dialog')!.getBoundingClientRect();
    expect(box.left).to.be.at.least(0);
    expect(box.right).to.be.at.most(390);
    for (const button of inside(viewer).querySelectorAll('button')) {
      const r = button.getBoundingClientRect();
      expect(r.width >= 24 && r.height >= 24, button.textContent).to.equal(true);
    }
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !inside(viewer).querySelector('dialog')!.open);
    expect(list.shadowRoot!.activeElement).to.equal(name);
  });
});
