/**
 * tus 1.0 with the content on S3 (a real S3-protocol server): an unfinished
 * upload is a multipart upload at its blob's key (`<prefix>blobs/<id>`,
 * `@tus/s3-store`, parts of ≥ 5 MiB) with its `.info`/`.part` under
 * `<prefix>uploads/`, so any process sharing the bucket resumes it; the
 * completion commits the row with the same checks and checksum and copies
 * nothing; a PATCH cut off mid-body resumes; the content sweep leaves live
 * uploads alone; expired uploads are swept with their multipart uploads
 * aborted, an attachment's object kept; refused content leaves nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { openBlobs } from '../src/storage/open-blobs.js';
import sharp from 'sharp';
import { startServer, type TestServer } from './support/harness.js';
import { startS3, type TestS3 } from './support/s3.js';
import { tusClient } from './support/tus.js';

const job = { recordType: 'job', recordId: 'J-1001' };
const mib = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const pattern = (size: number, seed: number) => new Uint8Array(size).map((_, i) => 0x41 + ((i * 7 + seed) % 26));

/** Sends `sent` bytes of a PATCH that announces them all, then drops the connection. */
function cutOffPatch(baseURL: string, location: string, offset: number, bytes: Uint8Array, sent: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = httpRequest(baseURL + location, {
      method: 'PATCH',
      headers: {
        Authorization: 'Bearer demo-tech',
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(bytes.length),
      },
    });
    request.on('error', () => resolve());
    request.on('response', () => resolve());
    request.write(bytes.subarray(0, sent), () => setTimeout(() => request.destroy(), 300));
  });
}

