/**
 * The upload queue's persistence (facade/upload-journal.ts over an
 * UploadPersistence): what is kept, when it goes, what a reload brings back,
 * for whom, and what a full quota does. The HTTP/tus side (resume from the
 * server's offset, no duplicate, tus DELETE) is in
 * packages/server/test/upload-queue-restore.test.ts; IndexedDB in Chromium.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAttachKit,
  createMemoryBackend,
  createMemoryUploadPersistence,
  uploadPersistenceScope,
  type AttachKitBackend,
  type UploadPersistence,
} from '../src/index.js';
import { admin, records, techWith } from './fixtures.js';
import { untilItems as until } from './support/upload-queue.js';

const job = { type: 'job', id: 'J-1001' };

/** A backend whose uploads hang until released (a file still going when the page goes away). */
function slow(backend: AttachKitBackend) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release: () => release(),
    backend: {
      ...backend,
      server: 'https://crm.example',
      uploadAttachment: async (...args) => (await gate, backend.uploadAttachment(...args)),
    } as AttachKitBackend,
  };
}

function world(persistence: UploadPersistence, principal = admin) {
  const base = createMemoryBackend({ principal: admin, users: [techWith], records });
  const backend = principal.id === admin.id ? base : base.as(principal, 'web');
  return { base, ...slow(backend), persistence, principal };
}

// A "reload" here is a second facade while the first lives on: no claims between them (where Node has navigator.locks,
// the first would hold its entries as another tab does; that is test/upload-claims.test.ts).
const kitOf = (w: ReturnType<typeof world>, persistence = w.persistence) =>
  createAttachKit({ backend: w.backend, principal: w.principal, uploadPersistence: persistence, uploadLocks: null, uploadRetryDelays: [] });

