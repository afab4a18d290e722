import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { AttachKitNetworkError, defaultPortalSettings, type AttachKit, type StaffUser } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { AkDeleteEvent } from '../src/events/delete.js';
import { AkShareEvent } from '../src/events/share.js';
import { admin, attachment, clientA, job, note, once, pngBytes, settled, technician, world } from './helpers.js';

async function mount(kit: AttachKit, extra = ''): Promise<AkAttachmentList> {
  const el = await fixture<AkAttachmentList>(
    html`<ak-attachment-list record-type="job" record-id="J-1042" .kit=${kit}></ak-attachment-list>`,
  );
  if (extra) el.setAttribute(extra, '');
  await settled(kit.attachments(job));
  await settled(kit.notes(job));
  await el.updateComplete;
  const expected = Math.min(kit.attachments(job).getState().items.length, 3);
  await waitUntil(() => rows(el).length >= expected, 'rows did not render');
  return el;
}

const $ = <T extends Element = HTMLElement>(el: AkAttachmentList, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector)!;
const rows = (el: AkAttachmentList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role=row]')];
const row = (el: AkAttachmentList, name: string) => rows(el).find((r) => r.querySelector('[part=name]')!.textContent.trim() === name)!;
const flags = (r: HTMLElement) => [...r.querySelectorAll('[data-flag] [aria-hidden]')].map((f) => f.textContent);
/** The shadow root of the list's `<ak-note-list>` and of its `<ak-image-viewer>`. */
const notes = (el: AkAttachmentList) => el.shadowRoot!.querySelector('ak-note-list')!.shadowRoot!;
const viewer = (el: AkAttachmentList) => el.shadowRoot!.querySelector('ak-image-viewer')!.shadowRoot!;
const action = (el: AkAttachmentList, id: string, kind = 'attachment') =>
  (kind === 'note' ? notes(el) : el.shadowRoot!).querySelector<HTMLButtonElement>(`.toolbar[data-kind=${kind}] [data-action=${id}]`)!;
const description = (el: AkAttachmentList, button: HTMLElement) =>
  el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!)?.textContent.trim();

async function check(el: AkAttachmentList, name: string) {
  const box = row(el, name).querySelector<HTMLInputElement>('input[type=checkbox]')!;
  box.click();
  await el.updateComplete;
}

async function settle(el: AkAttachmentList, kit: AttachKit) {
  await waitUntil(() => kit.attachments(job).getState().pending.length === 0 && kit.notes(job).getState().pending.length === 0);
  await el.updateComplete;
}

