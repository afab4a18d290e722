/**
 * Two completions of one tus upload on two server instances (one PostgreSQL
 * database, one S3 bucket, a data folder each), as when a client whose
 * completing PATCH timed out sends it again and the load balancer picks the
 * other process while the first still checks the file. Only the process
 * holding the upload's claim completes it; the other answers 423 with
 * Retry-After (what tus-js-client retries) and then the winner's result — the
 * attachment, or its refusal — and never removes what the winner publishes.
 * A claim whose process died does not block the upload: once its lease runs
 * out, the next HEAD completes it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ScannerUnavailableError, type ScanHook, type ScanVerdict } from '../src/index.js';
import { createPostgresCompletionClaims } from '../src/storage/completion-claims.js';
import { startServer, type TestServer } from './support/harness.js';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';
import { tusClient } from './support/tus.js';

const job = { recordType: 'job', recordId: 'J-1001' };
const mib = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pattern = (size: number, seed: number) => new Uint8Array(size).map((_, i) => 0x41 + ((i * 7 + seed) % 26));

/** A scanner the test holds open: `scanning` resolves once a file was read, `release(verdict)` answers it. */
function heldScanner() {
  let onScanning: () => void = () => undefined;
  let answer: (verdict: ScanVerdict) => void = () => undefined;
  const control = {
    scanning: Promise.resolve(),
    arm() {
      control.scanning = new Promise<void>((resolve) => (onScanning = resolve));
    },
    release: (verdict: ScanVerdict) => answer(verdict),
    scan: (async ({ stream }) => {
      for await (const _chunk of stream);
      const verdict = new Promise<ScanVerdict>((resolve) => (answer = resolve));
      onScanning();
      return verdict;
    }) as ScanHook,
  };
  return control;
}

