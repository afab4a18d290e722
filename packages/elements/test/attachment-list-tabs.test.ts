/**
 * Two tabs of one browser on one record, in Chromium, against the reference
 * server (`attachkit-server`): another real page of the same browser context
 * (the `second-tab` command, test/support/record-tab.ts) uploads a file, and
 * this page's `<ak-attachment-list>` shows it without a reload; a delete here
 * leaves that tab's list. The tabs only hint each other through a
 * BroadcastChannel (facade/record-changes.ts): each asks the server for the
 * list itself. The store logic: packages/sdk/test/record-changes.test.ts.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { connectAttachKit, createHttpBackend, type AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';

const record = { type: 'job', id: 'J-1002' };
const token = 'demo-admin';

async function server(): Promise<string> {
  for (;;) {
    const answer = await executeServerCommand<{ url?: string }, { origin: string; keepLocation: boolean }>('attachkit-server', {
      origin: location.origin,
      keepLocation: false,
    });
    if (answer.url) return answer.url;
  }
}

const names = (el: AkAttachmentList) =>
  [...el.shadowRoot!.querySelectorAll('[part~="row"] [part~="name"]')].map((name) => name.textContent?.trim() ?? '');
/** Evaluates `expression` in the other tab. */
const there = <T>(expression: string) => executeServerCommand<T, { run: string }>('second-tab', { run: expression });

describe('<ak-attachment-list> with another tab on the same record', function () {
  // A second page, a real server and an upload: more than mocha's 10 s on a busy machine (the waits below are bounded).
  this.timeout(60_000);
  let kit: AttachKit;
  let el: AkAttachmentList;
  let url: string;

  beforeEach(async () => {
    url = await server();
    kit = await connectAttachKit({ backend: createHttpBackend({ baseURL: url, getToken: () => token }) });
    el = await fixture<AkAttachmentList>(html`<ak-attachment-list record-type="job" record-id="J-1002" .kit=${kit}></ak-attachment-list>`);
    await waitUntil(() => kit.attachments(record).getState().status === 'ready', 'the list loaded', { timeout: 10_000 });
    await el.updateComplete;
  });

  afterEach(async () => {
    await executeServerCommand('second-tab', { close: true });
  });

  it("shows the file the other tab uploaded, without a reload; the other tab's list loses the one deleted here", async () => {
    const name = `from-the-van-${Date.now()}.txt`;
    const shownThere = await executeServerCommand<string[], { open: string }>('second-tab', {
      open: `/packages/elements/test/support/record-tab.html?server=${encodeURIComponent(url)}&token=${token}&record=${record.id}`,
    });
    expect(shownThere).to.include('floor-plan.png');
    expect(names(el)).to.include('floor-plan.png');
    expect(names(el)).to.not.include(name);

    const id = await there<string>(`window.upload(${JSON.stringify(name)})`);
    await waitUntil(() => names(el).includes(name), 'the upload of the other tab shows here', { timeout: 10_000 });
    expect(
      kit
        .attachments(record)
        .getState()
        .items.find((a) => a.name === name)?.id,
    ).to.equal(id);
    expect(kit.attachments(record).getState().status).to.equal('ready');

    await kit.attachments(record).remove([id]);
    for (let tries = 0; (await there<string[]>('window.names()')).includes(name); tries++) {
      if (tries > 200) throw new Error('the other tab still lists the deleted file');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(names(el)).to.not.include(name);
  });

  it('a page with the list of another record is not asked to reload', async () => {
    const requests: string[] = [];
    const counting = createHttpBackend({ baseURL: url, getToken: () => token });
    const other = await connectAttachKit({
      backend: { ...counting, listAttachments: (r, o) => (requests.push(r.id), counting.listAttachments(r, o)) },
    });
    await fixture(html`<ak-attachment-list record-type="job" record-id="J-1001" .kit=${other}></ak-attachment-list>`);
    await waitUntil(() => other.attachments({ type: 'job', id: 'J-1001' }).getState().status === 'ready');
    await executeServerCommand('second-tab', {
      open: `/packages/elements/test/support/record-tab.html?server=${encodeURIComponent(url)}&token=${token}&record=${record.id}`,
    });
    const name = `elsewhere-${Date.now()}.txt`;
    await there(`window.upload(${JSON.stringify(name)})`);
    await waitUntil(() => names(el).includes(name), 'the J-1002 list here hears it', { timeout: 10_000 });
    expect(requests).to.deep.equal(['J-1001']);
  });
});
