/**
 * Two commands on one item in quick succession (a tech tapping "Viewable in
 * Customer Portal" then "Mark as Confidential" on a slow signal): both show at
 * once, the second waits for the first answer and is sent with its revision,
 * and neither the answer nor a failure of the first wipes out the second.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttachKitError, createAttachKit, createMemoryBackend, type AttachKitBackend, type WriteOptions } from '../src/index.js';
import { admin, attachment, records } from './fixtures.js';

const job = { type: 'job', id: 'J-1001' };

interface Held {
  op: string;
  id: string;
  ifRevision?: number;
  release: () => void;
}

/** A memory backend whose writes wait until the test releases them, in any order. */
function slowWrites(fail: (call: number) => boolean = () => false) {
  const held: Held[] = [];
  const backend = createMemoryBackend({
    principal: admin,
    records,
    attachments: [attachment({ id: 'f1', name: 'report.pdf' }), attachment({ id: 'f2', name: 'site.png', mimeType: 'image/png' })],
  });
  const hold = async (op: string, id: string, options?: WriteOptions) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const call = held.push({ op, id, ifRevision: options?.ifRevision, release });
    await gate;
    if (fail(call)) throw new AttachKitError('server.down', 'The server is down for maintenance.', { status: 503 });
  };
  const wrapped: AttachKitBackend = {
    ...backend,
    patchAttachment: async (id, set, options) => {
      await hold('patch', id, options);
      return backend.patchAttachment(id, set, options);
    },
    bulkUpdateAttachments: async (ids, set) => {
      await hold('bulk', ids.join(','));
      return backend.bulkUpdateAttachments(ids, set);
    },
    deleteAttachment: async (id, options) => {
      await hold('delete', id, options);
      return backend.deleteAttachment(id, options);
    },
  };
  const kit = createAttachKit({ backend: wrapped, principal: admin });
  return { backend, held, list: kit.attachments(job) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const f1 = (list: ReturnType<typeof slowWrites>['list']) => list.getState().items.find((i) => i.id === 'f1');

describe('collection store: commands on one item run in order', () => {
  it('share then Mark as Confidential before the first answer: both show at once, both land, no conflict', async () => {
    const { backend, held, list } = slowWrites();
    await list.load();
    const share = list.share(['f1']);
    const mark = list.markConfidential(['f1']);
    await tick();
    assert.deepEqual([f1(list)?.portal, f1(list)?.confidential], ['viewable', true], 'both changes show at once');
    assert.equal(held.length, 1, 'the second waits for the first answer');
    assert.deepEqual(list.getState().pending, ['f1', 'f1']);

    held[0]!.release();
    await share;
    assert.deepEqual([f1(list)?.portal, f1(list)?.confidential], ['viewable', true], 'the first answer keeps the second change on screen');
    await tick();
    assert.equal(held.length, 2);
    assert.equal(held[1]!.ifRevision, 2, 'the second is sent with the revision the first answer carries');

    held[1]!.release();
    await mark;
    assert.deepEqual(list.getState().pending, []);
    assert.equal(list.getState().error, null);
    const saved = (await backend.listAttachments(job)).find((i) => i.id === 'f1');
    assert.deepEqual([saved?.portal, saved?.confidential, saved?.revision], ['viewable', true, 3]);
    assert.deepEqual(f1(list), saved);
  });

  it('when the first command fails, the second still lands and the first change is rolled back', async () => {
    const { backend, held, list } = slowWrites((call) => call === 1);
    await list.load();
    const share = list.share(['f1']);
    const mark = list.markConfidential(['f1']);
    await tick();
    held[0]!.release();
    await assert.rejects(share, /maintenance/);
    assert.deepEqual([f1(list)?.portal, f1(list)?.confidential], ['hidden', true], 'the failed share is undone, the queued change stays');
    await tick();
    assert.equal(held[1]!.ifRevision, 1);
    held[1]!.release();
    await mark;
    const saved = (await backend.listAttachments(job)).find((i) => i.id === 'f1');
    assert.deepEqual([saved?.portal, saved?.confidential], ['hidden', true]);
    assert.deepEqual(f1(list), saved);
  });

  it('a bulk command over two items waits for the one in flight on either of them', async () => {
    const { held, list } = slowWrites();
    await list.load();
    const one = list.share(['f1']);
    const both = list.markConfidential(['f1', 'f2']);
    await tick();
    assert.deepEqual(
      held.map((h) => h.op),
      ['patch'],
    );
    held[0]!.release();
    await one;
    await tick();
    assert.deepEqual(
      held.map((h) => `${h.op}:${h.id}`),
      ['patch:f1', 'bulk:f1,f2'],
    );
    held[1]!.release();
    await both;
    assert.deepEqual(
      list.getState().items.map((i) => [i.id, i.portal, i.confidential]),
      [
        ['f1', 'viewable', true],
        ['f2', 'hidden', true],
      ],
    );
  });

  it('Delete pressed while a share is on the wire is sent after it, with its revision, and succeeds', async () => {
    const { backend, held, list } = slowWrites();
    await list.load();
    const share = list.share(['f1']);
    const remove = list.remove(['f1']);
    await tick();
    assert.equal(f1(list), undefined, 'the row leaves at once');
    held[0]!.release();
    await share;
    await tick();
    assert.deepEqual([held[1]?.op, held[1]?.ifRevision], ['delete', 2]);
    held[1]!.release();
    await remove;
    assert.equal(f1(list), undefined);
    assert.equal(
      (await backend.listAttachments(job)).find((i) => i.id === 'f1'),
      undefined,
    );
  });

  it('a reload while a command is on the wire keeps showing the change until its answer', async () => {
    const { held, list } = slowWrites();
    await list.load();
    const mark = list.markConfidential(['f1']);
    await list.load();
    assert.equal(f1(list)?.confidential, true);
    held[0]!.release();
    await mark;
    assert.deepEqual([f1(list)?.confidential, f1(list)?.revision], [true, 2]);
  });
});
