/**
 * Two tabs of one user on one device (facade/upload-claims.ts): the tab that
 * restores or runs a persisted upload holds a claim on it, so the other tab
 * shows it `in-another-tab` (no Resume, no Discard) and gets it when the
 * first lets go — as interrupted, with what the first tab kept (its tus URL),
 * or not at all once the first finished or discarded it. Also what disposing
 * a queue (a reconnecting `<ak-provider>`) leaves for the next one. Each
 * "tab" is a facade over one memory persistence and one lock manager (the
 * Web Locks semantics, test/memory-locks.ts); a tab closing is its queue's
 * dispose here, and a real closed page in Chromium
 * (packages/elements/test/uploader-tabs.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAttachKit,
  createMemoryBackend,
  createMemoryUploadPersistence,
  uploadPersistenceScope,
  type AttachKit,
  type AttachKitBackend,
  type UploadItem,
  type UploadLocks,
  type UploadOptions,
  type UploadPersistence,
} from '../src/index.js';
import { memoryLocks } from './memory-locks.js';
import { admin, records, techWith } from './fixtures.js';

const job = { type: 'job', id: 'J-1001' };
const server = 'https://crm.example';
const scope = uploadPersistenceScope(server, admin);

function until(kit: AttachKit, test: (items: UploadItem[]) => boolean): Promise<UploadItem[]> {
  return new Promise((resolve) => {
    const check = () => {
      const items = kit.uploads.getState().items;
      if (test(items)) {
        stop();
        resolve(items);
      }
    };
    const stop = kit.uploads.subscribe(check);
    check();
  });
}

/** One device: a server, the persisted uploads and the locks every tab shares. Uploads hang until `release()`. */
function device(options: { locks?: UploadLocks | null } = {}) {
  const base = createMemoryBackend({ principal: admin, users: [techWith], records });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent: (string | undefined)[] = [];
  const persistence: UploadPersistence = createMemoryUploadPersistence();
  const locks = options.locks === undefined ? memoryLocks() : options.locks;
  const backend: AttachKitBackend = {
    ...base,
    server,
    async uploadAttachment(record, file, o?: UploadOptions) {
      sent.push(o?.resumable?.url);
      // The server creates the tus upload at once; its bytes go on until released.
      o?.resumable?.onUrl?.(`${server}/api/uploads/${file.name}`);
      await gate;
      return base.uploadAttachment(record, file, o);
    },
  };
  const tab = () =>
    createAttachKit({ backend, principal: admin, uploadPersistence: persistence, uploadLocks: locks, uploadRetryDelays: [] });
  return { base, persistence, tab, release: () => release(), sent };
}

const statuses = (kit: AttachKit) => kit.uploads.getState().items.map((i) => i.status);

