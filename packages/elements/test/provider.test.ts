import { expect, fixture, html } from '@open-wc/testing';
import { AttachKitNetworkError, createMemoryBackend } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkProvider } from '../src/components/provider/provider.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { AkErrorEvent } from '../src/events/error.js';
import { admin, attachment, job, once, world } from './helpers.js';

describe('<ak-provider>', () => {
  it('gives a kit set as a property to descendants and fires ak-ready', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf' })] });
    const el = await fixture<AkProvider>(
      html`<ak-provider><ak-attachment-list record-type="job" record-id="J-1042"></ak-attachment-list></ak-provider>`,
    );
    const ready = once(el, 'ak-ready');
    el.kit = kit;
    expect((await ready).kit).to.equal(kit);
    const list = el.querySelector<AkAttachmentList>('ak-attachment-list')!;
    await kit.attachments(job).load();
    await list.updateComplete;
    expect(list.kit).to.equal(kit);
    expect(el.status).to.equal('ready');
  });

  it('connects through a backend property (asks the backend who the caller is)', async () => {
    const backend = createMemoryBackend({ records: [{ ...job, clientId: 'client-a' }], principal: admin });
    const el = await fixture<AkProvider>(html`<ak-provider .backend=${backend}></ak-provider>`);
    const { kit } = await once(el, 'ak-ready');
    expect(kit.principal.id).to.equal('admin');
    expect(kit.portalSettings.getState().status).to.equal('ready');
    await expect(el).to.be.accessible();
  });

  it('shows a connection error with a retry, and fires ak-error', async () => {
    let down = true;
    const backend = createMemoryBackend({ fail: (op) => (down && op === 'session' ? new AttachKitNetworkError() : undefined) });
    const el = await fixture<AkProvider>(html`<ak-provider></ak-provider>`);
    const failed = once(el, 'ak-error');
    el.backend = backend;
    const event = await failed;
    expect(event).to.be.instanceOf(AkErrorEvent);
    expect(event.operation).to.equal('connect');
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[part=error]')!;
    expect(alert.textContent).to.contain('The server could not be reached.');
    await expect(el).to.be.accessible();
    down = false;
    const ready = once(el, 'ak-ready');
    alert.querySelector('button')!.click();
    await ready;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
  });

  it('creates the HTTP backend from base-url and token (and reports an unreachable server)', async () => {
    const el = await fixture<AkProvider>(html`<ak-provider></ak-provider>`);
    const failed = once(el, 'ak-error');
    el.token = 'demo-admin';
    // Nothing listens on port 9 of this machine: the connection is refused at once.
    el.baseUrl = 'http://127.0.0.1:9/';
    const event = await failed;
    expect(event.operation).to.equal('connect');
    expect(el.status).to.equal('error');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=error]')!.textContent).to.contain('Could not connect to attachkit.');
  });
});
