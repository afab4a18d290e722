/** The S3 blob store against a real S3-protocol server: multipart streaming, ranges, visibility, the sweep. */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { createS3BlobStore, type S3BlobStore } from '../src/storage/s3-blob-store.js';
import { parseBlobsUrl } from '../src/storage/open-blobs.js';
import { s3TestCredentials, startS3, type TestS3 } from './support/s3.js';

const mib = 1024 * 1024;

/** `size` deterministic bytes in 64 KB chunks, as a socket would deliver them. */
function bytes(size: number, seed = 7): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}
const chunks = (data: Buffer) =>
  Readable.from(Array.from({ length: Math.ceil(data.length / 65536) }, (_, i) => data.subarray(i * 65536, (i + 1) * 65536)));
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('S3 blob store', () => {
  let s3: TestS3;
  let bucket: string;
  let store: S3BlobStore;
  const open = (extra: Partial<Parameters<typeof createS3BlobStore>[0]> = {}) =>
    createS3BlobStore({
      bucket,
      prefix: 'tenant/',
      client: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3TestCredentials },
      partSize: 5 * mib,
      ...extra,
    });

  before(async () => {
    s3 = await startS3();
    bucket = await s3.createBucket('blobs');
    store = open();
  });
  after(async () => {
    store?.close();
    await s3?.stop();
  });

  it('streams a multi-part upload that becomes visible only at commit, and reads it whole and by range', async () => {
    const data = bytes(12 * mib + 12345);
    const id = randomUUID();
    const writer = await store.create(id);
    assert.equal(writer.localPath, undefined, 'no local copy: the pipeline sniffs the head bytes it kept');
    await pipeline(chunks(data), writer.stream);
    await writer.commit();
    assert.equal(await store.size(id), data.length);
    assert.equal(sha(await readAll(store.read(id))), sha(data));
    assert.deepEqual(await readAll(store.read(id, { start: 5 * mib - 3, end: 5 * mib + 4 })), data.subarray(5 * mib - 3, 5 * mib + 5));
    assert.deepEqual(await s3.keys(bucket), [`tenant/blobs/${id}`]);
    const ids: string[] = [];
    for await (const listed of store.list()) ids.push(listed);
    assert.deepEqual(ids, [id]);
    await store.delete(id);
    assert.equal(await store.size(id), null);
  });

  it('leaves nothing behind when a writer is discarded, before or after its bytes are complete', async () => {
    const early = await store.create(randomUUID());
    early.stream.write(bytes(6 * mib));
    await early.discard();
    const late = await store.create(randomUUID());
    await pipeline(chunks(bytes(100)), late.stream);
    await late.discard();
    await late.discard();
    assert.deepEqual(await s3.keys(bucket), []);
    const uploads = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'tenant/' }));
    assert.deepEqual(uploads.Uploads ?? [], []);
  });

  it('fails the writer’s stream when the store refuses the upload, instead of stalling', async () => {
    const broken = createS3BlobStore({
      bucket: 'no-such-bucket',
      client: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3TestCredentials },
    });
    try {
      const writer = await broken.create(randomUUID());
      // More than the parts in flight (4 × 8 MiB): a stalled stream would hang here instead of failing.
      await assert.rejects(async () => {
        await pipeline(chunks(bytes(48 * mib)), writer.stream);
        await writer.commit();
      });
      await writer.discard();
      await assert.rejects(broken.check(), /Cannot use the S3 bucket no-such-bucket at .*: the bucket does not exist\./);
    } finally {
      broken.close();
    }
  });

  it('sweeps old objects without a row and stale multipart uploads, and spares young ones and those in use', async () => {
    const sweeper = open({ staleAfterSeconds: 0 });
    const keep = randomUUID();
    const orphan = randomUUID();
    // A resumable upload: its multipart upload (and, once complete, its object) at the blob's key, with no row yet.
    const inUse = randomUUID();
    const finishing = randomUUID();
    for (const id of [keep, orphan, finishing])
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `tenant/blobs/${id}`, Body: 'x' }));
    await s3.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `tenant/blobs/${randomUUID()}` }));
    const live = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: `tenant/blobs/${inUse}` }));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const young = open({ staleAfterSeconds: 3600 });
    assert.deepEqual(await young.sweep(async (ids) => ids), { objects: 0, uploads: 0 }, 'nothing is older than an hour');
    young.close();
    const result = await sweeper.sweep(async (ids) => ids.filter((id) => id !== keep), new Set([inUse, finishing]));
    sweeper.close();
    assert.deepEqual(result, { objects: 1, uploads: 1 });
    assert.deepEqual(await s3.keys(bucket), [`tenant/blobs/${finishing}`, `tenant/blobs/${keep}`].sort());
    const uploads = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'tenant/' }));
    assert.deepEqual(
      (uploads.Uploads ?? []).map((upload) => upload.UploadId),
      [live.UploadId],
    );
    await s3.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: `tenant/blobs/${inUse}`, UploadId: live.UploadId }));
    await Promise.all([keep, finishing].map((id) => store.delete(id)));
  });

  it('adopts an object already at the blob’s key without copying it, and nothing else', async () => {
    const id = randomUUID();
    const key = `tenant/blobs/${id}`;
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'finished upload' }));
    const since = s3.requests.length;
    assert.equal(await store.adopt!(id, { kind: 'object', bucket, key, size: 15 }), true);
    assert.deepEqual(
      s3.requests.slice(since).map((request) => request.method),
      ['HEAD'],
      'one HEAD, no copy',
    );
    await assert.rejects(store.adopt!(id, { kind: 'object', bucket, key, size: 16 }), /holds 15 bytes, not the 16/);
    assert.equal(await store.adopt!(randomUUID(), { kind: 'object', bucket, key, size: 15 }), false, 'another key: streamed instead');
    assert.equal(await store.adopt!(id, { kind: 'file', path: '/tmp/x' }), false);
    await store.delete(id);
  });

  it('presigns short-lived downloads only when asked to', async () => {
    assert.equal(await store.presignedUrl(randomUUID(), { name: 'a.pdf', mimeType: 'application/pdf', inline: false }), null);
    const presigning = open({ presignSeconds: 60 });
    const id = randomUUID();
    const writer = await presigning.create(id);
    await pipeline(chunks(Buffer.from('%PDF-1.4 hello')), writer.stream);
    await writer.commit();
    const url = await presigning.presignedUrl(id, { name: 'Quote "Q-1".pdf', mimeType: 'application/pdf', inline: false });
    presigning.close();
    assert.match(url!, /X-Amz-Expires=60/);
    const response = await fetch(url!);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '%PDF-1.4 hello');
    assert.match(response.headers.get('content-disposition')!, /^attachment; filename="Quote \\"Q-1\\".pdf"$/);
    await store.delete(id);
  });

  it('parses s3:// URLs and refuses bad ones with the reason', () => {
    assert.deepEqual(parseBlobsUrl('s3://my-bucket/attachkit?endpoint=http://127.0.0.1:9000&forcePathStyle=true&presign=300'), {
      bucket: 'my-bucket',
      prefix: 'attachkit/',
      client: { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
      presignSeconds: 300,
      staleAfterSeconds: undefined,
      partSize: undefined,
    });
    assert.equal(parseBlobsUrl('s3://my-bucket').prefix, '');
    assert.throws(() => parseBlobsUrl('http://my-bucket/x'), /scheme http: expected s3:\/\/bucket/);
    assert.throws(() => parseBlobsUrl('s3://ab'), /not a valid S3 bucket name/);
    assert.throws(() => parseBlobsUrl('s3://key:secret@my-bucket'), /no credentials/);
    assert.throws(() => parseBlobsUrl('s3://my-bucket?endpont=x'), /unknown parameter "endpont"/);
    assert.throws(() => parseBlobsUrl('s3://my-bucket?partSize=1000'), /partSize=1000 must be a whole number of at least 5242880/);
  });
});
