/**
 * tus 1.0 at /api/uploads over real HTTP: capability discovery, creation,
 * HEAD offsets, 409 on a wrong offset, termination, expiry, refusals at
 * creation before any byte is kept, foreign principals, a PATCH cut off
 * mid-body then resumed, and hostile content refused at completion.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './support/harness.js';
import { openPatch, tusClient } from './support/tus.js';

const job = { recordType: 'job', recordId: 'J-1001' };
const limit = 1024 * 1024;
const text = (size: number, fill = 0x61) => new Uint8Array(size).fill(fill);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** tus's 413 for a body longer than the upload's Upload-Length, told apart from the size limit. */
async function lengthExceeded(response: Response, declared: number): Promise<void> {
  const body = await response.text();
  assert.equal(response.status, 413, body);
  const answer = JSON.parse(body);
  assert.equal(answer.code, 'upload.lengthExceeded', body);
  assert.match(answer.detail, new RegExp(`more bytes than the upload's Upload-Length \\(${declared} bytes\\)`), body);
  assert.doesNotMatch(answer.detail, /limit/, body);
}

async function problem(response: Response, status: number, code: string): Promise<void> {
  const body = await response.text();
  if (body === '') {
    // HEAD: the status and the problem type, no body.
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    return;
  }
  assert.equal(response.status, status, body);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(JSON.parse(body).code, code, body);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
}