describe('tus: two completions of one upload on two processes', { timeout: 120_000 }, () => {
  let world: ScaledOutWorld;
  let bucket: string;
  let pool: pg.Pool;
  let a: TestServer;
  let b: TestServer;
  const scannerA = heldScanner();
  /** B's scanner: unreachable (503), or refusing everything when `refuse` is set. */
  let bScans = 0;
  let refuse = false;

  before(async () => {
    world = await startScaledOutWorld();
    const storage = await world.storage('race', { prefix: 'ak', query: { partSize: String(5 * mib) } });
    bucket = storage.bucket;
    pool = new pg.Pool({ connectionString: storage.metadata, max: 1 });
    const shared = { metadata: storage.metadata, blobs: storage.blobs, limits: { maxBytes: 40 * mib } };
    a = await startServer({ ...shared, server: { scan: scannerA.scan } });
    b = await startServer({
      ...shared,
      server: {
        scan: async ({ stream }) => {
          bScans++;
          for await (const _chunk of stream);
          if (refuse) return { infected: true, signature: 'Other.Database.Says.So' };
          throw new ScannerUnavailableError();
        },
      },
    });
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), pool?.end()]);
    await world?.stop();
  });

  const keys = async () => (await world.s3.keys(bucket)).filter((key) => key.startsWith('ak/'));
  async function created(server: TestServer, filename: string, length: number): Promise<{ location: string; id: string }> {
    const response = await tusClient(server).create('demo-tech', { filename, ...job, length });
    assert.equal(response.status, 201, await response.text());
    const location = response.headers.get('location')!;
    return { location, id: location.split('/').pop()! };
  }

  for (const other of ['unreachable (503)', 'refusing the file'] as const) {
    it(`A accepts while B's scanner would be ${other}: B answers 423 until A committed, then A's attachment, and the content stays`, async () => {
      refuse = other === 'refusing the file';
      bScans = 0;
      const bytes = pattern(6 * mib + 11, other.length);
      const { location, id } = await created(a, `survey-${refuse ? 'refused' : 'unreachable'}.bin`, bytes.length);
      scannerA.arm();
      const completing = tusClient(a).patch('demo-tech', location, 0, bytes);
      await scannerA.scanning;

      // The client's PATCH "timed out"; it sends the completing PATCH (no bytes left) again, to B.
      const again = await tusClient(b).patch('demo-tech', location, bytes.length, new Uint8Array(0));
      assert.equal(again.status, 423, await again.clone().text());
      assert.equal(again.headers.get('retry-after'), '1');
      assert.equal(((await again.json()) as { code: string }).code, 'upload.completing');
      const head = await tusClient(b).head('demo-tech', location);
      assert.equal(head.status, 423, 'B’s HEAD: still being completed (by A)');
      assert.equal(bScans, 0, 'B never ran its own verdict');
      assert.ok((await keys()).includes(`ak/blobs/${id}`), 'the bytes A is checking are still there');

      scannerA.release({ infected: false });
      const done = await completing;
      assert.equal(done.status, 204, await done.clone().text());
      assert.equal(done.headers.get('attachkit-attachment-id'), id);

      // B now answers A's result: the attachment, to a HEAD and to the PATCH again.
      const afterHead = await tusClient(b).head('demo-tech', location);
      assert.equal(afterHead.status, 200);
      assert.equal(afterHead.headers.get('attachkit-attachment-id'), id);
      const afterPatch = await tusClient(b).patch('demo-tech', location, bytes.length, new Uint8Array(0));
      assert.equal(afterPatch.status, 204);
      assert.equal(afterPatch.headers.get('attachkit-attachment-id'), id);
      const content = await b.fetch(`/api/attachments/${id}/content`, 'demo-admin');
      assert.equal(content.status, 200);
      assert.equal(sha256(new Uint8Array(await content.arrayBuffer())), sha256(bytes), 'byte for byte, through B');
      assert.equal(bScans, 0);
      assert.deepEqual(
        (await keys()).filter((key) => key.includes(id)),
        [`ak/blobs/${id}`],
        'one object: the attachment’s; no tus leftovers',
      );
    });
  }

  it('A refuses: B answers 423 while A checks, then A’s refusal; nothing stays in the bucket', async () => {
    const bytes = pattern(5 * mib + 3, 3);
    const { location, id } = await created(a, 'infected.bin', bytes.length);
    scannerA.arm();
    const completing = tusClient(a).patch('demo-tech', location, 0, bytes);
    await scannerA.scanning;
    assert.equal((await tusClient(b).patch('demo-tech', location, bytes.length, new Uint8Array(0))).status, 423);
    scannerA.release({ infected: true, signature: 'Eicar-Test-Signature' });
    const done = await completing;
    assert.equal(done.status, 422);
    const refusal = (await done.json()) as { code: string };
    assert.equal(refusal.code, 'upload.malware');
    for (const response of [
      await tusClient(b).patch('demo-tech', location, bytes.length, new Uint8Array(0)),
      await tusClient(b).head('demo-tech', location),
    ]) {
      assert.equal(response.status, 422);
      if (response.body) assert.equal(((await response.json()) as { code: string }).code, 'upload.malware');
    }
    assert.equal((await tusClient(b).head('demo-admin', location)).status, 404, 'nobody else learns anything');
    assert.deepEqual(
      (await keys()).filter((key) => key.includes(id)),
      [],
    );
  });

  it('a claim whose process died stops blocking once its lease runs out: the next HEAD completes the upload', async () => {
    const bytes = pattern(5 * mib + 7, 4);
    const { location, id } = await created(b, 'orphaned.bin', bytes.length);
    // A process took the completion and died before renewing its 3 s lease.
    const claims = createPostgresCompletionClaims(pool);
    const claimedAt = Date.now();
    assert.ok(await claims.claim(id, 'dead-host:4242:x', 'staff:u-tech', 3000));
    refuse = false;
    const patch = await tusClient(a).patch('demo-tech', location, 0, bytes);
    assert.equal(patch.status, 423, 'the claim is still live: the completing PATCH waits for it');
    assert.equal((await tusClient(b).head('demo-tech', location)).status, 423);
    assert.ok(Date.now() - claimedAt < 3000, 'still within the lease');
    await new Promise((resolve) => setTimeout(resolve, 3100 - (Date.now() - claimedAt)));

    // The lease ran out: A's HEAD takes the completion over (in the background) and says to ask again.
    scannerA.arm();
    const head = await tusClient(a).head('demo-tech', location);
    assert.equal(head.status, 423);
    await scannerA.scanning;
    scannerA.release({ infected: false });
    let final: Response | undefined;
    for (let i = 0; i < 100 && final?.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      final = await tusClient(b).head('demo-tech', location);
    }
    assert.equal(final?.status, 200);
    assert.equal(final.headers.get('attachkit-attachment-id'), id);
    const attachment = (await (await b.fetch(`/api/attachments/${id}`, 'demo-admin')).json()) as { checksum: string };
    assert.equal(attachment.checksum, sha256(bytes));
  });
});