describe('upload queue persistence', () => {
  it('keeps a queued file (bytes, record, name, size, type) until it is done', async () => {
    const persistence = createMemoryUploadPersistence();
    const w = world(persistence);
    const kit = kitOf(w);
    const scope = uploadPersistenceScope('https://crm.example', admin);
    kit.uploads.add(job, [new File(['site photo bytes'], 'site.jpg', { type: 'image/jpeg' })]);
    await until(kit, (items) => items[0]?.status === 'uploading');
    await kit.uploads.flushPersistence();
    const [entry] = await persistence.list(scope);
    assert.ok(entry, 'an entry while it uploads');
    assert.deepEqual(
      { record: entry.record, name: entry.name, size: entry.size, type: entry.type, url: entry.url },
      { record: job, name: 'site.jpg', size: 16, type: 'image/jpeg', url: undefined },
    );
    assert.equal(await entry.data.text(), 'site photo bytes');
    w.release();
    await kit.uploads.idle();
    assert.equal(kit.uploads.getState().items[0]!.status, 'done');
    await kit.uploads.flushPersistence();
    assert.deepEqual(await persistence.list(scope), [], 'done: the entry is gone');
  });

  it('a reload brings the upload back as interrupted for the same user; Resume finishes it, once', async () => {
    const persistence = createMemoryUploadPersistence();
    const w = world(persistence);
    const first = kitOf(w);
    first.uploads.add(job, [new File(['before photo'], 'before.jpg', { type: 'image/jpeg' })]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();
    // The page goes away mid-upload (its requests die with it): a new facade on the same device.
    const second = kitOf(w);
    const [restored] = await second.uploads.restore();
    assert.deepEqual(
      { ...restored, id: undefined },
      {
        id: undefined,
        record: job,
        name: 'before.jpg',
        size: 12,
        restored: true,
        status: 'paused',
        loaded: 0,
        total: 12,
        interrupted: true,
      },
    );
    assert.equal(await second.uploads.restore(), await second.uploads.restore(), 'restored once');
    assert.equal(second.uploads.getState().items.length, 1);
    w.release();
    second.uploads.resume(restored!.id);
    const [done] = await until(second, (items) => items[0]?.status === 'done');
    assert.equal(done!.status === 'done' && done!.attachment.name, 'before.jpg');
    assert.equal(done!.restored, true, 'still marked restored, so the uploader of its record keeps showing it');
    await second.uploads.flushPersistence();
    assert.deepEqual(await kitOf(w).uploads.restore(), [], 'nothing left for a third page');
  });

  it('never shows one user’s interrupted uploads to the next user, nor on another server', async () => {
    const persistence = createMemoryUploadPersistence();
    const w = world(persistence);
    const kit = kitOf(w);
    kit.uploads.add(job, [new File(['private'], 'invoice-scan.pdf')]);
    await until(kit, (items) => items[0]?.status === 'uploading');
    await kit.uploads.flushPersistence();
    const next = world(persistence, techWith);
    assert.deepEqual(await kitOf(next).uploads.restore(), [], 'another principal');
    const elsewhere = createAttachKit({
      backend: { ...w.backend, server: 'https://other.example' },
      principal: admin,
      uploadPersistence: persistence,
    });
    assert.deepEqual(await elsewhere.uploads.restore(), [], 'another server');
    assert.equal((await kitOf(w).uploads.restore()).length, 1, 'the same user on the same server');
    // A sign-out on a shared device clears everyone's.
    await persistence.clear();
    assert.deepEqual(await kitOf(w).uploads.restore(), []);
  });

  it('Discard, Cancel and a refusal remove the entry; a failure keeps it', async () => {
    const persistence = createMemoryUploadPersistence();
    const w = world(persistence);
    const first = kitOf(w);
    first.uploads.add(job, [new File(['a'], 'a.txt'), new File(['b'], 'b.txt'), new File(['c'], 'c.txt')]);
    await until(first, (items) => items.every((i) => i.status === 'uploading'));
    await first.uploads.flushPersistence();
    const second = kitOf(w);
    const [a, b, c] = await second.uploads.restore();
    await second.uploads.discard(a!.id);
    assert.deepEqual(
      second.uploads.getState().items.map((i) => i.name),
      ['b.txt', 'c.txt'],
      'discarded: gone from the queue',
    );
    second.uploads.cancel(b!.id);
    const scope = uploadPersistenceScope('https://crm.example', admin);
    await second.uploads.discard(c!.id); // resolves once the writes before it (b's removal) are done
    assert.deepEqual(await persistence.list(scope), []);

    // Refused by the server: gone. Failed (network): kept for a retry after a reload.
    const { AttachKitNetworkError, AttachKitUploadRejectedError } = await import('../src/index.js');
    let failure: Error = new AttachKitUploadRejectedError({ code: 'upload.contentMismatch', message: 'not a PDF' });
    const flaky = createAttachKit({
      backend: { ...w.base, server: 'https://crm.example', uploadAttachment: async () => Promise.reject(failure) },
      principal: admin,
      uploadPersistence: persistence,
      uploadRetryDelays: [],
    });
    flaky.uploads.add(job, [new File(['%PDF'], 'fake.pdf')]);
    await flaky.uploads.idle();
    assert.equal(flaky.uploads.getState().items[0]!.status, 'rejected');
    failure = new AttachKitNetworkError();
    const [lost] = flaky.uploads.add(job, [new File(['%PDF'], 'plan.pdf')]);
    await until(flaky, (items) => items[1]?.status === 'failed');
    await flaky.uploads.flushPersistence();
    assert.deepEqual(
      (await persistence.list(scope)).map((e) => e.name),
      ['plan.pdf'],
      `only the failed ${lost!.name} is kept`,
    );
  });

  it('a full quota says so in the queue state, and the upload still goes on', async () => {
    const persistence = createMemoryUploadPersistence({ quotaBytes: 10 });
    const w = world(persistence);
    const kit = kitOf(w);
    w.release();
    kit.uploads.add(job, [new File(['more than ten bytes'], 'big.txt')]);
    await until(kit, () => kit.uploads.getState().notPersisted !== undefined);
    assert.equal(kit.uploads.getState().notPersisted!.code, 'uploads.storageFull');
    assert.match(kit.uploads.getState().notPersisted!.message, /will not survive a reload/);
    await kit.uploads.idle();
    assert.equal(kit.uploads.getState().items[0]!.status, 'done', 'uploaded without persistence');
    // A file that fits is kept again, and the notice goes.
    kit.uploads.add(job, [new File(['small'], 'small.txt')]);
    await until(kit, (items) => items.length === 2 && kit.uploads.getState().notPersisted === undefined);
  });

  it('a denied store (it throws on every call) never stops an upload', async () => {
    const denied = new Error('SecurityError');
    const refuse = async () => {
      throw denied;
    };
    const persistence: UploadPersistence = { list: refuse, put: refuse, update: refuse, remove: refuse, clear: refuse };
    const w = world(persistence);
    const kit = kitOf(w);
    w.release();
    assert.deepEqual(await kit.uploads.restore(), []);
    assert.equal(kit.uploads.getState().notPersisted!.code, 'uploads.storageUnavailable');
    kit.uploads.add(job, [new File(['x'], 'x.txt')]);
    await kit.uploads.idle();
    assert.equal(kit.uploads.getState().items[0]!.status, 'done');
  });

  it('drops entries older than a week instead of restoring them, and ignores entries of another scope', async () => {
    const persistence = createMemoryUploadPersistence();
    const scope = uploadPersistenceScope('https://crm.example', admin);
    const old = { scope, record: job, name: 'old.txt', size: 1, type: '', data: new Blob(['o']), loaded: 0 };
    await persistence.put({ ...old, key: 'k-old', createdAt: Date.now() - 8 * 24 * 3600 * 1000 });
    await persistence.put({ ...old, key: 'k-new', name: 'new.txt', createdAt: Date.now() - 3600 * 1000 });
    const w = world(persistence);
    const restored = await kitOf(w).uploads.restore();
    assert.deepEqual(
      restored.map((i) => i.name),
      ['new.txt'],
    );
    assert.deepEqual(
      (await persistence.list(scope)).map((e) => e.key),
      ['k-new'],
    );
  });

  it('connectAttachKit restores by itself; a memory backend without persistence keeps nothing', async () => {
    const persistence = createMemoryUploadPersistence();
    const w = world(persistence);
    const first = kitOf(w);
    first.uploads.add(job, [new File(['x'], 'left-behind.txt')]);
    await until(first, (items) => items[0]?.status === 'uploading');
    await first.uploads.flushPersistence();
    const { connectAttachKit } = await import('../src/index.js');
    const connected = await connectAttachKit({ backend: w.backend, uploadPersistence: persistence, uploadLocks: null });
    const items = await until(connected, (i) => i.length === 1);
    assert.equal(items[0]!.status === 'paused' && items[0]!.interrupted, true);
    const plain = createAttachKit({ backend: w.base, principal: admin });
    assert.deepEqual(await plain.uploads.restore(), []);
  });
});