describe('resumable uploads on S3', () => {
  let s3: TestS3;
  let bucket: string;
  let server: TestServer;
  let tus: ReturnType<typeof tusClient>;

  before(async () => {
    s3 = await startS3();
    bucket = await s3.createBucket('tus');
    server = await startServer({ blobs: s3.blobsUrl(bucket, 'ak', { partSize: String(5 * mib) }), limits: { maxBytes: 40 * mib } });
    tus = tusClient(server);
  });
  after(async () => {
    await server?.close();
    await s3?.stop();
  });

  const uploadKeys = async () => (await s3.keys(bucket)).filter((key) => key.startsWith('ak/uploads/'));
  const unfinished = async () => (await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];

  async function created(filename: string, length: number): Promise<string> {
    const response = await tus.create('demo-tech', { filename, ...job, length });
    assert.equal(response.status, 201, await response.text());
    return response.headers.get('location')!;
  }

  it('keeps an unfinished upload in the bucket, resumes it in PATCHes of any size, and publishes it without a second upload', async () => {
    const bytes = pattern(13 * mib + 5, 1);
    const location = await created('site-video.bin', bytes.length);
    const id = location.split('/').pop()!;
    assert.ok((await uploadKeys()).includes(`ak/uploads/${id}.info`), 'the upload lives in the bucket, under the prefix');
    assert.deepEqual(
      (await unfinished()).map((u) => u.Key),
      [`ak/blobs/${id}`],
      'the multipart upload is at the key of the blob it becomes',
    );

    // 6 MiB (one part and a 1 MiB tail kept as .part), 3 MiB (the tail grows), then the rest.
    let offset = 0;
    for (const size of [6 * mib, 3 * mib]) {
      const response = await tus.patch('demo-tech', location, offset, bytes.subarray(offset, offset + size));
      assert.equal(response.status, 204, await response.text());
      offset += size;
      assert.equal(response.headers.get('upload-offset'), String(offset));
      assert.equal((await tus.head('demo-tech', location)).headers.get('upload-offset'), String(offset));
    }
    assert.ok(!(await s3.keys(bucket)).includes(`ak/blobs/${id}`), 'no object before the last part');
    const since = s3.requests.length;
    const last = await tus.patch('demo-tech', location, offset, bytes.subarray(offset));
    assert.equal(last.status, 204, await last.text());
    assert.equal(last.headers.get('attachkit-attachment-id'), id);
    assert.deepEqual(
      s3.requests.slice(since).filter((request) => request.copySource),
      [],
      'no copy inside the bucket: the completed multipart upload is the blob',
    );

    const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.checksum, sha256(bytes));
    const content = new Uint8Array(await (await server.fetch(`/api/attachments/${id}/content`, 'demo-tech')).arrayBuffer());
    assert.equal(sha256(content), sha256(bytes), 'served byte for byte');
    assert.deepEqual(await uploadKeys(), [], 'the tus copy is gone');
    assert.deepEqual(await unfinished(), []);
    assert.ok((await s3.keys(bucket)).includes(`ak/blobs/${id}`));

    const head = await tus.head('demo-tech', location);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('upload-offset'), String(bytes.length));
    assert.equal(head.headers.get('attachkit-attachment-id'), id);
  });

  it('keeps the bytes of a PATCH cut off mid-body; the upload resumes from the offset HEAD reports, byte for byte', async () => {
    const bytes = pattern(12 * mib, 2);
    const location = await created('cut.bin', bytes.length);
    const sent = 7 * mib;
    await cutOffPatch(server.baseURL, location, 0, bytes, sent);
    const offset = Number((await tus.head('demo-tech', location)).headers.get('upload-offset'));
    assert.ok(offset > 0 && offset <= sent, `kept ${offset} of the ${sent} bytes sent`);
    const rest = await tus.patch('demo-tech', location, offset, bytes.subarray(offset));
    assert.equal(rest.status, 204, await rest.text());
    const attachment = await (await server.fetch(`/api/attachments/${rest.headers.get('attachkit-attachment-id')}`, 'demo-tech')).json();
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.checksum, sha256(bytes));
    assert.deepEqual(await uploadKeys(), []);
  });

  it('only the creator may HEAD, PATCH or DELETE; DELETE aborts the multipart upload', async () => {
    const location = await created('mine.bin', 6 * mib);
    assert.equal((await tus.patch('demo-tech', location, 0, pattern(1000, 3))).status, 204);
    for (const token of ['demo-admin', 'demo-client-a']) {
      assert.equal((await tus.head(token, location)).status, 404);
      assert.equal((await tus.patch(token, location, 1000, pattern(10, 3))).status, 404);
      assert.equal((await tus.delete(token, location)).status, 404);
    }
    assert.equal((await tus.delete('demo-tech', location)).status, 204);
    assert.equal((await tus.head('demo-tech', location)).status, 404);
    assert.deepEqual(await uploadKeys(), []);
    assert.deepEqual(await unfinished(), []);
  });

  it('a camera JPEG loses its GPS position and keeps its capture time; a PNG is published as sent; both get thumbnails', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 120, b: 200 } } })
      .jpeg({ quality: 85 })
      .withExif({
        IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 1234/100', GPSMapDatum: 'SECRET-DATUM' },
      })
      .toBuffer();
    const png = await sharp({ create: { width: 640, height: 480, channels: 4, background: { r: 200, g: 20, b: 20, alpha: 0.5 } } })
      .png()
      .toBuffer();
    for (const [name, bytes] of [
      ['after.jpg', jpeg],
      ['plan.png', png],
    ] as const) {
      const location = await created(name, bytes.length);
      const done = await tus.patch('demo-tech', location, 0, bytes);
      assert.equal(done.status, 204, await done.text());
      const id = done.headers.get('attachkit-attachment-id')!;
      const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
      const stored = Buffer.from(await (await server.fetch(`/api/attachments/${id}/content`, 'demo-tech')).arrayBuffer());
      assert.equal(attachment.checksum, sha256(stored), 'the checksum is of the bytes stored');
      if (name === 'after.jpg') {
        assert.ok(!stored.includes('SECRET-DATUM'), 'no GPS bytes left');
        assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
      } else assert.equal(sha256(stored), sha256(png), 'a PNG is stored as sent');
      const thumbnail = await server.fetch(`/api/attachments/${id}/thumbnail`, 'demo-tech');
      assert.equal(thumbnail.status, 200);
      assert.equal(thumbnail.headers.get('content-type'), 'image/webp');
    }
    assert.deepEqual(await uploadKeys(), []);
  });

  it('refuses hostile content at completion; nothing is listed or kept in the bucket', async () => {
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(4088).fill(0)]);
    const before = await s3.keys(bucket);
    const location = await created('invoice.pdf', elf.length);
    const response = await tus.patch('demo-tech', location, 0, elf);
    assert.equal(response.status, 422);
    assert.match((await response.json()).code, /^upload\./);
    assert.deepEqual(await s3.keys(bucket), before, 'no object: neither the tus copy nor a blob');
    assert.deepEqual(await unfinished(), []);
    assert.equal((await tus.head('demo-tech', location)).status, 422, 'the creator’s retry learns the refusal');
  });

  it('an expired upload answers 410; the sweep aborts its multipart upload and removes its objects, and nothing else', async () => {
    const short = await startServer({
      blobs: s3.blobsUrl(bucket, 'short'),
      server: { resumableUploads: { expiresAfterMs: 1500, sweepIntervalMs: 0 } },
    });
    try {
      // A live upload beside it, under the main server's prefix (24 h expiry).
      const live = await created('live.bin', 6 * mib);
      assert.equal((await tus.patch('demo-tech', live, 0, pattern(1000, 5))).status, 204);
      const liveKeys = await uploadKeys();

      const client = tusClient(short);
      const response = await client.create('demo-tech', { filename: 'slow.bin', ...job, length: 8 * mib });
      const location = response.headers.get('location')!;
      assert.equal((await client.patch('demo-tech', location, 0, pattern(6 * mib, 4))).status, 204);
      const mine = async () => (await s3.keys(bucket)).filter((key) => key.startsWith('short/uploads/'));
      assert.ok((await mine()).length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 1700));
      assert.equal((await client.head('demo-tech', location)).status, 410);
      assert.equal(await server.app.attachkit.uploads!.sweepExpired(), 0, 'a live upload is not swept');
      assert.equal(await short.app.attachkit.uploads!.sweepExpired(), 1);
      assert.deepEqual(await mine(), []);
      assert.deepEqual(
        (await unfinished()).map((u) => u.Key),
        [live.replace('/api/uploads/', 'ak/blobs/')],
        'the expired multipart upload is aborted; the live one, under another prefix, stays',
      );
      assert.deepEqual(await uploadKeys(), liveKeys);
      assert.equal((await client.head('demo-tech', location)).status, 404);
      assert.equal((await tus.delete('demo-tech', live)).status, 204);
    } finally {
      await short.close();
    }
  });
  it('the content sweep of a process that sweeps at once leaves live uploads alone and still removes orphans', async () => {
    const bytes = pattern(8 * mib + 11, 6);
    const location = await created('long-job.bin', bytes.length);
    const id = location.split('/').pop()!;
    // One part in the multipart upload at the blob's key, a 1 MiB tail as .part.
    assert.equal((await tus.patch('demo-tech', location, 0, bytes.subarray(0, 6 * mib))).status, 204);
    const orphan = 'c0ffee00-0000-4000-8000-00000000beef';
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `ak/blobs/${orphan}`, Body: 'left by a crash' }));
    await new Promise((resolve) => setTimeout(resolve, 1100));

    // The content sweep as a process with staleAfter=0 runs it, on this server's metadata and uploads.
    const eager = await openBlobs(server.dataDir, s3.blobsUrl(bucket, 'ak', { staleAfter: '0' }));
    try {
      const { store, uploads } = server.app.attachkit;
      assert.equal(await eager.sweep(store, () => uploads!.inUse()), 1, 'the orphan, and nothing of the live upload');
    } finally {
      eager.close();
    }
    assert.ok(!(await s3.keys(bucket)).includes(`ak/blobs/${orphan}`));
    assert.deepEqual(
      (await unfinished()).map((u) => u.Key),
      [`ak/blobs/${id}`],
    );
    assert.equal((await tus.head('demo-tech', location)).headers.get('upload-offset'), String(6 * mib));
    const last = await tus.patch('demo-tech', location, 6 * mib, bytes.subarray(6 * mib));
    assert.equal(last.status, 204, await last.text());
    const attachment = await (await server.fetch(`/api/attachments/${id}`, 'demo-tech')).json();
    assert.equal(attachment.checksum, sha256(bytes), 'completed byte for byte after the sweep');
    assert.deepEqual(await uploadKeys(), []);
  });

  it('the expiry sweep keeps the object of an upload that became an attachment and removes one that never did; a DELETE leaves it to the content sweep', async () => {
    const short = await startServer({
      blobs: s3.blobsUrl(bucket, 'late'),
      server: { resumableUploads: { expiresAfterMs: 1500, sweepIntervalMs: 0 } },
    });
    try {
      const client = tusClient(short);
      const bytes = pattern(100_000, 7);
      const response = await client.create('demo-tech', { filename: 'kept.bin', ...job, length: bytes.length });
      const id = response.headers.get('location')!.split('/').pop()!;
      const infoKey = `late/uploads/${id}.info`;
      const info = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: infoKey }));
      const infoBody = await info.Body!.transformToString();
      const done = await client.patch('demo-tech', response.headers.get('location')!, 0, bytes);
      assert.equal(done.status, 204, await done.text());
      // A crash between the commit and the removal of the .info would leave it: put it back.
      await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: infoKey, Body: infoBody, Metadata: info.Metadata }));
      // Finished uploads whose completion died before its commit: an object and an .info, no row.
      const lost = 'c0ffee00-0000-4000-8000-0000000000ad';
      const terminated = 'c0ffee00-0000-4000-8000-0000000000de';
      for (const other of [lost, terminated]) {
        await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `late/blobs/${other}`, Body: 'never committed' }));
        await s3.client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: `late/uploads/${other}.info`,
            Body: infoBody.replaceAll(id, other),
            Metadata: info.Metadata,
          }),
        );
      }
      // A DELETE never removes the object (on another process a completion may be committing it); the .info goes.
      assert.equal((await client.delete('demo-tech', `/api/uploads/${terminated}`)).status, 204);
      assert.ok((await s3.keys(bucket)).includes(`late/blobs/${terminated}`));
      await new Promise((resolve) => setTimeout(resolve, 1700));
      assert.equal(await short.app.attachkit.uploads!.sweepExpired(), 2);
      // Without an .info, the terminated upload's object is the content sweep's: an orphan.
      const eager = await openBlobs(short.dataDir, s3.blobsUrl(bucket, 'late', { staleAfter: '0' }));
      try {
        assert.equal(await eager.sweep(short.app.attachkit.store, () => short.app.attachkit.uploads!.inUse()), 1);
      } finally {
        eager.close();
      }
      const keys = (await s3.keys(bucket)).filter((key) => key.startsWith('late/'));
      assert.ok(!keys.includes(`late/blobs/${terminated}`), 'the terminated upload’s object is swept as an orphan');
      assert.ok(keys.includes(`late/blobs/${id}`), 'the attachment keeps its content');
      assert.ok(!keys.includes(`late/blobs/${lost}`), 'the uncommitted object is gone');
      assert.deepEqual(
        keys.filter((key) => key.startsWith('late/uploads/')),
        [],
      );
      const content = new Uint8Array(await (await short.fetch(`/api/attachments/${id}/content`, 'demo-tech')).arrayBuffer());
      assert.equal(sha256(content), sha256(bytes));
    } finally {
      await short.close();
    }
  });
  it('an upload the malware scan refuses at completion leaves no object and no multipart upload', async () => {
    const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
    const scanning = await startServer({
      blobs: s3.blobsUrl(bucket, 'scan', { partSize: String(5 * mib) }),
      server: {
        scan: async ({ stream }) => {
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).includes(eicar) ? { infected: true, signature: 'Eicar-Test-Signature' } : { infected: false };
        },
      },
    });
    try {
      const client = tusClient(scanning);
      const before = await s3.keys(bucket);
      // Larger than a part: the multipart upload completes into an object at the blob's key before the verdict.
      const infected = Buffer.concat([Buffer.from(pattern(6 * mib, 8)), Buffer.from(eicar)]);
      const response = await client.create('demo-tech', { filename: 'field-notes.bin', ...job, length: infected.length });
      const location = response.headers.get('location')!;
      const refused = await client.patch('demo-tech', location, 0, infected);
      assert.equal(refused.status, 422);
      assert.equal((await refused.json()).code, 'upload.malware');
      assert.deepEqual(await s3.keys(bucket), before, 'no object, no .info');
      assert.deepEqual(
        (await unfinished()).filter((upload) => upload.Key?.startsWith('scan/')),
        [],
      );
      const listed = (await (await scanning.fetch('/api/records/job/J-1001/attachments', 'demo-tech')).json()) as { name: string }[];
      assert.ok(!listed.some((item) => item.name === 'field-notes.bin'), 'never listed');
    } finally {
      await scanning.close();
    }
  });
  it('runs on the @tus/s3-store whose uploadParts resumable-s3-temp.ts overrides (re-check that copy when this moves)', async () => {
    const manifest = new URL('../package.json', import.meta.resolve('@tus/s3-store'));
    const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
    assert.equal(version, '2.0.7', 'compare S3Store.uploadParts of the new version with the override, then update this');
  });
});