describe('resumable uploads (tus 1.0)', () => {
  let server: TestServer;
  let tus: ReturnType<typeof tusClient>;

  before(async () => {
    server = await startServer({ limits: { maxBytes: limit } });
    tus = tusClient(server);
  });
  after(() => server.close());

  const uploadFiles = async () => (await readdir(join(server.dataDir, 'uploads'))).filter((name) => !name.endsWith('.json'));
  const names = async () =>
    (await (await server.fetch('/api/records/job/J-1001/attachments', 'demo-admin')).json()).map(
      (a: { name: string }) => a.name,
    ) as string[];

  async function created(token: string, filename: string, length: number): Promise<string> {
    const response = await tus.create(token, { filename, ...job, length });
    assert.equal(response.status, 201, await response.text());
    const location = response.headers.get('location')!;
    assert.match(location, /^\/api\/uploads\/[0-9a-f-]{36}$/);
    return location;
  }

  it('OPTIONS advertises tus 1.0, its extensions and the size limit, with no CORS of its own', async () => {
    const response = await server.fetch('/api/uploads', null, { method: 'OPTIONS' });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('tus-version'), '1.0.0');
    assert.deepEqual(response.headers.get('tus-extension')!.split(','), ['creation', 'creation-with-upload', 'termination', 'expiration']);
    assert.equal(response.headers.get('tus-max-size'), String(limit));
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  it('creates, reports offsets with HEAD, refuses a wrong offset with 409, and completes into a Hidden attachment', async () => {
    const bytes = text(300_000);
    const create = await tus.create('demo-tech', { filename: 'site survey.txt', ...job, length: bytes.length });
    assert.equal(create.status, 201);
    const expires = Date.parse(create.headers.get('upload-expires') ?? '') - Date.now();
    assert.ok(Math.abs(expires - 24 * 60 * 60 * 1000) < 5 * 60 * 1000, `Upload-Expires is 24 h away by default (${expires} ms)`);
    const location = create.headers.get('location')!;

    let head = await tus.head('demo-tech', location);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), '0');
    assert.equal(head.headers.get('upload-length'), String(bytes.length));
    assert.equal(head.headers.get('cache-control'), 'no-store');
    assert.doesNotMatch(head.headers.get('upload-metadata') ?? '', /owner/, 'the owner key stays server-side');

    const first = await tus.patch('demo-tech', location, 0, bytes.subarray(0, 100_000));
    assert.equal(first.status, 204);
    assert.equal(first.headers.get('upload-offset'), '100000');
    head = await tus.head('demo-tech', location);
    assert.equal(head.headers.get('upload-offset'), '100000');

    await problem(await tus.patch('demo-tech', location, 50_000, bytes.subarray(50_000)), 409, 'upload.offsetMismatch');
    assert.equal((await tus.head('demo-tech', location)).headers.get('upload-offset'), '100000', 'a conflict changes nothing');
    assert.ok(!(await names()).includes('site survey.txt'), 'not listed before completion');

    const last = await tus.patch('demo-tech', location, 100_000, bytes.subarray(100_000));
    assert.equal(last.status, 204);
    const id = last.headers.get('attachkit-attachment-id')!;
    assert.equal(location, `/api/uploads/${id}`, 'the upload id becomes the attachment id');
    const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-admin')).json();
    assert.equal(attachment.name, 'site survey.txt');
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.checksum, sha256(bytes));
    assert.equal(attachment.mimeType, 'text/plain');
    assert.equal(attachment.portal, 'hidden');
    assert.equal(attachment.confidential, false);
    assert.equal(attachment.createdBy, 'u-tech');
    assert.deepEqual(new Uint8Array(await (await server.fetch(`/api/attachments/${id}/content`, 'demo-admin')).arrayBuffer()), bytes);
    assert.deepEqual(await uploadFiles(), [], 'the tus copy is removed');

    // A client that lost the last answer asks again: the same attachment, never a second one.
    head = await tus.head('demo-tech', location);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(bytes.length));
    assert.equal(head.headers.get('attachkit-attachment-id'), id);
    const again = await tus.patch('demo-tech', location, bytes.length, new Uint8Array(0));
    assert.equal(again.status, 204);
    assert.equal(again.headers.get('attachkit-attachment-id'), id);
    assert.equal((await names()).filter((n) => n === 'site survey.txt').length, 1);
    await problem(await tus.head('demo-tech-confidential', location), 404, 'not.found');
  });

  it('completes in the creation request itself (creation-with-upload)', async () => {
    const bytes = text(1000, 0x62);
    const response = await tus.create('demo-tech', { filename: 'one-shot.txt', ...job, length: bytes.length, body: bytes });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('upload-offset'), '1000');
    const id = response.headers.get('attachkit-attachment-id')!;
    assert.equal((await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json()).checksum, sha256(bytes));
  });

  it('terminates an upload with DELETE: its bytes are gone and it answers 404', async () => {
    const location = await created('demo-tech', 'abandoned.txt', 5000);
    assert.equal((await tus.patch('demo-tech', location, 0, text(2000))).status, 204);
    const removed = await tus.delete('demo-tech', location);
    assert.equal(removed.status, 204);
    await problem(await tus.head('demo-tech', location), 404, 'not.found');
    await problem(await tus.patch('demo-tech', location, 2000, text(3000)), 404, 'not.found');
    assert.deepEqual(await uploadFiles(), []);
    assert.ok(!(await names()).includes('abandoned.txt'));
  });

  it('refuses at creation, before any byte is kept: credentials, record, permission, size, name, metadata', async () => {
    const before = await uploadFiles();
    await problem(await tus.create(null, { filename: 'a.txt', ...job, length: 10 }), 401, 'auth.required');
    await problem(await tus.create('demo-host', { filename: 'a.txt', ...job, length: 10 }), 403, 'host.notAllowed');
    await problem(await tus.create('demo-tech', { filename: 'a.txt', recordType: 'job', recordId: 'J-404', length: 10 }), 404, 'not.found');
    // A portal client: another customer's record is invisible (404); its own record is not theirs to upload to (403).
    await problem(
      await tus.create('demo-client-a', { filename: 'a.txt', recordType: 'job', recordId: 'J-2001', length: 10 }),
      404,
      'not.found',
    );
    await problem(await tus.create('demo-client-a', { filename: 'a.txt', ...job, length: 10 }), 403, 'client.notAllowed');
    await problem(await tus.create('demo-tech', { filename: 'big.txt', ...job, length: limit + 1 }), 413, 'upload.tooLarge');
    const exe = await tus.create('demo-tech', { filename: 'setup.exe', ...job, length: 10 });
    assert.equal(exe.status, 422);
    assert.match((await exe.json()).code, /^upload\./);
    await problem(await tus.create('demo-tech', { filename: 'a.txt', recordType: 'job', length: 10 }), 400, 'validation.invalid');
    await problem(
      await tus.create('demo-tech', { filename: 'a.txt', ...job, headers: { 'Upload-Defer-Length': '1' } }),
      501,
      'tus.unsupported',
    );
    await problem(
      await tus.create('demo-tech', { filename: 'a.txt', ...job, length: 10, headers: { 'Tus-Resumable': '' } }),
      412,
      'tus.versionRequired',
    );
    assert.deepEqual(await uploadFiles(), before, 'no upload was created');
  });

  it('a body longer than the Upload-Length is 413 upload.lengthExceeded (not the size limit); the upload carries on', async () => {
    const location = await created('demo-tech', 'a.txt', 100);
    // Content-Length says it: refused before a byte is read.
    await lengthExceeded(await tus.patch('demo-tech', location, 0, text(200)), 100);
    assert.equal((await tus.head('demo-tech', location)).headers.get('upload-offset'), '0');
    // No Content-Length (chunked): found out while streaming, past the 100th byte.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(text(60));
        controller.enqueue(text(140));
        controller.close();
      },
    });
    await lengthExceeded(
      await server.fetch(location, 'demo-tech', {
        method: 'PATCH',
        headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
        body: chunked,
        duplex: 'half',
      } as RequestInit),
      100,
    );
    const offset = Number((await tus.head('demo-tech', location)).headers.get('upload-offset'));
    assert.ok(offset <= 100, `kept ${offset} bytes`);
    // The right bytes complete it.
    const done = await tus.patch('demo-tech', location, offset, text(100 - offset));
    assert.equal(done.status, 204, await done.text());
  });

  it('only the creator may HEAD, PATCH or DELETE an upload; anyone else gets 404', async () => {
    const location = await created('demo-tech', 'mine.txt', 4000);
    assert.equal((await tus.patch('demo-tech', location, 0, text(1000))).status, 204);
    for (const token of ['demo-tech-confidential', 'demo-admin', 'demo-client-a']) {
      await problem(await tus.head(token, location), 404, 'not.found');
      await problem(await tus.patch(token, location, 1000, text(3000)), 404, 'not.found');
      await problem(await tus.delete(token, location), 404, 'not.found');
    }
    await problem(await tus.head(null, location), 401, 'auth.required');
    await problem(await tus.head('demo-tech', '/api/uploads/..%2F..%2Fattachkit.sqlite'), 404, 'not.found');
    assert.equal((await tus.head('demo-tech', location)).headers.get('upload-offset'), '1000', 'untouched');
    assert.equal((await tus.delete('demo-tech', location)).status, 204);
  });

  it('keeps the bytes of a PATCH cut off mid-body; the upload resumes from the offset HEAD reports', async () => {
    const bytes = new Uint8Array(600_000).map((_, i) => 0x41 + (i % 26));
    const location = await created('demo-tech', 'cut.txt', bytes.length);
    const sent = 400_000;
    await new Promise<void>((resolve) => {
      const request = openPatch(server, location, bytes.length);
      request.on('error', () => resolve());
      request.on('response', () => resolve());
      // Half the body, then the signal drops.
      request.write(bytes.subarray(0, sent), () => setTimeout(() => request.destroy(), 150));
    });
    const offset = Number((await tus.head('demo-tech', location)).headers.get('upload-offset'));
    assert.ok(offset > 0 && offset <= sent, `kept ${offset} of the ${sent} bytes sent`);
    const rest = await tus.patch('demo-tech', location, offset, bytes.subarray(offset));
    assert.equal(rest.status, 204, await rest.text());
    const id = rest.headers.get('attachkit-attachment-id')!;
    const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.checksum, sha256(bytes), 'the resumed upload is byte for byte the file');
  });

  it('publishes the finished file as the blob itself (a hard link, no second copy), with the checksum of its PATCHes', async () => {
    const bytes = new Uint8Array(500_000).map((_, i) => 0x61 + (i % 26));
    const location = await created('demo-tech', 'linked.txt', bytes.length);
    const id = location.split('/').pop()!;
    assert.equal((await tus.patch('demo-tech', location, 0, bytes.subarray(0, 200_000))).status, 204);
    const { ino } = await stat(join(server.dataDir, 'uploads', id));
    const done = await tus.patch('demo-tech', location, 200_000, bytes.subarray(200_000));
    assert.equal(done.status, 204);
    const blob = await stat(join(server.dataDir, 'blobs', id.slice(0, 2), id));
    assert.equal(blob.ino, ino, 'the blob is the file the PATCHes wrote');
    assert.equal(blob.nlink, 1, 'and the tus name of it is gone');
    const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
    assert.equal(attachment.checksum, sha256(bytes));
    assert.equal(attachment.mimeType, 'text/plain');
  });

  it('refuses hostile content at completion with problem+json; nothing is listed or kept', async () => {
    // An ELF executable named like a PDF.
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(4088).fill(0)]);
    const location = await created('demo-tech', 'invoice.pdf', elf.length);
    const blobsBefore = await readdir(join(server.dataDir, 'blobs'), { recursive: true });
    const response = await tus.patch('demo-tech', location, 0, elf);
    assert.ok(response.status === 422, `status ${response.status}`);
    const body = await response.json();
    assert.match(body.code, /^upload\./);
    assert.ok(body.reasons[0].message.includes('invoice.pdf'));
    assert.ok(!(await names()).includes('invoice.pdf'));
    assert.deepEqual(await readdir(join(server.dataDir, 'blobs'), { recursive: true }), blobsBefore, 'no blob');
    assert.deepEqual(await uploadFiles(), [], 'the refused bytes are dropped');
    // The creator's retries (HEAD, or the PATCH again) learn the refusal, as when the answer was lost; anyone else: 404.
    await problem(await tus.head('demo-tech', location), 422, body.code);
    await problem(await tus.patch('demo-tech', location, elf.length, new Uint8Array(0)), 422, body.code);
    await problem(await tus.head('demo-admin', location), 404, 'not.found');
  });
});

