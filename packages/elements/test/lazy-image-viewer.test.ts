/**
 * `<ak-image-viewer>` is defined at once and loads its view (dialog, paging,
 * styles) when first connected; `<ak-attachment-list>` renders it on the
 * first preview, so a page showing a list fetches the gallery only when
 * someone opens an image. Its own test file: the page starts with no
 * attachkit module loaded (modules are cached per page).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { attachment, job, pngBytes, world } from './helpers.js';
import { recordResources } from './resource-timing.js';

// Before the elements load (dynamically, below), so that every module they fetch is recorded.
const requested = recordResources();

describe('<ak-attachment-list>: the gallery loads on the first preview', () => {
  before(() => import('../src/components/attachment-list/define.js'));

  it('renders the list without the gallery, then loads it, opens the image and keeps it', async () => {
    const photo = attachment({ name: 'roof.png', mimeType: 'image/png' });
    const { kit } = await world({ attachments: [photo, attachment({ name: 'plan.pdf' })], contents: { [photo.id]: pngBytes } });
    const el = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type=${job.type} record-id=${job.id} .kit=${kit}></ak-attachment-list>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[data-id] [part=name]'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requested('image-viewer.view')).to.deep.equal([]);
    expect(customElements.get('ak-image-viewer')).to.be.a('function');
    expect(el.shadowRoot!.querySelector('ak-image-viewer')).to.equal(null);

    const name = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=name]')].find((b) => b.textContent.includes('roof.png'))!;
    name.click();
    await waitUntil(() => el.shadowRoot!.querySelector('ak-image-viewer')?.shadowRoot?.querySelector<HTMLDialogElement>('dialog')?.open);
    expect(requested('image-viewer.view').length).to.equal(1);
    const dialog = el.shadowRoot!.querySelector('ak-image-viewer')!.shadowRoot!.querySelector<HTMLDialogElement>('dialog')!;
    await waitUntil(() => dialog.querySelector('img'));
    expect(dialog.querySelector('h2')!.textContent).to.equal('roof.png');
    await expect(el).to.be.accessible();
    // Its styles are adopted beside the shared ones.
    expect(getComputedStyle(dialog.querySelector('header')!).display).to.equal('flex');
  });

  it('a viewer of its own loads its view when connected; show() waits for it', async () => {
    const photo = attachment({ name: 'wall.png', mimeType: 'image/png' });
    const { kit } = await world({ attachments: [photo], contents: { [photo.id]: pngBytes } });
    const viewer = document.createElement('ak-image-viewer');
    viewer.kit = kit;
    viewer.images = [photo];
    document.body.append(viewer);
    try {
      await viewer.show(photo);
      expect(viewer.open).to.equal(true);
      expect(viewer.current?.id).to.equal(photo.id);
      viewer.close();
      expect(viewer.open).to.equal(false);
    } finally {
      viewer.remove();
    }
  });
});
