/**
 * The reference server on PostgreSQL + S3: uploads stream to the bucket and
 * pass the same checks as on disk, downloads (whole, ranges, presigned),
 * health checks, and clear start-up errors.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeleteBucketCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { AttachKitError, type AttachKitBackend } from '@attachkit/sdk';
import { createBearerAuthenticator, createServer } from '../src/index.js';
import { makeDocx, makePng } from '../src/demo/demo-files.js';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';
import { freePort } from './support/postgres.js';
import type { TestS3 } from './support/s3.js';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';

const job = { type: 'job', id: 'J-1001' };
const mib = 1024 * 1024;
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const noAuth = createBearerAuthenticator({});

function bytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + 17) & 0xff;
  return out;
}

describe('reference server on PostgreSQL and S3', () => {
  let world: ScaledOutWorld;
  let s3: TestS3;
  let bucket: string;
  let url: string;
  let server: TestServer;
  let admin: AttachKitBackend;

  before(async () => {
    world = await startScaledOutWorld();
    s3 = world.s3;
    const storage = await world.storage('server', { prefix: 'ak' });
    [url, bucket] = [storage.metadata, storage.bucket];
    server = await startAdminWorld({ metadata: url, blobs: storage.blobs, limits: { maxBytes: 20 * mib } });
    admin = server.backend('admin');
  });
  after(async () => {
    await server?.close();
    await world?.stop();
  });

  const objects = async () => (await s3.keys(bucket)).filter((key) => key.startsWith('ak/blobs/'));
  const unfinishedUploads = async () => (await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];

  it('streams an upload of several parts to the bucket and serves it whole and by range', async () => {
    const data = bytes(12 * mib + 7);
    const attachment = await admin.uploadAttachment(job, { name: 'survey.bin', data: new Blob([data as BlobPart]) });
    assert.equal(attachment.size, data.length);
    assert.equal(attachment.checksum, sha(data));
    assert.deepEqual(await objects(), [`ak/blobs/${attachment.id}`]);

    const whole = await server.fetch(`/api/attachments/${attachment.id}/content`, 'admin');
    assert.equal(whole.status, 200);
    assert.equal(sha(new Uint8Array(await whole.arrayBuffer())), sha(data));
    const range = await server.fetch(`/api/attachments/${attachment.id}/content`, 'admin', { headers: { Range: 'bytes=6291450-6291459' } });
    assert.equal(range.status, 206);
    assert.equal(range.headers.get('content-range'), `bytes 6291450-6291459/${data.length}`);
    assert.deepEqual(new Uint8Array(await range.arrayBuffer()), data.subarray(6291450, 6291460));

    await admin.deleteAttachment(attachment.id);
    assert.deepEqual(await objects(), []);
  });

  it('sniffs from the head bytes exactly as on disk, and a refusal leaves no object and no unfinished upload', async () => {
    const png = await admin.uploadAttachment(job, {
      name: 'photo.png',
      data: new Blob([makePng(8, 8, [0, 0, 0], [255, 255, 255]) as BlobPart]),
    });
    assert.equal(png.mimeType, 'image/png');
    const docx = await admin.uploadAttachment(job, { name: 'report.docx', data: new Blob([makeDocx(['Hello']) as BlobPart]) });
    assert.equal(docx.mimeType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const before = await objects();

    const html = new TextEncoder().encode('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
    const exe = new Uint8Array(256);
    exe.set([0x4d, 0x5a], 0);
    exe.set([0x80, 0, 0, 0], 0x3c);
    exe.set([0x50, 0x45, 0, 0], 0x80);
    for (const [name, data, code] of [
      ['photo2.png', html, 'upload.contentMismatch'],
      ['invoice.pdf', exe, 'upload.executableContent'],
      ['huge.bin', bytes(21 * mib), 'upload.tooLarge'],
    ] as const) {
      const error = await admin.uploadAttachment(job, { name, data: new Blob([data as BlobPart]) }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(error instanceof AttachKitError, `${name} is refused`);
      assert.equal(error.code, code);
    }
    assert.deepEqual(await objects(), before);
    assert.deepEqual(await unfinishedUploads(), []);
    assert.deepEqual((await admin.listAttachments(job)).map((a) => a.name).sort(), ['photo.png', 'report.docx']);
  });

  it('keeps nothing but temporary files in the data directory', async () => {
    const entries = await readdir(server.dataDir);
    assert.ok(!entries.includes('attachkit.sqlite') && !entries.includes('blobs'), `data directory holds ${entries.join(', ')}`);
  });

  it('answers /healthz and /readyz without authentication', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await server.fetch(path, null);
      assert.equal(response.status, 200, path);
    }
  });

  it('redirects downloads to a short-lived presigned URL when asked to, after the policy check', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'attachkit-presign-'));
    const presigning = await startAdminWorld({ dataDir, metadata: url, blobs: s3.blobsUrl(bucket, 'ak', { presign: '60' }) });
    try {
      const [attachment] = await admin.listAttachments(job);
      const response = await presigning.fetch(`/api/attachments/${attachment!.id}/content`, 'admin', { redirect: 'manual' });
      assert.equal(response.status, 302);
      const location = response.headers.get('location')!;
      assert.match(location, new RegExp(`^${s3.endpoint}/${bucket}/ak/blobs/${attachment!.id}\\?.*X-Amz-Expires=60`));
      const direct = await fetch(location);
      assert.equal(direct.status, 200);
      assert.equal(sha(new Uint8Array(await direct.arrayBuffer())), attachment!.checksum);
      assert.equal(
        (await presigning.fetch(`/api/attachments/${attachment!.id}/content`, null, { redirect: 'manual' })).status,
        401,
        'no URL without the policy',
      );
      assert.equal(
        (await presigning.fetch(`/api/attachments/${attachment!.id}/content?inline=1`, 'admin', { redirect: 'manual' })).status,
        200,
        'inline views stream through the server',
      );
    } finally {
      await presigning.close();
    }
  });

  it('answers /readyz 503 when the bucket goes away', async () => {
    const { metadata, bucket: lonely, blobs } = await world.storage('lonely');
    const other = await startAdminWorld({ metadata, blobs });
    try {
      await s3.client.send(new DeleteBucketCommand({ Bucket: lonely }));
      const response = await other.fetch('/readyz', null);
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(((await response.json()) as { code: string }).code, 'server.notReady');
    } finally {
      await other.close();
    }
  });

  it('refuses to start with a clear error: missing bucket, unreachable database, bad URLs', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'attachkit-bad-'));
    try {
      await assert.rejects(
        createServer({ dataDir, authenticate: noAuth, metadata: url, blobs: s3.blobsUrl('no-such-bucket') }),
        /Cannot use the S3 bucket no-such-bucket at http:\/\/127\.0\.0\.1:\d+: the bucket does not exist\./,
      );
      await assert.rejects(
        createServer({ dataDir, authenticate: noAuth, metadata: `postgres://postgres@127.0.0.1:${await freePort()}/x` }),
        /^Error: Cannot reach the metadata database postgres:\/\/postgres@127\.0\.0\.1:\d+\/x: /,
      );
      await assert.rejects(
        createServer({ dataDir, authenticate: noAuth, metadata: 'mysql://db/x' }),
        /scheme mysql: expected postgres:\/\//,
      );
      await assert.rejects(
        createServer({ dataDir, authenticate: noAuth, blobs: 'https://bucket.example/x' }),
        /scheme https: expected s3:\/\//,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
