/**
 * A tus upload whose completion could not be decided — the malware scanner
 * was unreachable (503, fail closed) — keeps its bytes: the tech's retry
 * (tus-js-client asks with HEAD) completes it without sending the file
 * again, once the scanner answers. If no retry comes, the expiry sweep
 * removes the bytes as it does an unfinished upload's. The last test goes
 * through the SDK upload queue, as the tech's phone does.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAttachKit, createHttpBackend } from '@attachkit/sdk';
import type { ScanHook } from '../src/scan/scan.js';
import { mobileTech as principal, untilItem } from '../../sdk/test/support/upload-queue.js';
import { startServer } from './support/harness.js';
import { tusClient } from './support/tus.js';

const job = { recordType: 'job', recordId: 'J-1001' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A scan hook (the edge of these tests) that fails like an unreachable clamd while `down`, else finds nothing. */
function scanner() {
  const state = { down: true, scans: 0 };
  const scan: ScanHook = async ({ stream }) => {
    state.scans++;
    if (state.down) {
      stream.resume();
      throw new Error('connect ECONNREFUSED 127.0.0.1:3310');
    }
    for await (const _chunk of stream as AsyncIterable<Buffer>) {
      // read it all, as clamd does
    }
    return { infected: false };
  };
  return { state, scan };
}

describe('resumable uploads: a completion the scanner could not decide', () => {
  it('keeps the bytes; the retry completes it once the scanner answers, without a second PATCH', { timeout: 30_000 }, async () => {
    const { state, scan } = scanner();
    const server = await startServer({ server: { scan } });
    try {
      const tus = tusClient(server);
      const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) % 251);
      const created = await tus.create('demo-tech', { filename: 'site-survey.txt', ...job, length: bytes.length });
      const location = created.headers.get('location')!;
      const patched = await tus.patch('demo-tech', location, 0, bytes);
      assert.equal(patched.status, 503);
      assert.equal(((await patched.json()) as { code: string }).code, 'scan.unavailable');
      assert.equal(state.scans, 1);
      assert.ok((await readdir(join(server.dataDir, 'uploads'))).length > 0, 'the bytes are kept');

      // The scanner is back; the client's retry asks where the upload stands.
      state.down = false;
      let attachmentId: string | null = null;
      const deadline = Date.now() + 10_000;
      while (!attachmentId) {
        const head = await tus.head('demo-tech', location);
        assert.ok(head.status === 423 || head.status === 200, `HEAD answered ${head.status}`);
        if (head.status === 200) {
          assert.equal(head.headers.get('upload-offset'), String(bytes.length));
          attachmentId = head.headers.get('attachkit-attachment-id');
        }
        if (!attachmentId) {
          assert.ok(Date.now() < deadline, 'the retry never completed the upload');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      assert.equal(state.scans, 2, 'scanned again, from the kept bytes');
      const content = await server.fetch(`/api/attachments/${attachmentId}/content`, 'demo-tech');
      assert.equal(content.status, 200);
      assert.equal(sha256(new Uint8Array(await content.arrayBuffer())), sha256(bytes));
      const meta = (await (await server.fetch(`/api/attachments/${attachmentId}`, 'demo-tech')).json()) as { checksum: string };
      assert.equal(meta.checksum, sha256(bytes));
      // Another principal still learns nothing of it.
      assert.equal((await tus.head('demo-admin', location)).status, 404);
    } finally {
      await server.close();
    }
  });

  it('a kept upload that no retry comes for is removed by the expiry sweep', async () => {
    const { scan } = scanner();
    const server = await startServer({ server: { scan, resumableUploads: { expiresAfterMs: 300, sweepIntervalMs: 0 } } });
    try {
      const tus = tusClient(server);
      const created = await tus.create('demo-tech', { filename: 'notes.txt', ...job, length: 1000 });
      const location = created.headers.get('location')!;
      assert.equal((await tus.patch('demo-tech', location, 0, new Uint8Array(1000).fill(0x61))).status, 503);
      assert.ok((await readdir(join(server.dataDir, 'uploads'))).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(await server.app.attachkit.uploads!.sweepExpired(), 1);
      assert.deepEqual(await readdir(join(server.dataDir, 'uploads')), []);
      assert.equal((await tus.head('demo-tech', location)).status, 404);
    } finally {
      await server.close();
    }
  });

  it(
    'through the SDK: the tech sees the scanner notice, and Retry finishes the upload without sending it again',
    { timeout: 30_000 },
    async () => {
      const { state, scan } = scanner();
      const server = await startServer({ server: { scan } });
      const requests: { method: string; offset?: string }[] = [];
      server.app.server.on('request', (request: { method: string; url: string; headers: Record<string, string | undefined> }) => {
        if (request.url.startsWith('/api/uploads')) requests.push({ method: request.method, offset: request.headers['upload-offset'] });
      });
      try {
        const backend = createHttpBackend({
          baseURL: server.baseURL,
          getToken: () => 'demo-tech',
          resumable: { retryDelays: [0, 200, 400, 800] },
        });
        const kit = createAttachKit({ backend, principal, level: 'mobile' });
        const bytes = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 13) % 251); // over the 5 MB tus threshold
        const [item] = kit.uploads.add({ type: 'job', id: job.recordId }, [{ name: 'roof-inspection.txt', data: new Blob([bytes]) }]);
        const failed = await untilItem(
          kit,
          (i) => i.id === item!.id && (i.status === 'failed' || i.status === 'rejected' || i.status === 'done'),
        );
        assert.equal(failed.status, 'failed', JSON.stringify(failed));
        assert.match(JSON.stringify(failed), /scan\.unavailable|scanner/);

        state.down = false;
        kit.uploads.retry(item!.id);
        const done = await untilItem(
          kit,
          (i) => i.id === item!.id && (i.status === 'done' || i.status === 'failed' || i.status === 'rejected'),
        );
        assert.equal(done.status, 'done', JSON.stringify(done));
        assert.equal(done.status === 'done' && done.attachment.checksum, sha256(bytes));
        const posts = requests.filter((r) => r.method === 'POST');
        const patches = requests.filter((r) => r.method === 'PATCH');
        assert.equal(posts.length, 1, 'one upload');
        assert.deepEqual(
          patches.map((r) => r.offset),
          ['0'],
          'the bytes went once: Retry asked with HEAD and the server completed the kept upload',
        );
        assert.equal(state.scans, 2);
      } finally {
        await server.close();
      }
    },
  );
});