describe('resumable uploads: creation-with-upload', () => {
  it('a creation body longer than its Upload-Length is 413 upload.lengthExceeded too', async () => {
    const server = await startServer({ limits: { maxBytes: limit } });
    try {
      await lengthExceeded(await tusClient(server).create('demo-tech', { filename: 'b.txt', ...job, length: 10, body: text(20) }), 10);
    } finally {
      await server.close();
    }
  });
});

describe('resumable uploads: expiry', () => {
  it('an unfinished upload expires (410) and the sweep removes it (404)', async () => {
    const server = await startServer({ server: { resumableUploads: { expiresAfterMs: 200, sweepIntervalMs: 0 } } });
    try {
      const tus = tusClient(server);
      const response = await tus.create('demo-tech', { filename: 'slow.txt', ...job, length: 1000 });
      const location = response.headers.get('location')!;
      assert.equal((await tus.patch('demo-tech', location, 0, text(10))).status, 204);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await problem(await tus.head('demo-tech', location), 410, 'upload.expired');
      await problem(await tus.patch('demo-tech', location, 10, text(990)), 410, 'upload.expired');
      assert.equal(await server.app.attachkit.uploads!.sweepExpired(), 1);
      await problem(await tus.head('demo-tech', location), 404, 'not.found');
      assert.deepEqual(await readdir(join(server.dataDir, 'uploads')), []);
    } finally {
      await server.close();
    }
  });
});
