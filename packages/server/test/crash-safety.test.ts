/**
 * Crash safety: an upload aborted mid-stream leaves no row, no file and no
 * temp file, also across a restart on the same data directory; and leftovers
 * of a crash (a temp file, content without a row) are removed on start.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, type TestServer } from './support/harness.js';
import { startAdminWorld } from './support/admin-world.js';

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await files(join(dir, entry.name))).map((f) => `${entry.name}/${f}`));
    else out.push(entry.name);
  }
  return out;
}

/** Polls until `check` holds (bounded: fails the test instead of hanging; asserts no timing). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await sleep(20);
  }
  assert.fail(`never happened: ${what}`);
}

describe('crash safety', () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const server of servers) await server.close();
  });

  it('an upload aborted mid-stream leaves no row, no file, no temp file, before and after a restart', async () => {
    const server = await startAdminWorld();
    servers.push(server);
    const url = new URL(`${server.baseURL}/api/records/job/J-1001/attachments`);
    const boundary = 'attachkit-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const declared = 5 * 1024 * 1024;
    const req = request(url, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer admin',
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + declared + boundary.length + 8),
      },
    });
    req.on('error', () => {}); // the abort below
    req.write(head);
    req.write(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(256 * 1024, 0x20)]));
    // The server is streaming it: a temp file exists.
    const tmp = join(server.dataDir, 'tmp');
    await eventually(async () => (await readdir(tmp)).length === 1, 'a temp file while the upload streams');
    req.destroy();
    await eventually(async () => (await readdir(tmp)).length === 0, 'the temp file removed after the abort');
    assert.deepEqual(await files(join(server.dataDir, 'blobs')), []);
    assert.deepEqual(await server.backend('admin').listAttachments({ type: 'job', id: 'J-1001' }), []);

    await server.stop();
    const restarted = await startServer({
      dataDir: server.dataDir,
      tokens: { admin: { principal: { kind: 'staff', id: 'u-admin', name: 'Admin', grants: {} }, level: 'web' } },
    });
    servers.push(restarted);
    assert.deepEqual(await restarted.backend('admin').listAttachments({ type: 'job', id: 'J-1001' }), []);
    assert.deepEqual(await readdir(tmp), []);
    assert.deepEqual(await files(join(server.dataDir, 'blobs')), []);
  });

  it('on start, stray temp files and content without a row are removed; committed content stays', async () => {
    const server = await startAdminWorld();
    servers.push(server);
    const kept = await server
      .backend('admin')
      .uploadAttachment({ type: 'job', id: 'J-1001' }, { name: 'kept.txt', data: new Blob(['hello']) });
    await server.stop();
    // What a crash leaves: a half-written temp file, and a renamed file whose row never committed.
    await writeFile(join(server.dataDir, 'tmp', 'c0ffee00-0000-4000-8000-000000000000.part'), 'half an upload');
    await mkdir(join(server.dataDir, 'blobs', 'de'), { recursive: true });
    await writeFile(join(server.dataDir, 'blobs', 'de', 'deadbeef-0000-4000-8000-000000000000'), 'orphan');

    const restarted = await startServer({
      dataDir: server.dataDir,
      tokens: { admin: { principal: { kind: 'staff', id: 'u-admin', name: 'Admin', grants: {} }, level: 'web' } },
    });
    servers.push(restarted);
    assert.deepEqual(await readdir(join(server.dataDir, 'tmp')), []);
    assert.deepEqual(
      (await files(join(server.dataDir, 'blobs'))).map((f) => f.split('/').pop()),
      [kept.id],
    );
    const content = await restarted.backend('admin').getAttachmentContent(kept.id);
    assert.equal(await content.text(), 'hello');
  });

  it('a failed metadata commit removes the stored content', async () => {
    const server = await startAdminWorld();
    servers.push(server);
    const { store } = server.app.attachkit;
    const insert = store.insertAttachment.bind(store);
    store.insertAttachment = async () => {
      throw new Error('disk full');
    };
    try {
      const response = await server.fetch('/api/records/job/J-1001/attachments', 'admin', {
        method: 'POST',
        body: formWith('x.txt', 'data'),
      });
      assert.equal(response.status, 500);
      assert.equal(((await response.json()) as { detail: string }).detail, 'Something went wrong on the server.');
    } finally {
      store.insertAttachment = insert;
    }
    assert.deepEqual(await files(join(server.dataDir, 'blobs')), []);
    assert.deepEqual(await readdir(join(server.dataDir, 'tmp')), []);
  });
});

function formWith(name: string, text: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  return form;
}
