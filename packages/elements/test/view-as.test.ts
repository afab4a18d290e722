import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { AttachKitNetworkError, type AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkViewAs } from '../src/components/view-as/view-as.js';
import { attachment, job, note, once, settled, world } from './helpers.js';

async function mount(kit: AttachKit): Promise<AkViewAs> {
  const el = await fixture<AkViewAs>(html`<ak-view-as record-type="job" record-id="J-1042" .kit=${kit}></ak-view-as>`);
  await settled(kit.attachments(job));
  await settled(kit.notes(job));
  await settled(kit.users);
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: AkViewAs, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector)!;
const rowOf = (el: AkViewAs, id: string) => $(el, `tr[data-id="${id}"]`);
const reasons = (el: AkViewAs, id: string) => [...rowOf(el, id).querySelectorAll('[part=reason]')].map((r) => r.textContent.trim());
async function choose(el: AkViewAs, who: string, level?: string) {
  const select = $<HTMLSelectElement>(el, 'select.who');
  select.value = who;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
  if (level) {
    const levels = $<HTMLSelectElement>(el, 'select.level');
    levels.value = level;
    levels.dispatchEvent(new Event('change'));
    await el.updateComplete;
  }
}

describe('<ak-view-as>', () => {
  const shared = attachment({ name: 'before.jpg', portal: 'viewable' });
  const hidden = attachment({ name: 'quote.pdf' });
  const secret = attachment({ name: 'contract.pdf', confidential: true });
  const sharedNote = note({ body: 'We will arrive at 9am', portal: 'viewable' });

  it('shows a load error with a retry, and keeps the chosen client selectable', async () => {
    let down = true;
    const { kit } = await world({
      attachments: [shared],
      fail: (op) => (down && op === 'listAttachments' ? new AttachKitNetworkError() : undefined),
    });
    const el = await fixture<AkViewAs>(
      html`<ak-view-as record-type="job" record-id="J-1042" as="client:client-a" .kit=${kit}></ak-view-as>`,
    );
    await settled(kit.attachments(job));
    await el.updateComplete;
    expect($(el, '[part=error]').textContent).to.contain('The attachments could not be loaded.');
    expect($<HTMLSelectElement>(el, 'select.who').value).to.equal('client:client-a');
    await expect(el).to.be.accessible();
    down = false;
    $<HTMLButtonElement>(el, '[part=error] button').click();
    await waitUntil(() => kit.attachments(job).getState().status === 'ready');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
    expect($(el, '[part=summary]').textContent).to.contain('would see 1 of 1 attachments');
  });

  it("asks who to preview as, offering the record's clients and the staff users", async () => {
    const { kit } = await world({ attachments: [shared, hidden, secret] });
    const el = await mount(kit);
    expect($(el, '[part=status]').textContent).to.contain('Choose a client or user to see what they would see.');
    const options = [...el.shadowRoot!.querySelectorAll('option')].map((o) => o.value);
    expect(options).to.deep.equal(['', 'client:client-a', 'staff:admin', 'staff:tech']);
    await expect(el).to.be.accessible();
  });

  it('previews as a portal client, explaining every hidden item', async () => {
    const { kit } = await world({ attachments: [shared, hidden, secret], notes: [sharedNote] });
    const el = await mount(kit);
    const changed = once(el, 'ak-view-as-change');
    await choose(el, 'client:client-a');
    expect((await changed).principal).to.deep.equal({ kind: 'client', id: 'client-a' });
    expect($(el, '[part=summary]').textContent.trim()).to.equal(
      'Client client-a would see 1 of 3 attachments and 1 of 1 shared notes in the Customer Portal.',
    );
    expect(rowOf(el, shared.id).dataset.visible).to.equal('true');
    expect(rowOf(el, hidden.id).dataset.visible).to.equal('false');
    expect(reasons(el, hidden.id)).to.deep.equal(['Hidden from the Customer Portal.']);
    expect(rowOf(el, sharedNote.id).dataset.visible).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('shows the portal settings as a reason for clients', async () => {
    const { kit } = await world({ attachments: [shared] });
    await kit.portalSettings.update({ viewSharedNotesAttachments: false });
    const el = await mount(kit);
    await choose(el, 'client:client-a');
    expect(reasons(el, shared.id)).to.deep.equal(['Clients may not view shared notes and attachments in the Customer Portal.']);
  });

  it('previews as a staff user at an access level', async () => {
    const { kit } = await world({ attachments: [shared, hidden, secret] });
    const el = await mount(kit);
    await choose(el, 'staff:tech', 'mobile');
    expect(el.level).to.equal('mobile');
    expect($(el, '[part=summary]').textContent.trim()).to.equal(
      'Tess Technician (mobile access level) would see 2 of 3 attachments and 0 of 0 shared notes.',
    );
    expect(rowOf(el, secret.id).dataset.visible).to.equal('false');
    expect(reasons(el, secret.id)).to.deep.equal([
      'Marked Confidential, and "Can view attachments that have been marked as Confidential" is not granted at the mobile access level.',
    ]);
    expect(rowOf(el, hidden.id).dataset.visible).to.equal('true');
    await expect(el).to.be.accessible();
    // Follows grant changes at once (same users store).
    await kit.users.setGrant('tech', 'mobile', 'attachments.viewConfidential', true);
    await el.updateComplete;
    await waitUntil(() => rowOf(el, secret.id).dataset.visible === 'true');
  });
});