describe('two tabs of one user', () => {
  it('the other tab shows an upload running in the first as in-another-tab, and cannot resume or discard it', async () => {
    const d = device();
    const first = d.tab();
    first.uploads.add(job, [new File(['site photo'], 'site.jpg', { type: 'image/jpeg' })]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();

    const second = d.tab();
    const [item] = await second.uploads.restore();
    assert.deepEqual(
      { ...item, id: undefined },
      { id: undefined, record: job, name: 'site.jpg', size: 10, restored: true, status: 'in-another-tab' },
    );
    second.uploads.resume(item!.id);
    second.uploads.cancel(item!.id);
    await second.uploads.discard(item!.id);
    assert.deepEqual(statuses(second), ['in-another-tab'], 'Resume, Cancel and Discard do nothing here');
    assert.equal((await d.persistence.list(scope)).length, 1, 'the entry is still on the device');
    assert.deepEqual(statuses(first), ['uploading'], 'the first tab goes on');

    // The first tab finishes: the entry is gone, so the second tab's row goes too (no second attachment).
    d.release();
    await first.uploads.idle();
    await until(second, (items) => items.length === 0);
    const names = await d.base.listAttachments(job);
    assert.equal(names.filter((a) => a.name === 'site.jpg').length, 1);
  });

  it('the first tab closing mid-upload hands the upload to the other tab, with the tus URL it made', async () => {
    const d = device();
    const first = d.tab();
    const second = d.tab();
    await second.uploads.restore();
    first.uploads.add(job, [new File(['before photo'], 'before.jpg', { type: 'image/jpeg' })]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();

    // A third tab opened now sees it taken; the first closes.
    const third = d.tab();
    const [seen] = await third.uploads.restore();
    assert.equal(seen!.status, 'in-another-tab');
    await first.uploads.dispose();
    const [picked] = await until(third, (items) => items[0]?.status === 'paused');
    assert.equal(picked!.status === 'paused' && picked!.interrupted, true, 'interrupted, with Resume and Discard');

    d.release();
    third.uploads.resume(picked!.id);
    await until(third, (items) => items[0]?.status === 'done');
    assert.deepEqual(d.sent, [undefined, `${server}/api/uploads/before.jpg`], 'resumed the tus upload the first tab created');
    assert.deepEqual(statuses(second), [], 'a tab restored before the file was added never sees it');
  });

  it('one tab restoring an upload keeps it: the other waits; Discard there removes it here', async () => {
    const d = device();
    const left = d.tab();
    left.uploads.add(job, [new File(['x'], 'left.txt')]);
    await until(left, (items) => items[0]?.status === 'uploading');
    await left.uploads.flushPersistence();
    await left.uploads.dispose(); // the page went away

    const a = d.tab();
    const b = d.tab();
    const [inA] = await a.uploads.restore();
    const [inB] = await b.uploads.restore();
    assert.equal(inA!.status, 'paused', 'the first tab to restore gets it');
    assert.equal(inB!.status, 'in-another-tab');
    await a.uploads.discard(inA!.id);
    await until(b, (items) => items.length === 0);
    assert.deepEqual(await d.persistence.list(scope), []);
  });

  it('with three tabs, a closed tab hands its upload to exactly one of the others', async () => {
    const d = device();
    const owner = d.tab();
    owner.uploads.add(job, [new File(['x'], 'one.txt')]);
    await until(owner, (items) => items[0]?.status === 'uploading');
    await owner.uploads.flushPersistence();
    const others = [d.tab(), d.tab()];
    for (const tab of others) await tab.uploads.restore();
    await owner.uploads.dispose();
    await until(others[0]!, (items) => items[0]?.status === 'paused');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(others.map(statuses), [['paused'], ['in-another-tab']]);
    // The new holder closes as well: the last tab gets it.
    await others[0]!.uploads.dispose();
    await until(others[1]!, (items) => items[0]?.status === 'paused');
  });

  it('another user of the device never waits for, nor sees, the first user’s uploads', async () => {
    const d = device();
    const first = d.tab();
    first.uploads.add(job, [new File(['x'], 'payroll.pdf')]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();
    const tech = createAttachKit({
      backend: { ...d.base.as(techWith, 'web'), server },
      principal: techWith,
      uploadPersistence: d.persistence,
      uploadLocks: memoryLocks(),
    });
    assert.deepEqual(await tech.uploads.restore(), []);
  });

  it('a lock manager that refuses (an opaque origin) counts as none: the upload is kept and restored', async () => {
    const refusing: UploadLocks = { request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')) };
    const d = device({ locks: refusing });
    const first = d.tab();
    first.uploads.add(job, [new File(['x'], 'sandboxed.txt')]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();
    assert.equal(first.uploads.getState().notPersisted, undefined);
    const [item] = await d.tab().uploads.restore();
    assert.equal(item!.status, 'paused');
  });

  it('without Web Locks every tab restores every entry, as before', async () => {
    const d = device({ locks: null });
    const first = d.tab();
    first.uploads.add(job, [new File(['x'], 'both.txt')]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();
    const [item] = await d.tab().uploads.restore();
    assert.equal(item!.status, 'paused');
  });
});

describe('disposing a queue (its AttachKit is replaced)', () => {
  it('stops the running uploads, keeps their entries for the next queue, which resumes them with resumeRestored', async () => {
    const d = device();
    const old = d.tab();
    old.uploads.add(job, [new File(['a'], 'a.txt'), new File(['b'], 'b.txt')]);
    await until(old, (items) => items.every((i) => i.status === 'uploading'));
    old.uploads.pause(old.uploads.getState().items[1]!.id);
    const keys = await old.uploads.dispose();
    assert.equal(keys.length, 1, 'the key of the upload that was going (not the paused one)');
    assert.equal((await d.persistence.list(scope)).length, 2, 'both entries kept');
    old.uploads.add(job, [new File(['c'], 'c.txt')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(old.uploads.getState().items[2]!.status, 'queued', 'a disposed queue starts nothing');
    assert.equal((await d.persistence.list(scope)).length, 2, '…and keeps nothing more');

    const next = d.tab();
    const restored = await next.uploads.restore();
    assert.deepEqual(
      restored.map((i) => [i.name, i.status]),
      [
        ['a.txt', 'paused'],
        ['b.txt', 'paused'],
      ],
      'restored here, not in-another-tab: the old queue let go',
    );
    next.uploads.resumeRestored(keys);
    assert.deepEqual(statuses(next), ['uploading', 'paused'], 'the one that was going goes on; the paused one waits');
    d.release();
    await until(next, (items) => items[0]?.status === 'done');
    assert.deepEqual(d.sent.slice(-1), [`${server}/api/uploads/a.txt`], 'from the tus upload the old queue made');
  });
});
