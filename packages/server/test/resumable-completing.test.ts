/**
 * A HEAD that arrives while the completing PATCH is still checking and
 * committing the file (a client that paused or lost the answer just as the
 * last byte went): 423 with Retry-After, never "all bytes here" without the
 * attachment — tus-js-client would take that as done and have no attachment
 * to show. Once committed, HEAD names the attachment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './support/harness.js';
import { tusClient } from './support/tus.js';

describe('tus: HEAD while the upload completes', () => {
  let server: TestServer;
  let scanning: () => void = () => undefined;
  let release: () => void = () => undefined;
  before(async () => {
    server = await startServer({
      server: {
        // The scan is the completion's last check: hold it until the test has asked.
        scan: async ({ stream }) => {
          let scanned = 0;
          for await (const chunk of stream) scanned += (chunk as Buffer).length;
          assert.equal(scanned, 200_000);
          scanning();
          await new Promise<void>((resolve) => (release = resolve));
          return { infected: false };
        },
      },
    });
  });
  after(() => server.close());

  it('answers 423 Retry-After (no offset) until the attachment exists, then its id', async () => {
    const tus = tusClient(server);
    const bytes = new Uint8Array(200_000).fill(0x61);
    const created = await tus.create('demo-tech', {
      filename: 'completing.txt',
      recordType: 'job',
      recordId: 'J-1001',
      length: bytes.length,
    });
    assert.equal(created.status, 201);
    const location = created.headers.get('location')!;
    const inScan = new Promise<void>((resolve) => (scanning = resolve));
    const completing = tus.patch('demo-tech', location, 0, bytes);
    await inScan;

    const head = await tus.head('demo-tech', location);
    assert.equal(head.status, 423);
    assert.equal(head.headers.get('retry-after'), '1');
    assert.equal(head.headers.get('cache-control'), 'no-store');
    assert.equal(head.headers.get('upload-offset'), null, 'no offset that reads as done');
    assert.equal(head.headers.get('attachkit-attachment-id'), null);
    assert.equal(head.headers.get('x-content-type-options'), 'nosniff');
    const stranger = await tus.head('demo-admin', location);
    assert.equal(stranger.status, 404, 'still only the creator learns anything about it');

    release();
    const done = await completing;
    assert.equal(done.status, 204);
    const id = done.headers.get('attachkit-attachment-id');
    assert.ok(id);
    const after = await tus.head('demo-tech', location);
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('upload-offset'), String(bytes.length));
    assert.equal(after.headers.get('attachkit-attachment-id'), id);
  });
});
