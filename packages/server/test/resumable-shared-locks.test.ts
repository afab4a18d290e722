/**
 * tus upload locks across server processes (one PostgreSQL database, one S3
 * bucket, a data folder each). A tech's PATCH left hanging on process A by a
 * dropped signal (the server never sees the connection close) must not keep
 * writing the upload while the resumed HEAD and PATCH go to process B: B asks
 * A to let go, A ends the old PATCH keeping the bytes it stored, and the
 * upload completes from B with every byte in place.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ClientRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createPostgresUploadLocker } from '../src/storage/postgres-upload-locker.js';
import { startServer, type TestServer } from './support/harness.js';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';
import { openPatch, tusClient } from './support/tus.js';

const job = { recordType: 'job', recordId: 'J-1001' };
const mib = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const quiet = { warn: () => {} };

/** A PATCH that sends `sent` of its bytes and then nothing more, as a phone whose signal died; `ended` resolves when the server ends it. */
function hangingPatch(server: TestServer, location: string, bytes: Uint8Array, sent: number) {
  let request!: ClientRequest;
  const ended = new Promise<string>((resolve) => {
    request = openPatch(server, location, bytes.length);
    request.on('response', (response) => {
      response.resume();
      resolve(`answered ${response.statusCode}`);
    });
    request.on('error', (error) => resolve(`closed (${error.message})`));
    request.on('close', () => resolve('closed'));
  });
  const written = new Promise<void>((resolve) => request.write(bytes.subarray(0, sent), () => resolve()));
  return { ended, written, destroy: () => request.destroy() };
}

describe('tus: one upload on two processes', { timeout: 120_000 }, () => {
  let world: ScaledOutWorld;
  let a: TestServer;
  let b: TestServer;
  let metadataUrl: string;

  before(async () => {
    world = await startScaledOutWorld();
    const storage = await world.storage('locks', { prefix: 'ak', query: { partSize: String(5 * mib) } });
    metadataUrl = storage.metadata;
    const shared = { metadata: storage.metadata, blobs: storage.blobs, limits: { maxBytes: 40 * mib } };
    a = await startServer(shared);
    b = await startServer(shared);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await world?.stop();
  });

  it('a PATCH hanging on A is ended when the tech resumes on B, and the upload completes from B', async () => {
    const bytes = new Uint8Array(12 * mib).map((_, i) => 0x41 + ((i * 11) % 26));
    const created = await tusClient(a).create('demo-tech', { filename: 'van-dashcam-notes.txt', ...job, length: bytes.length });
    assert.equal(created.status, 201);
    const location = created.headers.get('location')!;

    const hanging = hangingPatch(a, location, bytes, 6 * mib);
    await hanging.written;
    await new Promise((resolve) => setTimeout(resolve, 500)); // A has taken the bytes in (a part to S3, the rest kept)
    let endedBy = 'the test';
    const timer = setTimeout(() => hanging.destroy(), 15_000);
    void hanging.ended.then((how) => (endedBy === 'the test' ? (endedBy = how) : undefined));

    // The tech's phone is back, on B: HEAD asks A to let go of the upload.
    const head = await tusClient(b).head('demo-tech', location);
    assert.equal(head.status, 200);
    const endedHow = await Promise.race([hanging.ended, new Promise<string>((r) => setTimeout(() => r('still hanging'), 10_000))]);
    clearTimeout(timer);
    assert.notEqual(endedHow, 'still hanging', 'A ended the hanging PATCH');
    const offset = Number(head.headers.get('upload-offset'));
    assert.ok(offset > 0 && offset <= 6 * mib, `B resumes from ${offset}`);

    const patched = await tusClient(b).patch('demo-tech', location, offset, bytes.subarray(offset));
    assert.equal(patched.status, 204, await patched.text());
    const id = patched.headers.get('attachkit-attachment-id');
    assert.ok(id);
    const content = await a.fetch(`/api/attachments/${id}/content`, 'demo-tech');
    assert.equal(content.status, 200);
    assert.equal(sha256(new Uint8Array(await content.arrayBuffer())), sha256(bytes), 'every byte in place, once');
    hanging.destroy();
  });

  it('the locks: one holder at a time across lockers, a waiter asks the holder to let go, a dead holder’s lease runs out', async () => {
    const pool = new pg.Pool({ connectionString: metadataUrl, max: 2 });
    const one = await createPostgresUploadLocker(pool, metadataUrl, { log: quiet, leaseMs: 600 });
    const two = await createPostgresUploadLocker(pool, metadataUrl, { log: quiet, leaseMs: 600, acquireTimeoutMs: 5000 });
    try {
      const first = one.newLock('upload-x');
      let released = 0;
      await first.lock(new AbortController().signal, async () => {
        released++;
        await first.unlock();
      });
      const second = two.newLock('upload-x');
      const started = Date.now();
      await second.lock(new AbortController().signal, () => {});
      assert.equal(released, 1, 'the holder in the other locker was asked to let go');
      assert.ok(Date.now() - started < 3000);

      // A holder that never lets go (its process hung): the waiter gets the lock once the lease ran out.
      const third = one.newLock('upload-x');
      const waiting = third.lock(new AbortController().signal, () => {});
      await two.close(); // the holder's renewals stop with it
      await waiting;
      await third.unlock();

      // A request that gives up while waiting is refused.
      const blocker = one.newLock('upload-y');
      await blocker.lock(new AbortController().signal, () => {});
      const stop = new AbortController();
      const refused = two.newLock('upload-y').lock(stop.signal, () => {});
      stop.abort();
      await assert.rejects(refused);
      await blocker.unlock();
    } finally {
      await one.close();
      await two.close();
      await pool.end();
    }
  });
});
