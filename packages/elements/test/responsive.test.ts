import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { attachment, clientA, job, note, pngBytes, settled, technician, world } from './helpers.js';

/**
 * The list at the widths of a small phone, a phone, a tablet and a desktop:
 * no sideways scroll of the page, every row's name, flags and download button
 * on screen (hit-tested, not merely in the DOM), targets of at least 24×24 px,
 * thumbnails loaded, and axe clean.
 */
const widths = [320, 390, 768, 1280];

const photo = attachment({ name: 'before-photo-kitchen-sink-2026-10-01.png', mimeType: 'image/png', portal: 'viewable' });
const seed = {
  attachments: [
    photo,
    attachment({ name: 'after-photo.png', mimeType: 'image/png' }),
    attachment({ name: 'damage-claim.png', mimeType: 'image/png', portal: 'viewable', confidential: true }),
    attachment({ name: 'Quote Q-1001 for the customer signed and scanned.pdf', portal: 'viewable' }),
    attachment({ name: 'site-notes.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
    attachment({ name: 'costing.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', confidential: true }),
  ],
  notes: [
    note({ body: 'Gate code 4412. Ring the bell at the side door.', portal: 'viewable' }),
    note({ body: 'Customer disputes the call-out fee.', confidential: true }),
  ],
};
const contents = Object.fromEntries(seed.attachments.map((a) => [a.id, a.mimeType === 'image/png' ? pngBytes : 'bytes']));

async function mount(kit: AttachKit): Promise<AkAttachmentList> {
  const el = await fixture<AkAttachmentList>(
    html`<ak-attachment-list record-type="job" record-id="J-1042" .kit=${kit}></ak-attachment-list>`,
  );
  await settled(kit.attachments(job));
  await settled(kit.notes(job));
  await waitUntil(() => rows(el).length === kit.attachments(job).getState().items.length, 'rows did not render');
  return el;
}

const rows = (el: AkAttachmentList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role=row]')];
const shown = (e: Element) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;

/** On screen: inside the viewport and the topmost element at its centre (nothing covers or clips it). */
function onScreen(target: Element): boolean {
  const r = target.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.left < 0 || r.right > window.innerWidth + 0.5) return false;
  const hit = (target.getRootNode() as ShadowRoot | Document).elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit !== null && (hit === target || target.contains(hit) || hit.contains(target));
}

function targets(root: ShadowRoot): { what: string; width: number; height: number }[] {
  return [...root.querySelectorAll<HTMLElement>('button, input, select, textarea')]
    .filter((control) => shown(control) && !control.closest('dialog, [popover]'))
    .map((control) => {
      const r = control.getBoundingClientRect();
      return {
        what: `${control.localName} ${control.getAttribute('aria-label') ?? control.textContent.trim().slice(0, 30)}`,
        width: r.width,
        height: r.height,
      };
    });
}

describe('<ak-attachment-list> at phone, tablet and desktop widths', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of widths) {
    it(`works at ${width} px`, async () => {
      await setViewport({ width, height: 800 });
      const { kit } = await world({ ...seed, contents });
      const el = await mount(kit);
      const cards = width < 768;

      expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(window.innerWidth);
      expect(el.getBoundingClientRect().right).to.be.at.most(window.innerWidth);

      for (const row of rows(el)) {
        row.scrollIntoView({ block: 'center' });
        const a = kit
          .attachments(job)
          .getState()
          .items.find((i) => i.id === row.dataset.id)!;
        const name = row.querySelector('[part=name]')!;
        expect(onScreen(name), `${a.name}: name on screen`).to.equal(true);
        expect(onScreen(row.querySelector('[part=download-button]')!), `${a.name}: download on screen`).to.equal(true);
        const portal = row.querySelector('[data-flag=portal]')!;
        const confidential = row.querySelector('[data-flag=confidential]')!;
        if (cards) {
          // Labelled badges instead of Y/N columns.
          const badge = portal.querySelector('.badge')!;
          expect(onScreen(badge), `${a.name}: portal badge`).to.equal(true);
          expect(badge.textContent).to.equal(a.portal === 'viewable' ? 'Shared' : 'Hidden');
          const secret = confidential.querySelector('.badge');
          expect(Boolean(secret), `${a.name}: Confidential badge only when it is`).to.equal(a.confidential);
          if (secret) expect(onScreen(secret)).to.equal(true);
          // The full name: two lines at most, the rest on hover or focus (and in the title).
          expect(name.getAttribute('title')).to.equal(a.name);
          expect(name.getBoundingClientRect().height).to.be.at.most(2 * parseFloat(getComputedStyle(name).lineHeight) + 1);
        } else {
          expect(onScreen(portal.querySelector('.yn')!), `${a.name}: Customer View cell`).to.equal(true);
          expect(onScreen(confidential.querySelector('.yn')!), `${a.name}: Confidential cell`).to.equal(true);
        }
        const thumbnail = row.querySelector('[part=thumbnail]')!;
        if (a.mimeType === 'image/png') {
          await waitUntil(() => (thumbnail as HTMLElement).dataset.state === 'loaded', `${a.name}: thumbnail loaded`);
          expect((thumbnail as HTMLImageElement).naturalWidth).to.be.greaterThan(0);
          expect(onScreen(thumbnail)).to.equal(true);
        } else {
          expect(thumbnail.querySelector('svg.file-icon')!.getAttribute('data-kind')).to.equal(
            a.name.endsWith('.pdf') ? 'pdf' : a.name.endsWith('.docx') ? 'word' : 'excel',
          );
        }
      }

      const small = targets(el.shadowRoot!).filter((t) => t.width < 24 || t.height < 24);
      expect(small, 'every control is at least 24×24 px').to.deep.equal([]);
      const notes = el.shadowRoot!.querySelector('ak-note-list')!;
      expect(targets(notes.shadowRoot!).filter((t) => t.width < 24 || t.height < 24)).to.deep.equal([]);
      expect(notes.getBoundingClientRect().right).to.be.at.most(window.innerWidth);
      await expect(el).to.be.accessible();
    });
  }

  it('shows a portal client the cards without flags or selection at 320 px', async () => {
    await setViewport({ width: 320, height: 800 });
    const { kit } = await world({ ...seed, contents }, clientA);
    const el = await mount(kit);
    expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    for (const row of rows(el)) {
      row.scrollIntoView({ block: 'center' });
      expect(onScreen(row.querySelector('[part=name]')!)).to.equal(true);
      expect(onScreen(row.querySelector('[part=download-button]')!)).to.equal(true);
    }
    expect(el.shadowRoot!.querySelectorAll('[data-flag], input[type=checkbox], [part=menu-button]').length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it("a card's row menu offers what the user may do on that row, by keyboard", async () => {
    await setViewport({ width: 390, height: 800 });
    const { kit } = await world({ ...seed, contents });
    const el = await mount(kit);
    const row = rows(el).find((r) => r.dataset.id === seed.attachments[1]!.id)!; // after-photo.png: Hidden, not Confidential
    const button = row.querySelector<HTMLButtonElement>('[part=menu-button]')!;
    expect(button.getAttribute('aria-label')).to.equal('More actions for after-photo.png');
    button.focus();
    await sendKeys({ press: 'Enter' });
    const menu = el.shadowRoot!.querySelector<HTMLElement>('[part=row-menu]')!;
    await waitUntil(() => menu.matches(':popover-open'));
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const items = () => [...menu.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
    expect(items().map((i) => i.textContent.trim())).to.deep.equal(['Viewable in Customer Portal', 'Mark as Confidential', 'Delete']);
    expect(menu.querySelector('.menu-title')!.textContent).to.equal('after-photo.png');
    expect(el.shadowRoot!.activeElement).to.equal(items()[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(items()[1]);
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () =>
        kit
          .attachments(job)
          .getState()
          .items.find((a) => a.id === row.dataset.id)!.confidential,
    );
    expect(
      kit
        .attachments(job)
        .getState()
        .items.filter((a) => a.confidential).length,
      'only that row',
    ).to.equal(3);
    await waitUntil(() => !menu.matches(':popover-open'));
    expect(el.shadowRoot!.activeElement).to.equal(button);
    await expect(el).to.be.accessible();
  });

  it('gives a technician who may change nothing no row menus', async () => {
    await setViewport({ width: 390, height: 800 });
    const { kit } = await world({ ...seed, contents }, technician, 'mobile');
    const el = await mount(kit);
    expect(rows(el).length).to.be.greaterThan(0);
    expect(el.shadowRoot!.querySelectorAll('[part=menu-button]').length).to.equal(0);
  });

  it('view="grid" lays photos out as tiles, several to a line', async () => {
    await setViewport({ width: 1280, height: 800 });
    const { kit } = await world({ ...seed, contents });
    const el = await mount(kit);
    el.view = 'grid';
    await el.updateComplete;
    const tops = rows(el).map((r) => Math.round(r.getBoundingClientRect().top));
    expect(new Set(tops).size, 'tiles share lines').to.be.lessThan(tops.length);
    const first = rows(el)[0]!.querySelector<HTMLImageElement>('img[part=thumbnail]')!;
    await waitUntil(() => first.dataset.state === 'loaded');
    expect(first.getBoundingClientRect().width).to.be.greaterThan(100);
    expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    await expect(el).to.be.accessible();
  });
});
