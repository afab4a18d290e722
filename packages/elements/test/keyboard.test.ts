import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { attachment, job, note, once, pngBytes, settled, world } from './helpers.js';

/** Keyboard only: toolbars are one tab stop with arrow keys, the rows are one tab stop (WAI-ARIA grid). */
const a = attachment({ name: 'a-plan.pdf', createdAt: '2019-01-01T00:00:00.000Z' });
const b = attachment({ name: 'b-photo.png', mimeType: 'image/png', createdAt: '2019-01-02T00:00:00.000Z' });
const c = attachment({ name: 'c-quote.pdf', createdAt: '2019-01-03T00:00:00.000Z' });

async function mount(kit: AttachKit): Promise<AkAttachmentList> {
  const el = await fixture<AkAttachmentList>(
    html`<ak-attachment-list record-type="job" record-id="J-1042" .kit=${kit}></ak-attachment-list>`,
  );
  await settled(kit.attachments(job));
  await settled(kit.notes(job));
  await waitUntil(() => el.shadowRoot!.querySelectorAll('.body [role=row]').length === 3);
  return el;
}

/** The focused element, through the shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
const describeFocus = () => {
  const f = focused() as HTMLElement | null;
  return f
    ? `${f.localName}${f.dataset.action ? `[${f.dataset.action}]` : ''} ${f.getAttribute('aria-label') ?? f.textContent.trim().slice(0, 40)}`
    : 'nothing';
};
async function tabUntil(predicate: (el: Element | null) => boolean, max = 40, key = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (predicate(focused())) return;
    await sendKeys({ press: key });
  }
  throw new Error(`never reached; focus on ${describeFocus()}`);
}

describe('keyboard', () => {
  it('toolbars: role=toolbar with distinct labels, one tab stop, ←/→/Home/End', async () => {
    const { kit } = await world({ attachments: [a, b, c], notes: [note({ body: 'Gate code' })], contents: { [b.id]: pngBytes } });
    const el = await mount(kit);
    const notes = el.shadowRoot!.querySelector('ak-note-list')!.shadowRoot!;
    const toolbars = [el.shadowRoot!.querySelector('[role=toolbar]')!, notes.querySelector('[role=toolbar]')!];
    const labels = toolbars.map((t) => t.getAttribute('aria-label'));
    expect(labels).to.deep.equal(['Actions on the checked attachments', 'Actions on the checked notes']);
    const buttons = [...toolbars[0]!.querySelectorAll<HTMLButtonElement>('button')];
    expect(buttons.map((x) => x.tabIndex)).to.deep.equal([0, -1, -1, -1, -1]);
    buttons[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(focused()).to.equal(buttons[1]);
    await sendKeys({ press: 'End' });
    expect(focused()).to.equal(buttons[4]);
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(), 'wraps').to.equal(buttons[0]);
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused()).to.equal(buttons[4]);
    expect(buttons.map((x) => x.tabIndex)).to.deep.equal([-1, -1, -1, -1, 0]);
    // One Tab leaves the toolbar.
    await sendKeys({ press: 'Tab' });
    expect(toolbars[0]!.contains(focused())).to.equal(false);
  });

  it('rows: one tab stop, ↑/↓ between rows, ←/→ within, Space checks, Enter opens', async () => {
    const { kit } = await world({ attachments: [a, b, c], contents: { [a.id]: '%PDF', [b.id]: pngBytes, [c.id]: '%PDF' } });
    const el = await mount(kit);
    const rows = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role=row]')];
    const focusable = rows()
      .flatMap((r) => [...r.querySelectorAll<HTMLElement>('[data-column]')])
      .filter((w) => w.tabIndex === 0);
    expect(focusable.length, 'one tab stop in all the rows').to.equal(1);
    await tabUntil((f) => f === rows()[0]!.querySelector('input[type=checkbox]'));
    await sendKeys({ press: 'Tab' });
    expect(
      rows().some((r) => r.contains(focused())),
      'Tab leaves the rows at once',
    ).to.equal(false);
    await sendKeys({ press: 'Shift+Tab' });
    expect(focused()).to.equal(rows()[0]!.querySelector('input[type=checkbox]'));

    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal(rows()[1]!.querySelector('input[type=checkbox]'));
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.selectedIds).to.deep.equal([b.id]);
    await sendKeys({ press: 'ArrowRight' });
    expect(focused()).to.equal(rows()[1]!.querySelector('[part=name]'));
    // Space on the name checks too (it does not open).
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.selectedIds).to.deep.equal([]);
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(), 'same column in the next row').to.equal(rows()[2]!.querySelector('[part=name]'));
    await sendKeys({ press: 'End' });
    expect(focused()).to.equal(rows()[2]!.querySelector('[part=download-button]'));
    await sendKeys({ press: 'Home' });
    expect(focused()).to.equal(rows()[2]!.querySelector('input[type=checkbox]'));
    await sendKeys({ press: 'ArrowUp' });
    // Enter opens: an image goes to the gallery.
    const preview = once(el, 'ak-preview');
    await sendKeys({ press: 'Enter' });
    expect((await preview).attachment.id).to.equal(b.id);
    await waitUntil(() => el.shadowRoot!.querySelector('ak-image-viewer')?.shadowRoot?.querySelector('dialog')?.open);
    const viewer = el.shadowRoot!.querySelector('ak-image-viewer')!;
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !viewer.shadowRoot!.querySelector('dialog')!.open);
    expect(focused()).to.equal(rows()[1]!.querySelector('input[type=checkbox]'));
    expect(el.selectedIds).to.deep.equal([b.id]);

    // Shift+Tab from the rows reaches the toolbar without crossing every row.
    await tabUntil((f) => f?.getAttribute('data-action') === 'share', 8, 'Shift+Tab');
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () =>
        kit
          .attachments(job)
          .getState()
          .items.find((x) => x.id === b.id)!.portal === 'viewable',
    );
    await expect(el).to.be.accessible();
  });
  it('notes: one tab stop over the notes, ↑/↓ between them, Space checks', async () => {
    const { kit } = await world({
      attachments: [a],
      notes: [note({ body: 'First note' }), note({ body: 'Second note' }), note({ body: 'Third note' })],
    });
    const el = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type="job" record-id="J-1042" .kit=${kit}></ak-attachment-list>`,
    );
    await settled(kit.notes(job));
    const list = el.shadowRoot!.querySelector('ak-note-list')!;
    await waitUntil(() => list.shadowRoot!.querySelectorAll('tbody tr').length === 3);
    const boxes = () => [...list.shadowRoot!.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]')];
    expect(boxes().map((x) => x.tabIndex)).to.deep.equal([0, -1, -1]);
    boxes()[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(focused()).to.equal(boxes()[1]);
    await sendKeys({ press: ' ' });
    await list.updateComplete;
    expect(list.selectedIds.length).to.equal(1);
    await sendKeys({ press: 'Tab' });
    expect(boxes().includes(focused() as HTMLInputElement), 'Tab leaves the notes').to.equal(false);
    await expect(list).to.be.accessible();
  });
});