describe('<ak-attachment-list>', () => {
  it('shows the loading state while the list loads', async () => {
    const { kit } = await world();
    const slow = createStuck(kit);
    const el = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type="job" record-id="J-1042" .kit=${slow}></ak-attachment-list>`,
    );
    expect($(el, '[part=status]').textContent).to.contain('Loading attachments…');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry that loads the list', async () => {
    let down = true;
    const { kit } = await world({
      attachments: [attachment({ name: 'plan.pdf' })],
      fail: (op) => (down && op === 'listAttachments' ? new AttachKitNetworkError() : undefined),
    });
    const el = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${kit}></ak-attachment-list>`,
    );
    await settled(kit.attachments(job));
    await el.updateComplete;
    const alert = $(el, '[part=error]');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('The attachments could not be loaded.');
    expect(alert.textContent).to.contain('The server could not be reached.');
    await expect(el).to.be.accessible();
    down = false;
    alert.querySelector('button')!.click();
    await waitUntil(() => rows(el).length === 1);
    expect(row(el, 'plan.pdf')).to.be.instanceOf(HTMLElement);
  });

  it('shows the empty state', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    expect($(el, '.attachments [part=status]').textContent).to.contain('No attachments yet.');
    expect(notes(el).querySelector('.notes')!.textContent).to.contain('No shared notes yet.');
    await expect(el).to.be.accessible();
  });

  it('renders the Ascora columns: name, size, date, Customer View and Confidential Y/N, download', async () => {
    const { kit } = await world({
      attachments: [
        attachment({ name: 'before.png', mimeType: 'image/png', size: 1536, createdAt: '2019-01-24T10:00:00.000Z' }),
        attachment({
          name: 'contract.pdf',
          size: 2_500_000,
          portal: 'viewable',
          confidential: true,
          createdAt: '2019-01-25T10:00:00.000Z',
        }),
      ],
    });
    const el = await mount(kit);
    const headers = [...el.shadowRoot!.querySelectorAll('[role=columnheader]')].map((h) => h.textContent.replace(/[▲▼]/g, '').trim());
    expect(headers).to.deep.equal(['', 'Name', 'Size', 'Added', 'Customer View', 'Confidential', 'Download']);
    const first = row(el, 'before.png');
    expect(first.querySelector('.size')!.textContent).to.equal('1.5 kB');
    expect(first.querySelector('.date')!.textContent).to.equal('Jan 24, 2019');
    expect(flags(first)).to.deep.equal(['N', 'N']);
    const second = row(el, 'contract.pdf');
    expect(second.querySelector('.size')!.textContent).to.equal('2.4 MB');
    expect(flags(second)).to.deep.equal(['Y', 'Y']);
    expect(second.querySelector('[part=download-button]')!.getAttribute('aria-label')).to.equal('Download contract.pdf');
    expect($(el, '[role=grid]').getAttribute('aria-rowcount')).to.equal('3');
    await expect(el).to.be.accessible();
  });

  it('disables every action until rows are checked, saying why', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' })] });
    const el = await mount(kit);
    const share = action(el, 'share');
    expect(share.getAttribute('aria-disabled')).to.equal('true');
    expect(description(el, share)).to.equal('Check one or more attachments first.');
    share.click();
    await el.updateComplete;
    expect(kit.attachments(job).getState().items[0]!.portal).to.equal('hidden');
  });

  it('shares checked rows (N → Y) and hides them again, firing ak-share and announcing the result', async () => {
    const { kit } = await world({
      attachments: [attachment({ name: 'plan.pdf' }), attachment({ name: 'photo.jpg', mimeType: 'image/jpeg' })],
    });
    const el = await mount(kit);
    await check(el, 'plan.pdf');
    expect(row(el, 'plan.pdf').classList.contains('selected')).to.equal(true);
    const share = action(el, 'share');
    expect(share.getAttribute('aria-disabled')).to.equal('false');
    const fired = once(el, 'ak-share');
    share.click();
    const event = await fired;
    expect(event).to.be.instanceOf(AkShareEvent);
    expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
    expect(event.ids).to.deep.equal([`att-${kit.attachments(job).getState().items[0]!.id.split('-')[1]!}`]);
    expect(event.portal).to.equal('viewable');
    await settle(el, kit);
    expect(flags(row(el, 'plan.pdf'))).to.deep.equal(['Y', 'N']);
    expect(flags(row(el, 'photo.jpg'))).to.deep.equal(['N', 'N']);
    expect(
      kit
        .attachments(job)
        .getState()
        .items.find((a) => a.name === 'plan.pdf')!.portal,
    ).to.equal('viewable');
    await waitUntil(() => $(el, '[role=status][aria-live]').textContent.includes('Attachments viewable in the Customer Portal: 1.'));
    action(el, 'hide').click();
    await settle(el, kit);
    expect(flags(row(el, 'plan.pdf'))).to.deep.equal(['N', 'N']);
  });

  it('lets the host veto a share with preventDefault()', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' })] });
    const el = await mount(kit);
    await check(el, 'plan.pdf');
    el.addEventListener('ak-share', (e) => e.preventDefault(), { once: true });
    const fired = once(el, 'ak-share');
    action(el, 'share').click();
    await fired;
    await settle(el, kit);
    expect(flags(row(el, 'plan.pdf'))).to.deep.equal(['N', 'N']);
  });

  it('marks and clears Confidential', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' })] });
    const el = await mount(kit);
    await check(el, 'plan.pdf');
    const fired = once(el, 'ak-confidential');
    action(el, 'markConfidential').click();
    expect((await fired).confidential).to.equal(true);
    await settle(el, kit);
    expect(flags(row(el, 'plan.pdf'))).to.deep.equal(['N', 'Y']);
    action(el, 'clearConfidential').click();
    await settle(el, kit);
    expect(flags(row(el, 'plan.pdf'))).to.deep.equal(['N', 'N']);
  });

  it('asks before sharing confidential attachments', async () => {
    const { kit } = await world({
      attachments: [attachment({ name: 'secret.pdf', confidential: true }), attachment({ name: 'plan.pdf' })],
    });
    const el = await mount(kit);
    await check(el, 'secret.pdf');
    await check(el, 'plan.pdf');
    action(el, 'share').click();
    await el.updateComplete;
    const dialog = $<HTMLDialogElement>(el, 'dialog.confirm');
    await waitUntil(() => dialog.open);
    expect(dialog.textContent).to.contain('1 of the 2 checked attachments are marked Confidential');
    await expect(el).to.be.accessible();
    // Cancel: nothing changes.
    dialog.querySelector<HTMLButtonElement>('button[value=cancel]')!.click();
    await waitUntil(() => !dialog.open);
    await settle(el, kit);
    expect(flags(row(el, 'secret.pdf'))).to.deep.equal(['N', 'Y']);
    // Confirm: both are shared.
    action(el, 'share').click();
    await waitUntil(() => dialog.open);
    dialog.querySelector<HTMLButtonElement>('button[value=confirm]')!.click();
    await waitUntil(() =>
      kit
        .attachments(job)
        .getState()
        .items.every((a) => a.portal === 'viewable'),
    );
    await settle(el, kit);
    expect(flags(row(el, 'secret.pdf'))).to.deep.equal(['Y', 'Y']);
  });

  it('deletes after confirmation, and the host may veto with ak-delete', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' }), attachment({ name: 'old.pdf' })] });
    const el = await mount(kit);
    await check(el, 'old.pdf');
    const dialog = $<HTMLDialogElement>(el, 'dialog.confirm');

    el.addEventListener('ak-delete', (e) => e.preventDefault(), { once: true });
    action(el, 'delete').click();
    await waitUntil(() => dialog.open);
    expect(dialog.textContent).to.contain('Delete 1 checked attachments? This cannot be undone.');
    let fired = once(el, 'ak-delete');
    dialog.querySelector<HTMLButtonElement>('button[value=confirm]')!.click();
    expect((await fired).ids.length).to.equal(1);
    await settle(el, kit);
    expect(rows(el).length).to.equal(2);

    action(el, 'delete').click();
    await waitUntil(() => dialog.open);
    fired = once(el, 'ak-delete');
    dialog.querySelector<HTMLButtonElement>('button[value=confirm]')!.click();
    const event = await fired;
    expect(event).to.be.instanceOf(AkDeleteEvent);
    await waitUntil(() => rows(el).length === 1);
    expect(
      kit
        .attachments(job)
        .getState()
        .items.map((a) => a.name),
    ).to.deep.equal(['plan.pdf']);
    expect(action(el, 'delete').getAttribute('aria-disabled')).to.equal('true');
  });

  it('rolls back and reports when the backend refuses a command', async () => {
    const { kit } = await world({
      attachments: [attachment({ name: 'plan.pdf' })],
      fail: (op) => (op === 'patchAttachment' ? new AttachKitNetworkError() : undefined),
    });
    const el = await mount(kit);
    await check(el, 'plan.pdf');
    const failed = once(el, 'ak-error');
    action(el, 'share').click();
    const event = await failed;
    expect(event.operation).to.equal('attachment.share');
    await settle(el, kit);
    expect(flags(row(el, 'plan.pdf'))).to.deep.equal(['N', 'N']);
    const alert = $(el, '.attachments [part=error]');
    expect(alert.textContent).to.contain('The server could not be reached.');
    await expect(el).to.be.accessible();
    alert.querySelector('button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.attachments [part=error]')).to.equal(null);
  });

  it('disables actions the principal may not do, with the policy reason as description', async () => {
    // A technician who may delete, but not share or mark Confidential.
    const cleaner: StaffUser = { ...technician, grants: { mobile: [...technician.grants.mobile!, 'attachments.delete'] } };
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' })], users: [admin, cleaner] }, cleaner, 'mobile');
    const el = await mount(kit);
    await check(el, 'plan.pdf');
    const share = action(el, 'share');
    expect(share.getAttribute('aria-disabled')).to.equal('true');
    expect(description(el, share)).to.equal('Needs the permission "Can share attachments via the Customer Portal".');
    expect(share.title).to.equal(description(el, share));
    const mark = action(el, 'markConfidential');
    expect(description(el, mark)).to.equal('Needs the permission "Can mark attachments as Confidential".');
    expect(action(el, 'delete').getAttribute('aria-disabled')).to.equal('false');
    share.click();
    await el.updateComplete;
    expect(kit.attachments(job).getState().items[0]!.portal).to.equal('hidden');
    await expect(el).to.be.accessible();
  });

  it('gives a technician who may do none of the staff actions no toolbar of dead buttons', async () => {
    const { kit } = await world(
      { attachments: [attachment({ name: 'plan.pdf' })], notes: [note({ body: 'Gate code 4412' })] },
      technician,
      'mobile',
    );
    const el = await mount(kit);
    expect(el.shadowRoot!.querySelector('.toolbar'), 'no attachments toolbar').to.equal(null);
    expect(notes(el).querySelector('.toolbar'), 'no notes toolbar').to.equal(null);
    // The rows and their checkboxes stay (downloads, and the selection for a host).
    expect(row(el, 'plan.pdf').querySelector('[part=download-button]')).to.be.instanceOf(HTMLElement);
    await expect(el).to.be.accessible();
  });

  it('selects all (and none) with the header checkbox', async () => {
    const { kit } = await world({
      attachments: [attachment({ name: 'a.pdf' }), attachment({ name: 'b.pdf' }), attachment({ name: 'c.pdf' })],
    });
    const el = await mount(kit);
    const all = $<HTMLInputElement>(el, 'input.select-all');
    const changed = once(el, 'ak-selection-change');
    all.click();
    expect((await changed).ids.length).to.equal(3);
    await el.updateComplete;
    expect(el.selectedIds.length).to.equal(3);
    expect(rows(el).every((r) => r.querySelector<HTMLInputElement>('input')!.checked)).to.equal(true);
    await check(el, 'b.pdf');
    expect(all.indeterminate).to.equal(true);
    all.click();
    await el.updateComplete;
    all.click();
    await el.updateComplete;
    expect(el.selectedIds).to.deep.equal([]);
  });

  it('sorts by name, size and date, and says so with aria-sort', async () => {
    const { kit } = await world({
      attachments: [
        attachment({ name: 'b.pdf', size: 300, createdAt: '2019-01-02T00:00:00.000Z' }),
        attachment({ name: 'a.pdf', size: 200, createdAt: '2019-01-03T00:00:00.000Z' }),
        attachment({ name: 'c.pdf', size: 100, createdAt: '2019-01-01T00:00:00.000Z' }),
      ],
    });
    const el = await mount(kit);
    const names = () =>
      rows(el)
        .sort((x, y) => Number(x.getAttribute('aria-rowindex')) - Number(y.getAttribute('aria-rowindex')))
        .map((r) => r.querySelector('[part=name]')!.textContent.trim());
    const sortBy = async (key: string) => {
      $<HTMLButtonElement>(el, `button[data-sort=${key}]`).click();
      await el.updateComplete;
      await waitUntil(() => rows(el).length === 3);
    };
    expect(names()).to.deep.equal(['c.pdf', 'b.pdf', 'a.pdf']);
    await sortBy('name');
    expect(names()).to.deep.equal(['a.pdf', 'b.pdf', 'c.pdf']);
    expect($(el, 'button[data-sort=name]').parentElement!.getAttribute('aria-sort')).to.equal('ascending');
    await sortBy('name');
    expect(names()).to.deep.equal(['c.pdf', 'b.pdf', 'a.pdf']);
    expect($(el, 'button[data-sort=name]').parentElement!.getAttribute('aria-sort')).to.equal('descending');
    await sortBy('size');
    expect(names()).to.deep.equal(['c.pdf', 'a.pdf', 'b.pdf']);
    expect($(el, 'button[data-sort=date]').parentElement!.getAttribute('aria-sort')).to.equal('none');
  });

  it('filters by name, with a message when nothing matches', async () => {
    const { kit } = await world({
      attachments: [attachment({ name: 'before.jpg' }), attachment({ name: 'after.jpg' }), attachment({ name: 'plan.pdf' })],
    });
    const el = await mount(kit);
    const input = $<HTMLInputElement>(el, 'input[type=search]');
    input.focus();
    await sendKeys({ type: 'JPG' });
    await el.updateComplete;
    await waitUntil(() => rows(el).length === 2);
    expect($(el, '.filter-bar .count').textContent).to.equal('2 of 3 shown');
    await sendKeys({ type: 'zzz' });
    await el.updateComplete;
    expect($(el, '.attachments > [part=status]').textContent).to.contain('No attachments match "JPGzzz".');
    await expect(el).to.be.accessible();
  });

  it('opens images in an accessible modal pop-up: focus inside, next/previous, Esc closes', async () => {
    const a = attachment({ name: 'before.png', mimeType: 'image/png', createdAt: '2019-01-01T00:00:00.000Z' });
    const b = attachment({ name: 'after.png', mimeType: 'image/png', createdAt: '2019-01-02T00:00:00.000Z' });
    const c = attachment({ name: 'plan.pdf', createdAt: '2019-01-03T00:00:00.000Z' });
    const { kit } = await world({ attachments: [a, b, c], contents: { [a.id]: pngBytes, [b.id]: pngBytes, [c.id]: '%PDF-1.4' } });
    const el = await mount(kit);
    const opened = once(el, 'ak-preview');
    row(el, 'before.png').querySelector<HTMLButtonElement>('[part=name]')!.click();
    expect((await opened).attachment.id).to.equal(a.id);
    // The gallery's module loads on the first preview; the element is rendered from then on.
    await waitUntil(() => el.shadowRoot!.querySelector('ak-image-viewer')?.shadowRoot?.querySelector('dialog.preview'));
    const dialog = viewer(el).querySelector<HTMLDialogElement>('dialog.preview')!;
    await waitUntil(() => dialog.open && dialog.querySelector('img'));
    expect(dialog.querySelector('h2')!.textContent).to.equal('before.png');
    expect(dialog.querySelector('img')!.getAttribute('src')).to.match(/^blob:/);
    expect(dialog.querySelector('img')!.alt).to.equal('before.png');
    expect(dialog.querySelector('.position')!.textContent).to.equal('Image 1 of 2');
    await expect(el).to.be.accessible();

    // A native modal dialog: it takes focus, and the page behind it is inert (Tab never reaches it).
    const buttons = [...dialog.querySelectorAll<HTMLButtonElement>('button')];
    expect(viewer(el).activeElement).to.equal(dialog.querySelector('button.close'));
    expect(dialog.matches(':modal')).to.equal(true);
    for (let i = 0; i < buttons.length + 1; i++) {
      await sendKeys({ press: 'Tab' });
      const active = viewer(el).activeElement;
      expect(active === null || dialog.contains(active), 'focus stays in the dialog').to.equal(true);
    }

    dialog.querySelector<HTMLButtonElement>('button.next')!.click();
    await waitUntil(() => dialog.querySelector('h2')!.textContent === 'after.png' && dialog.querySelector('img'));
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => dialog.querySelector('h2')!.textContent === 'before.png' && dialog.querySelector('img'));
    dialog.querySelector<HTMLButtonElement>('button.previous')!.click();
    await waitUntil(() => dialog.querySelector('h2')!.textContent === 'after.png');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    await el.updateComplete;
    expect(dialog.querySelector('img')).to.equal(null);
  });

  it('downloads other types through getAttachmentContent (name click and download icon)', async () => {
    const c = attachment({ name: 'plan.pdf' });
    const { kit } = await world({ attachments: [c], contents: { [c.id]: '%PDF-1.4 plan' } });
    const el = await mount(kit);
    el.addEventListener('ak-download', (e) => e.preventDefault());
    let fired = once(el, 'ak-download');
    row(el, 'plan.pdf').querySelector<HTMLButtonElement>('[part=name]')!.click();
    let event = await fired;
    expect(event.attachment.id).to.equal(c.id);
    expect(await event.content.text()).to.equal('%PDF-1.4 plan');
    expect(event.cancelable).to.equal(true);
    fired = once(el, 'ak-download');
    row(el, 'plan.pdf').querySelector<HTMLButtonElement>('[part=download-button]')!.click();
    event = await fired;
    expect(event.content.size).to.equal(13);
  });

  it('reports a download that fails', async () => {
    const c = attachment({ name: 'plan.pdf' });
    const { kit } = await world({ attachments: [c] });
    const el = await mount(kit);
    const failed = once(el, 'ak-error');
    row(el, 'plan.pdf').querySelector<HTMLButtonElement>('[part=download-button]')!.click();
    expect((await failed).operation).to.equal('attachment.download');
  });

  it('puts its headings at heading-level (default 2) to fit the host outline', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    expect(notes(el).querySelector('.heading')!.localName).to.equal('h2');
    el.setAttribute('heading-level', '4');
    await el.updateComplete;
    const list = el.shadowRoot!.querySelector('ak-note-list')!;
    await list.updateComplete;
    expect(notes(el).querySelector('.heading')!.localName).to.equal('h4');
    expect(notes(el).querySelector('.heading')!.textContent).to.equal('Shared notes');
    el.setAttribute('heading-level', '9');
    await el.updateComplete;
    await list.updateComplete;
    expect(notes(el).querySelector('.heading')!.localName, 'out of range: the default').to.equal('h2');
  });

  it('shows the shared notes with the same sharing controls', async () => {
    const { kit } = await world({ notes: [note({ body: 'Gate code 1234' }), note({ body: 'Dog in the yard', confidential: true })] });
    const el = await mount(kit);
    const notesRows = () => [...notes(el).querySelectorAll<HTMLTableRowElement>('.notes tbody tr')];
    expect(notesRows().map((r) => r.querySelector('.body')!.textContent)).to.deep.equal(['Gate code 1234', 'Dog in the yard']);
    expect(notesRows().map((r) => [...r.querySelectorAll('[data-flag] [aria-hidden]')].map((f) => f.textContent))).to.deep.equal([
      ['N', 'N'],
      ['N', 'Y'],
    ]);
    notesRows()[0]!.querySelector<HTMLInputElement>('input')!.click();
    await el.updateComplete;
    const fired = once(el, 'ak-share');
    action(el, 'share', 'note').click();
    expect((await fired).kind).to.equal('note');
    await settle(el, kit);
    expect(kit.notes(job).getState().items[0]!.portal).to.equal('viewable');
    expect(notesRows()[0]!.querySelector('[data-flag=portal] [aria-hidden]')!.textContent).to.equal('Y');
    await expect(el).to.be.accessible();
  });

  it('shows a portal client only the customer view: no selection, no staff actions, no internal flags', async () => {
    const { kit } = await world(
      {
        attachments: [
          attachment({ name: 'after-photo.png', portal: 'viewable' }),
          attachment({ name: 'damage-claim.png', portal: 'viewable', confidential: true }),
          attachment({ name: 'internal.pdf' }),
        ],
        notes: [note({ body: 'Gate code 4412', portal: 'viewable' })],
      },
      clientA,
    );
    const el = await mount(kit);
    expect(rows(el).map((r) => r.querySelector('[part=name]')!.textContent.trim())).to.have.members([
      'after-photo.png',
      'damage-claim.png',
    ]);
    expect(
      el.shadowRoot!.querySelectorAll('.toolbar').length + notes(el).querySelectorAll('.toolbar').length,
      'no staff toolbars',
    ).to.equal(0);
    expect(el.shadowRoot!.querySelectorAll('input[type=checkbox]').length, 'no selection').to.equal(0);
    expect(el.shadowRoot!.querySelectorAll('[data-flag]').length, 'no Customer View / Confidential cells').to.equal(0);
    const headers = [...el.shadowRoot!.querySelectorAll('[role=columnheader], th')].map((h) => h.textContent.trim());
    expect(headers.join(' ')).not.to.contain('Confidential');
    expect(notes(el).querySelector('.notes-table')!.textContent).to.contain('Gate code 4412');
    expect(row(el, 'after-photo.png').querySelector('[part=download-button]')!.getAttribute('aria-disabled')).to.equal('false');
    await expect(el).to.be.accessible();
  });

  it('adds a note from the notes section: it appears Hidden and not Confidential', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' })] });
    const el = await mount(kit);
    const form = notes(el).querySelector<HTMLFormElement>('[part=note-form]')!;
    const field = form.querySelector('textarea')!;
    expect(form.querySelector('label')!.textContent.trim()).to.equal('Add a note');
    field.value = 'Gate code 4412';
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => kit.notes(job).getState().items.length === 1, 'the note was not created');
    await el.updateComplete;
    const row = notes(el).querySelector<HTMLElement>('.notes-table tbody tr')!;
    expect(row.querySelector('.body')!.textContent).to.equal('Gate code 4412');
    expect([...row.querySelectorAll('[data-flag] [aria-hidden]')].map((f) => f.textContent)).to.deep.equal(['N', 'N']);
    expect(field.value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('offers no note form to a portal client', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'after.png', portal: 'viewable' })] }, clientA);
    const el = await mount(kit);
    expect(notes(el).querySelector('[part=note-form]')).to.equal(null);
  });

  it('tells a portal client why nothing is shown when the shared view is off', async () => {
    const { kit } = await world(
      {
        attachments: [attachment({ name: 'after-photo.png', portal: 'viewable' })],
        portalSettings: { ...defaultPortalSettings, viewSharedNotesAttachments: false },
      },
      clientA,
    );
    const el = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${kit}></ak-attachment-list>`,
    );
    await settled(kit.attachments(job));
    await el.updateComplete;
    expect($(el, '[part=status]').textContent.trim()).to.equal('Clients may not view shared notes and attachments in the Customer Portal.');
  });

  it('renders every row of a short list, even off screen (find-in-page, printing)', async () => {
    const { kit } = await world({ attachments: Array.from({ length: 40 }, (_, i) => attachment({ name: `photo-${i}.png` })) });
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.prepend(spacer);
    try {
      const el = await fixture<AkAttachmentList>(
        html`<ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${kit}></ak-attachment-list>`,
      );
      await settled(kit.attachments(job));
      await el.updateComplete;
      expect(rows(el).length).to.equal(40);
    } finally {
      spacer.remove();
    }
  });

  it('renders only the visible rows of 10,000 attachments', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      attachment({ name: `photo-${String(i).padStart(5, '0')}.pdf`, createdAt: new Date(Date.UTC(2019, 0, 1, 0, 0, i)).toISOString() }),
    );
    const { kit } = await world({ attachments: many });
    const el = await mount(kit, 'hide-notes');
    await waitUntil(() => rows(el).length > 0);
    const rendered = rows(el).length;
    // A 24rem body with 2.75rem rows shows ~9 rows; the virtualizer adds a small buffer.
    expect(rendered).to.be.greaterThan(5);
    expect(rendered).to.be.lessThan(60);
    expect($(el, '[role=grid]').getAttribute('aria-rowcount')).to.equal('10001');
    // Select-all covers every row, not only the rendered ones.
    $<HTMLInputElement>(el, 'input.select-all').click();
    await el.updateComplete;
    expect(el.selectedIds.length).to.equal(10_000);
    expect(rows(el).length).to.be.lessThan(60);
  });
});

/** A kit whose attachments never finish loading. */
function createStuck(kit: AttachKit): AttachKit {
  const store = kit.attachments(job);
  const never = new Promise<void>(() => {});
  (store as unknown as { load: () => Promise<void> }).load = () => {
    (store as unknown as { state: { setState(u: unknown): void } }).state.setState((s: object) => ({ ...s, status: 'loading' }));
    return never;
  };
  return kit;
}
