/**
 * `@attachkit/sdk/node`: uploads from a file path or a stream, over real HTTP
 * to the reference server — streamed (no whole-file Blob), progress from the
 * bytes read, the server's refusals as the SDK's typed errors.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AttachKitError } from '@attachkit/sdk';
import { createNodeUploads, type NodeUploads } from '@attachkit/sdk/node';
import { makePng } from '../src/demo/demo-files.js';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';

const job = { type: 'job', id: 'J-1001' };
const limit = 4 * 1024 * 1024;

describe('Node uploads from disk and streams', () => {
  let server: TestServer;
  let uploads: NodeUploads;
  let scratch: string;
  before(async () => {
    server = await startAdminWorld({ limits: { maxBytes: limit } });
    uploads = createNodeUploads({ baseURL: server.baseURL, getToken: () => 'admin' });
    scratch = await mkdtemp(join(tmpdir(), 'attachkit-node-upload-'));
  });
  after(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('uploads a file by path under its base name, with progress up to its size and the right checksum', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 0x61);
    const path = join(scratch, 'site report.txt');
    await writeFile(path, bytes);
    const progress: number[] = [];
    const attachment = await uploads.uploadFile(job, path, { onProgress: (p) => progress.push(p.loaded) });
    assert.equal(attachment.name, 'site report.txt');
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.checksum, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(attachment.portal, 'hidden');
    assert.ok(progress.length >= 3, 'several progress events');
    assert.deepEqual(
      [...progress].sort((a, b) => a - b),
      progress,
      'never backwards',
    );
    assert.equal(progress.at(-1), bytes.length);
    const stored = await server.fetch(`/api/attachments/${attachment.id}/content`, 'admin');
    assert.equal(Buffer.from(await stored.arrayBuffer()).equals(bytes), true);
  });

  it('uploads a stream with a name, with or without its size; the name is sent as typed', async () => {
    const png = Buffer.from(makePng(16, 16, [10, 20, 30], [200, 210, 220]));
    const sized = await uploads.uploadFile(job, Readable.from([png]), { name: 'my "before" photo.png', size: png.length });
    assert.deepEqual([sized.name, sized.mimeType, sized.size], ['my "before" photo.png', 'image/png', png.length]);
    const chunked = await uploads.uploadFile(job, Readable.from([png.subarray(0, 10), png.subarray(10)]), { name: 'after.png' });
    assert.deepEqual([chunked.mimeType, chunked.size], ['image/png', png.length]);
  });

  it("the server's refusals arrive as typed errors; bad input is refused before sending", async () => {
    const exe = join(scratch, 'setup.exe');
    await writeFile(exe, 'MZ');
    await assert.rejects(
      uploads.uploadFile(job, exe),
      (e: unknown) => e instanceof AttachKitError && e.status === 422 && e.code === 'upload.blockedExtension',
    );
    const big = join(scratch, 'big.txt');
    await writeFile(big, Buffer.alloc(limit + 1, 0x62));
    await assert.rejects(
      uploads.uploadFile(job, big),
      (e: unknown) => e instanceof AttachKitError && e.status === 413 && e.code === 'upload.tooLarge',
    );
    await assert.rejects(
      uploads.uploadFile(job, join(scratch, 'missing.pdf')),
      (e: unknown) => e instanceof AttachKitError && e.code === 'file.unreadable',
    );
    await assert.rejects(
      uploads.uploadFile(job, Readable.from(['x'])),
      (e: unknown) => e instanceof AttachKitError && e.code === 'validation.invalid',
    );
    await assert.rejects(
      uploads.uploadFile({ type: 'job', id: 'J-404' }, exe.replace('setup.exe', 'big.txt')),
      (e: unknown) => e instanceof AttachKitError && e.status === 404,
    );
  });

  it('an aborted upload rejects with request.aborted and stores nothing', async () => {
    const before = (await server.backend('admin').listAttachments(job)).length;
    const controller = new AbortController();
    let sent = 0;
    const slow = new Readable({
      read() {
        sent++;
        if (sent === 3) controller.abort();
        setTimeout(() => this.push(sent > 50 ? null : Buffer.alloc(16 * 1024, 0x63)), 5);
      },
    });
    await assert.rejects(
      uploads.uploadFile(job, slow, { name: 'slow.txt', signal: controller.signal }),
      (e: unknown) => e instanceof AttachKitError && e.code === 'request.aborted',
    );
    assert.equal((await server.backend('admin').listAttachments(job)).length, before);
  });
});
