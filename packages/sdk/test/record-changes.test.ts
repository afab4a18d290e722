/**
 * Tabs of one browser telling each other that a record changed
 * (facade/record-changes.ts): Node's BroadcastChannel is the browser's (the
 * same API, delivered between channels of one name in the process), so each
 * "tab" here is a kit over one memory world that says it is one server. The
 * message is only a hint: the hearing tab asks its backend, as its own
 * principal. Two real pages in Chromium: packages/elements/test/attachment-list-tabs.test.ts.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createAttachKit, createMemoryBackend, recordChangesChannel, type AttachKitBackend } from '../src/index.js';
import { admin, attachment, clientA, records } from './fixtures.js';

const job = { type: 'job', id: 'J-1001' };
const other = { type: 'job', id: 'J-1002' };
const server = 'https://crm.test';

/** One world (the server); each tab a kit over it, counting its list requests. */
function world() {
  const memory = createMemoryBackend({ principal: admin, records, attachments: [attachment({ id: 'seed', name: 'seed.pdf' })] });
  const tab = (backend: AttachKitBackend = memory) => {
    const lists: string[] = [];
    const counted: AttachKitBackend = {
      ...backend,
      server,
      listAttachments: (record, o) => (lists.push(record.id), backend.listAttachments(record, o)),
    };
    const kit = createAttachKit({ backend: counted, principal: admin, maxImageEdge: 0 });
    return {
      kit,
      lists,
      names: (record = job) =>
        kit
          .attachments(record)
          .getState()
          .items.map((a) => a.name),
    };
  };
  return { memory, tab };
}

