import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { AttachKitNetworkError, createAttachKit, type AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkPermissionMatrix } from '../src/components/permission-matrix/permission-matrix.js';
import { AkGrantChangeEvent } from '../src/events/grant-change.js';
import { once, settled, technician, world } from './helpers.js';

async function mount(kit: AttachKit, level = 'mobile'): Promise<AkPermissionMatrix> {
  const el = await fixture<AkPermissionMatrix>(html`<ak-permission-matrix level=${level} .kit=${kit}></ak-permission-matrix>`);
  await settled(kit.users);
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: AkPermissionMatrix, selector: string) =>
  el.shadowRoot!.querySelector<T & Element>(selector)!;
const cell = (el: AkPermissionMatrix, user: string, key: string) =>
  $<HTMLInputElement>(el, `tr[data-user="${user}"] input[data-key="${key}"]`);
const description = (el: AkPermissionMatrix, input: HTMLElement) =>
  el.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)?.textContent.trim();
const granted = (kit: AttachKit, user: string) => kit.users.getState().users.find((u) => u.id === user)!.grants.mobile ?? [];
const idle = async (el: AkPermissionMatrix, kit: AttachKit) => {
  await waitUntil(() => kit.users.getState().pending.length === 0);
  await el.updateComplete;
};

describe('<ak-permission-matrix>', () => {
  it('in a narrow container shows one user at a time: a user picker, permissions as rows, ↑/↓ between them', async () => {
    const { kit } = await world();
    const el = await fixture<AkPermissionMatrix>(
      html`<div style="inline-size: 320px"><ak-permission-matrix level="mobile" .kit=${kit}></ak-permission-matrix></div>`,
    ).then((wrapper) => wrapper.querySelector('ak-permission-matrix')!);
    await settled(kit.users);
    await waitUntil(() => el.shadowRoot!.querySelector('table.one-user'), 'the one-user layout did not appear');
    const picker = $<HTMLSelectElement>(el, 'select[part=user-picker]');
    expect([...picker.options].map((o) => o.textContent)).to.deep.equal(kit.users.getState().users.map((u) => u.name));
    picker.value = String(kit.users.getState().users.findIndex((u) => u.id === technician.id));
    picker.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr[data-user]')];
    expect(rows.length).to.be.greaterThan(3);
    expect(rows.every((r) => r.getAttribute('data-user') === technician.id)).to.equal(true);
    expect(el.scrollWidth, 'no sideways scroll').to.be.at.most(320);
    const box = cell(el, technician.id, 'attachments.viewConfidential');
    box.click();
    await idle(el, kit);
    expect(granted(kit, technician.id)).to.include('attachments.viewConfidential');
    box.focus();
    const next = Number(box.dataset.column) + 1;
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect((el.shadowRoot!.activeElement as HTMLInputElement).dataset.column).to.equal(String(next));
    await expect(el).to.be.accessible();
  });

  it("shows one user's row with user-id, as on that user's page, and says when the user is unknown", async () => {
    const { kit } = await world();
    const el = await fixture<AkPermissionMatrix>(
      html`<ak-permission-matrix level="mobile" user-id=${technician.id} .kit=${kit}></ak-permission-matrix>`,
    );
    await settled(kit.users);
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-user'));
    expect(rows).to.deep.equal([technician.id]);
    cell(el, technician.id, 'attachments.viewConfidential').click();
    await idle(el, kit);
    expect(granted(kit, technician.id)).to.include('attachments.viewConfidential');
    await expect(el).to.be.accessible();
    el.userId = 'nobody';
    await el.updateComplete;
    expect($(el, '[part=status]').textContent.trim()).to.equal('There is no user "nobody".');
  });

  it('shows the loading state, then an error with a retry', async () => {
    const { kit: base } = await world();
    let fail!: (error: Error) => void;
    let calls = 0;
    const kit = createAttachKit({
      backend: {
        ...base.backend,
        listUsers: (o) => (++calls === 1 ? new Promise((_, reject) => (fail = reject)) : base.backend.listUsers(o)),
      },
      principal: base.principal,
    });
    const el = await fixture<AkPermissionMatrix>(html`<ak-permission-matrix level="mobile" .kit=${kit}></ak-permission-matrix>`);
    expect($(el, '[part=status]').textContent).to.contain('Loading users and permissions…');
    await expect(el).to.be.accessible();
    fail(new AttachKitNetworkError());
    await settled(kit.users);
    await el.updateComplete;
    expect($(el, '[part=error]').textContent).to.contain('The users could not be loaded.');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part=error] button').click();
    await waitUntil(() => el.shadowRoot!.querySelector('table'));
  });

  it('renders users × permissions grouped by section, as "Mobile Access Level Permissions"', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    expect($(el, 'caption').textContent.trim()).to.equal('Mobile Access Level Permissions');
    const sections = [...el.shadowRoot!.querySelectorAll('[part=section]')].map((s) => s.textContent.trim());
    expect(sections).to.deep.equal(['General', 'Attachments', 'Notes']);
    const general = $(el, '[part=section]');
    expect(general.getAttribute('colspan')).to.equal('4');
    const columns = [...el.shadowRoot!.querySelectorAll('[part=permission]')].map((s) => s.textContent.trim());
    expect(columns[1]).to.equal('Can view attachments that have been marked as Confidential');
    const users = [...el.shadowRoot!.querySelectorAll('[part=user]')].map((s) => s.textContent.trim());
    expect(users).to.deep.equal(['Office Admin', 'Tess Technician']);
    expect(cell(el, 'tech', 'attachments.view').checked).to.equal(true);
    expect(cell(el, 'tech', 'attachments.viewConfidential').checked).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('grants a permission with an optimistic update and fires ak-grant-change', async () => {
    const { kit } = await world({ latencyMs: 5 });
    const el = await mount(kit);
    const box = cell(el, 'tech', 'attachments.viewConfidential');
    const fired = once(el, 'ak-grant-change');
    box.click();
    const event = await fired;
    expect(event).to.be.instanceOf(AkGrantChangeEvent);
    expect([event.userId, event.level, event.key, event.granted]).to.deep.equal(['tech', 'mobile', 'attachments.viewConfidential', true]);
    // Applied before the backend answered:
    expect(kit.users.getState().pending).to.deep.equal(['tech']);
    expect(granted(kit, 'tech')).to.include('attachments.viewConfidential');
    await idle(el, kit);
    expect(cell(el, 'tech', 'attachments.viewConfidential').checked).to.equal(true);
    const saved = await kit.backend.listUsers();
    expect(saved.find((u) => u.id === 'tech')!.grants.mobile).to.include('attachments.viewConfidential');
  });

  it('disables a permission whose requirement is not granted, saying why', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const mark = cell(el, 'tech', 'attachments.markConfidential');
    expect(mark.getAttribute('aria-disabled')).to.equal('true');
    expect(description(el, mark)).to.equal('Needs "Can view attachments that have been marked as Confidential" first.');
    mark.click();
    await el.updateComplete;
    expect(mark.checked).to.equal(false);
    expect(granted(kit, 'tech')).to.not.include('attachments.markConfidential');
    // Once the requirement is granted the cell opens.
    cell(el, 'tech', 'attachments.viewConfidential').click();
    await idle(el, kit);
    expect(cell(el, 'tech', 'attachments.markConfidential').getAttribute('aria-disabled')).to.equal('false');
  });

  it('revoking a permission also revokes what depends on it', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    cell(el, 'tech', 'attachments.viewConfidential').click();
    await idle(el, kit);
    cell(el, 'tech', 'attachments.view').click();
    await idle(el, kit);
    expect(cell(el, 'tech', 'attachments.view').checked).to.equal(false);
    expect(cell(el, 'tech', 'attachments.viewConfidential').checked).to.equal(false);
    expect(granted(kit, 'tech')).to.not.include.members(['attachments.view', 'attachments.viewConfidential']);
  });

  it('rolls back when saving fails, and reports it', async () => {
    const { kit } = await world({ fail: (op) => (op === 'updateGrants' ? new AttachKitNetworkError() : undefined) });
    const el = await mount(kit);
    const failed = once(el, 'ak-error');
    cell(el, 'tech', 'attachments.viewConfidential').click();
    expect((await failed).operation).to.equal('grants.edit');
    await idle(el, kit);
    expect(cell(el, 'tech', 'attachments.viewConfidential').checked).to.equal(false);
    expect($(el, '[part=error]').textContent).to.contain(
      'Could not save "Can view attachments that have been marked as Confidential" for Tess Technician: The server could not be reached.',
    );
    await expect(el).to.be.accessible();
  });

  it('lets the host veto a change', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    el.addEventListener('ak-grant-change', (e) => e.preventDefault(), { once: true });
    cell(el, 'tech', 'attachments.viewConfidential').click();
    await el.updateComplete;
    expect(cell(el, 'tech', 'attachments.viewConfidential').checked).to.equal(false);
    expect(granted(kit, 'tech')).to.not.include('attachments.viewConfidential');
  });

  it('only users with users.managePermissions see it: others get the reason, and no users are requested', async () => {
    const { kit } = await world({}, technician, 'web');
    const el = await fixture<AkPermissionMatrix>(html`<ak-permission-matrix level="mobile" .kit=${kit}></ak-permission-matrix>`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    const notice = $(el, '.notice');
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.contain("Users' permissions are shown only to those who may manage them.");
    expect(notice.textContent).to.contain('Can manage user permissions');
    expect(kit.users.getState().status).to.equal('idle');
    await expect(el).to.be.accessible();
  });

  it('names the missing permission by its label for a technician at the mobile level too', async () => {
    const { kit } = await world({}, technician, 'mobile');
    const el = await fixture<AkPermissionMatrix>(html`<ak-permission-matrix level="mobile" .kit=${kit}></ak-permission-matrix>`);
    await el.updateComplete;
    expect($(el, '.notice').textContent).to.contain('Can manage user permissions');
  });

  it('is one tab stop with arrow-key, Home and End navigation, and Space toggles', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const tabbable = () => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[tabindex="0"]')];
    expect(tabbable().length).to.equal(1);
    const at = () => {
      const active = el.shadowRoot!.activeElement as HTMLInputElement;
      return [Number(active.dataset.row), Number(active.dataset.column)];
    };
    tabbable()[0]!.focus();
    expect(at()).to.deep.equal([0, 0]);
    await sendKeys({ press: 'ArrowRight' });
    expect(at()).to.deep.equal([0, 1]);
    await sendKeys({ press: 'ArrowDown' });
    expect(at()).to.deep.equal([1, 1]);
    expect(tabbable().length).to.equal(1);
    expect(tabbable()[0]!.dataset.key).to.equal('attachments.viewConfidential');
    await sendKeys({ press: 'ArrowDown' });
    expect(at()).to.deep.equal([1, 1]);
    await sendKeys({ press: 'End' });
    const columns = el.shadowRoot!.querySelectorAll('[part=permission]').length;
    expect(at()).to.deep.equal([1, columns - 1]);
    await sendKeys({ press: 'Home' });
    expect(at()).to.deep.equal([1, 0]);
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Space' });
    await idle(el, kit);
    expect(granted(kit, 'tech')).to.include('attachments.viewConfidential');
  });
});