/** Waits for a condition over the channel's message tasks (a bound, not a time the test asserts). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), what);
}
/** Lets every message posted so far be delivered and handled. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

const stops: (() => void)[] = [];
const watch = (kit: { attachments(r: typeof job): { subscribe(l: () => void): () => void } }, record = job) => {
  const stop = kit.attachments(record).subscribe(() => {});
  stops.push(stop);
  return stop;
};
afterEach(() => stops.splice(0).forEach((stop) => stop()));

describe('record changes between tabs', () => {
  it("an upload committed in one tab reloads the other tab's list of that record from the server", async () => {
    const { tab } = world();
    const a = tab();
    const b = tab();
    watch(b.kit);
    await b.kit.attachments(job).load();
    assert.deepEqual(b.names(), ['seed.pdf']);

    a.kit.uploads.add(job, [{ name: 'from-tab-a.pdf', data: new Blob(['site survey']) }]);
    await until(() => b.names().includes('from-tab-a.pdf'), 'tab B lists the upload of tab A');
    assert.deepEqual(b.lists, [job.id, job.id], 'one load, then one reload');
    assert.equal(b.kit.attachments(job).getState().status, 'ready');
  });

  it('a delete or a share in one tab reloads the other; a record that tab never loaded is left alone', async () => {
    const { tab } = world();
    const a = tab();
    const b = tab();
    watch(a.kit);
    watch(b.kit);
    watch(b.kit, other);
    await Promise.all([a.kit.attachments(job).load(), b.kit.attachments(job).load()]);
    await a.kit.attachments(job).share(['seed']);
    await until(() => b.kit.attachments(job).getState().items[0]?.portal === 'viewable', 'the share shows in tab B');
    await b.kit.attachments(job).remove(['seed']);
    await until(() => a.names().length === 0, 'the delete shows in tab A');
    await settle();
    assert.deepEqual(b.lists, [job.id, job.id], 'B: its load, and the reload after the share; J-1002 (watched, never loaded) not asked');
  });

  it('uses nothing of the message but which record: a forged hint makes a normal request, and what is not a hint does nothing', async () => {
    const { tab } = world();
    const b = tab();
    watch(b.kit);
    await b.kit.attachments(job).load();
    const forger = new BroadcastChannel(recordChangesChannel(server));
    stops.push(() => forger.close());
    forger.postMessage('reload everything');
    forger.postMessage({ kind: 'attachkit.record-changed', list: 'attachments', record: { type: 'job', id: '../../etc' } });
    await settle();
    assert.deepEqual(b.lists, [job.id], 'not hints: no request');
    const forged = attachment({ id: 'forged', name: 'forged.exe' });
    forger.postMessage({ kind: 'attachkit.record-changed', list: 'attachments', record: job, items: [forged], attachment: forged });
    await until(() => b.lists.length === 2, 'the hint makes a request');
    await settle();
    assert.deepEqual(b.names(), ['seed.pdf'], 'the list is what the server said, never the message');
  });

  it("asks as the tab's own principal: the server decides what that tab sees", async () => {
    const { memory, tab } = world();
    const a = tab();
    const client = tab(memory.as(clientA));
    watch(client.kit);
    await client.kit.attachments(job).load();
    assert.deepEqual(client.names(), [], 'the seed is Hidden');
    a.kit.uploads.add(job, [{ name: 'internal.pdf', data: new Blob(['costs']) }]);
    await until(() => client.lists.length === 2, 'the client tab asked again');
    await settle();
    assert.deepEqual(client.names(), [], 'a new upload is Hidden: the client still sees nothing');
  });

  it('several changes while a reload runs make one more request, not one each', async () => {
    const { memory, tab } = world();
    let release = () => {};
    let gated = false;
    const slow: AttachKitBackend = {
      ...memory,
      listAttachments: async (record, o) => {
        if (gated) await new Promise<void>((resolve) => (release = resolve));
        return memory.listAttachments(record, o);
      },
    };
    const a = tab();
    const b = tab(slow);
    watch(b.kit);
    await b.kit.attachments(job).load();
    gated = true;
    a.kit.uploads.add(
      job,
      [1, 2, 3, 4, 5].map((n) => ({ name: `burst-${n}.pdf`, data: new Blob([`file ${n}`]) })),
    );
    await until(() => b.lists.length === 2, 'the first change reloads');
    await a.kit.uploads.idle();
    await settle();
    gated = false;
    release();
    await until(() => b.names().length === 6, 'tab B shows all five');
    await settle();
    assert.equal(b.lists.length, 3, 'its load, the reload the first change started, one more for the rest');
  });

  it('a tab whose lists are not watched hears nothing (no channel open, no request)', async () => {
    const { tab } = world();
    const a = tab();
    const b = tab();
    const stop = watch(b.kit);
    await b.kit.attachments(job).load();
    stop();
    a.kit.uploads.add(job, [{ name: 'unseen.pdf', data: new Blob(['x']) }]);
    await a.kit.uploads.idle();
    await settle();
    assert.deepEqual(b.lists, [job.id]);
  });

  it('without BroadcastChannel nothing is posted or heard, and nothing else changes', async () => {
    const saved = globalThis.BroadcastChannel;
    // @ts-expect-error: an environment without it
    delete globalThis.BroadcastChannel;
    try {
      const { tab } = world();
      const a = tab();
      const b = tab();
      watch(b.kit);
      await b.kit.attachments(job).load();
      a.kit.uploads.add(job, [{ name: 'quiet.pdf', data: new Blob(['x']) }]);
      await a.kit.uploads.idle();
      await settle();
      assert.deepEqual(b.names(), ['seed.pdf']);
      assert.deepEqual(b.lists, [job.id]);
    } finally {
      globalThis.BroadcastChannel = saved;
    }
  });

  it('a memory backend (no server: a world per tab) opens no channel', async () => {
    const saved = globalThis.BroadcastChannel;
    const opened: string[] = [];
    globalThis.BroadcastChannel = class extends saved {
      constructor(name: string) {
        super(name);
        opened.push(name);
      }
    };
    try {
      const kit = createAttachKit({ backend: createMemoryBackend({ principal: admin, records }), principal: admin, maxImageEdge: 0 });
      const stop = kit.attachments(job).subscribe(() => {});
      await kit.attachments(job).load();
      kit.uploads.add(job, [{ name: 'local.pdf', data: new Blob(['x']) }]);
      await kit.uploads.idle();
      stop();
      assert.deepEqual(
        kit
          .attachments(job)
          .getState()
          .items.map((a) => a.name),
        ['local.pdf'],
      );
      assert.deepEqual(opened, []);
    } finally {
      globalThis.BroadcastChannel = saved;
    }
  });
});
