/**
 * Scaled out for real: two `attachkit-server` processes (demo mode) on one
 * PostgreSQL database and one S3 bucket, started at the same moment, behind
 * a private nginx (round robin, request bodies streamed). Each response says
 * which process served it (`X-Upstream`, added by nginx).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListMultipartUploadsCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import { startNginx, type TestNginx } from './support/nginx.js';
import type { TestS3 } from './support/s3.js';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const mib = 1024 * 1024;
const job = '/api/records/job/J-1001';
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const boundary = 'attachkit-e2e-boundary';

function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 89 + seed) & 0xff;
  return out;
}
const head = (name: string) =>
  new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);

async function eventually(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two server processes behind nginx on one PostgreSQL and one bucket', () => {
  let world: ScaledOutWorld;
  let s3: TestS3;
  let bucket: string;
  let dirs: string[];
  let args: (dir: string) => string[];
  let servers: ServerProcess[];
  let nginx: TestNginx;

  before(async () => {
    world = await startScaledOutWorld();
    s3 = world.s3;
    // staleAfter=1: the restarted process's sweep may clear what the killed one left a second earlier.
    const storage = await world.storage('e2e', { prefix: 'crm', query: { staleAfter: '1', partSize: String(5 * mib) } });
    bucket = storage.bucket;
    dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'attachkit-e2e-'))));
    args = (dir) => ['--data', dir, '--metadata', storage.metadata, '--blobs', storage.blobs, '--max-bytes', String(64 * mib)];
    servers = await Promise.all(dirs.map((dir) => startServerProcess(args(dir))));
    nginx = await startNginx(
      servers.map((s) => s.port),
      { maxBodySize: '70m' },
    );
  });
  after(async () => {
    await nginx?.stop();
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await world?.stop();
    await Promise.all((dirs ?? []).map((d) => rm(d, { recursive: true, force: true })));
  });

  /** A request through nginx; answers the response and the process that served it. */
  async function proxied(path: string, token: string, init: RequestInit = {}): Promise<{ response: Response; upstream: string }> {
    const response = await fetch(nginx.baseURL + path, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
    return { response, upstream: response.headers.get('x-upstream') ?? '' };
  }
  // Attachment content only: raster images also get a `<id>-thumbnail` object beside them.
  const objects = async () => (await s3.keys(bucket)).filter((key) => key.startsWith('crm/blobs/') && !key.endsWith('-thumbnail'));

  it('seeded the demo once although both processes started together', async () => {
    const { response } = await proxied(`${job}/attachments`, 'demo-admin');
    assert.equal(response.status, 200);
    const names = ((await response.json()) as { name: string }[]).map((a) => a.name);
    assert.equal(names.length, new Set(names).size, `no duplicates: ${names.join(', ')}`);
    assert.equal(names.length, 6);
    const contents = (await objects()).filter((key) => !key.endsWith('-thumbnail'));
    assert.equal(contents.length, 13, 'one object per demo file (besides the images’ thumbnails)');
  });

  it('uploads through one process and lists and downloads through the other', async () => {
    const data = bytes(12 * mib + 3, 5);
    const body = new Blob([head('site-survey.bin'), data, tail] as BlobPart[]);
    const upload = await proxied(`${job}/attachments`, 'demo-admin', {
      method: 'POST',
      body,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(upload.response.status, 201, await upload.response.clone().text());
    const created = (await upload.response.json()) as { id: string; checksum: string };
    assert.equal(created.checksum, sha(data));

    const list = await proxied(`${job}/attachments`, 'demo-admin');
    assert.notEqual(list.upstream, upload.upstream, 'round robin: the other process');
    assert.ok(((await list.response.json()) as { id: string }[]).some((a) => a.id === created.id));

    const download = await proxied(`/api/attachments/${created.id}/content`, 'demo-admin');
    const again = await proxied(`/api/attachments/${created.id}/content`, 'demo-admin', { headers: { Range: 'bytes=0-99' } });
    assert.notEqual(download.upstream, again.upstream);
    assert.equal(sha(new Uint8Array(await download.response.arrayBuffer())), sha(data));
    assert.equal(again.response.status, 206);
    assert.deepEqual(new Uint8Array(await again.response.arrayBuffer()), data.subarray(0, 100));
  });

  it('refuses on the other process at once when a grant is revoked through one', async () => {
    const before = await proxied(`${job}/attachments`, 'demo-tech');
    const seen = (await before.response.json()) as { id: string }[];
    assert.ok(seen.length > 0, 'the tech sees the job’s attachments');
    const revoke = await proxied('/api/users/u-tech/grants', 'demo-admin', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mobile: ['notes.view'] }),
    });
    assert.equal(revoke.response.status, 200, await revoke.response.clone().text());
    const after = await proxied(`${job}/attachments`, 'demo-tech');
    assert.notEqual(after.upstream, revoke.upstream, 'the very next request, on the other process');
    assert.equal(after.response.status, 200);
    assert.deepEqual(await after.response.json(), [], 'the list is empty for a tech without attachments.view');
    const download = await proxied(`/api/attachments/${seen[0]!.id}/content`, 'demo-tech');
    assert.equal(download.response.status, 404, 'and the content is refused as if it did not exist');
    const restore = await proxied('/api/users/u-tech/grants', 'demo-admin', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mobile: ['attachments.view', 'attachments.upload', 'attachments.rename', 'notes.view', 'notes.create'] }),
    });
    assert.equal(restore.response.status, 200);
  });

  it('answers one 200 and one 412 to two PATCHes with the same If-Match on different processes', async () => {
    const listed = (await (await proxied(`${job}/attachments`, 'demo-admin')).response.json()) as { id: string; revision: number }[];
    const target = listed[0]!;
    const patch = (name: string) =>
      proxied(`/api/attachments/${target.id}`, 'demo-admin', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${target.revision}"` },
        body: JSON.stringify({ name }),
      });
    const results = await Promise.all([patch('first.png'), patch('second.png')]);
    assert.notEqual(results[0].upstream, results[1].upstream, 'one PATCH per process');
    assert.deepEqual(results.map((r) => r.response.status).sort(), [200, 412]);
  });

  it('after kill -9 mid-upload and a restart, lists nothing partial and leaves no orphan object', async () => {
    const listBefore = ((await (await proxied(`${job}/attachments`, 'demo-admin')).response.json()) as unknown[]).length;
    const objectsBefore = await objects();
    const victim = servers[0]!;
    // Stream 12 MB of a 40 MB upload straight to one process, then stall: parts are in the bucket, the upload is not.
    let pull = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (pull === 0) controller.enqueue(head('crash.bin'));
        else if (pull <= 12) controller.enqueue(bytes(mib, pull));
        else await new Promise(() => {}); // never ends
        pull++;
      },
    });
    const request = fetch(`${victim.baseURL}${job}/attachments`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: {
        Authorization: 'Bearer demo-admin',
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head('crash.bin').length + 40 * mib + tail.length),
      },
    } as RequestInit).catch(() => null);
    const unfinished = async () =>
      (await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'crm/' }))).Uploads ?? [];
    await eventually(async () => (await unfinished()).length === 1, 'a multipart upload in the bucket');
    await victim.kill9();
    assert.equal(await request, null, 'the upload failed with the process');
    assert.equal((await unfinished()).length, 1, 'the crash left an unfinished multipart upload');

    await new Promise((resolve) => setTimeout(resolve, 1100));
    servers[0] = await startServerProcess(args(dirs[0]!), victim.port);
    assert.deepEqual(await unfinished(), [], 'the restart swept the unfinished upload');
    assert.deepEqual(await objects(), objectsBefore, 'no orphan object');
    for (let i = 0; i < 2; i++) {
      const { response } = await proxied(`${job}/attachments`, 'demo-admin');
      const items = (await response.json()) as { name: string }[];
      assert.equal(items.length, listBefore);
      assert.ok(!items.some((a) => a.name === 'crash.bin'));
    }
  });
  const b64 = (value: string) => Buffer.from(value).toString('base64');
  const tusHeaders = { 'Tus-Resumable': '1.0.0' };
  // An upload's .info and .part are under uploads/; its multipart upload is at the key of the blob it becomes.
  const tusKeys = async () => (await s3.keys(bucket)).filter((key) => key.startsWith('crm/uploads/'));
  const tusMultipart = async () =>
    (await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'crm/' }))).Uploads ?? [];
  /** How many parts of the upload at `location` the bucket holds (its multipart upload is at its blob's key). */
  async function partsIn(location: string): Promise<number> {
    const key = `crm/blobs/${location.split('/').pop()!}`;
    const uploads = (await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }))).Uploads ?? [];
    const uploadId = uploads.find((upload) => upload.Key === key)?.UploadId;
    if (!uploadId) return 0;
    return ((await s3.client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))).Parts ?? []).length;
  }
  /** The part files waiting in a process's own temp directory (under its --data). */
  const partFiles = async (dir: string) => readdir(join(dir, 'tmp', 's3-parts')).catch(() => []);
  async function tusCreate(baseURL: string, filename: string, length: number): Promise<{ location: string; upstream: string }> {
    const response = await fetch(`${baseURL}/api/uploads`, {
      method: 'POST',
      headers: {
        ...tusHeaders,
        Authorization: 'Bearer demo-admin',
        'Upload-Length': String(length),
        'Upload-Metadata': `filename ${b64(filename)},recordType ${b64('job')},recordId ${b64('J-1001')}`,
      },
    });
    assert.equal(response.status, 201, await response.text());
    return { location: response.headers.get('location')!, upstream: response.headers.get('x-upstream') ?? '' };
  }
  const tusPatch = (baseURL: string, location: string, offset: number, body: Uint8Array) =>
    fetch(baseURL + location, {
      method: 'PATCH',
      headers: {
        ...tusHeaders,
        Authorization: 'Bearer demo-admin',
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
      },
      body: body as BodyInit,
    });
  const tusOffset = async (baseURL: string, location: string) =>
    Number(
      (await fetch(baseURL + location, { method: 'HEAD', headers: { ...tusHeaders, Authorization: 'Bearer demo-admin' } })).headers.get(
        'upload-offset',
      ),
    );
  /** A PATCH of `total` bytes straight to one process that sends `sent` of them, then stalls (never ends). */
  function stalledPatch(baseURL: string, location: string, data: Uint8Array, sent: number): Promise<unknown> {
    let done = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (done >= sent) return new Promise(() => {});
        controller.enqueue(data.subarray(done, Math.min(sent, done + mib)));
        done += mib;
      },
    });
    return fetch(baseURL + location, {
      method: 'PATCH',
      body: stream,
      duplex: 'half',
      headers: {
        ...tusHeaders,
        Authorization: 'Bearer demo-admin',
        'Upload-Offset': '0',
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(data.length),
      },
    } as RequestInit).catch(() => null);
  }

  it('creates a tus upload through one process and HEADs, PATCHes and completes it through the other', async () => {
    const data = bytes(11 * mib + 7, 9);
    const { location, upstream: creator } = await tusCreate(nginx.baseURL, 'van-video.bin', data.length);
    const served = new Set([creator]);
    let offset = 0;
    for (const size of [6 * mib, data.length - 6 * mib]) {
      const head = await fetch(nginx.baseURL + location, {
        method: 'HEAD',
        headers: { ...tusHeaders, Authorization: 'Bearer demo-admin' },
      });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('upload-offset'), String(offset));
      served.add(head.headers.get('x-upstream') ?? '');
      const patch = await tusPatch(nginx.baseURL, location, offset, data.subarray(offset, offset + size));
      assert.equal(patch.status, 204, await patch.clone().text());
      served.add(patch.headers.get('x-upstream') ?? '');
      offset += size;
      assert.equal(patch.headers.get('upload-offset'), String(offset));
      if (offset === data.length) {
        const id = patch.headers.get('attachkit-attachment-id')!;
        assert.ok(id, 'the completing PATCH names the attachment');
        const { response } = await proxied(`/api/attachments/${id}`, 'demo-admin');
        assert.equal(((await response.json()) as { checksum: string }).checksum, sha(data));
      }
    }
    assert.equal(served.size, 2, 'both processes served requests of the one upload');
    assert.deepEqual(await tusKeys(), [], 'the tus copy is gone from the bucket');
    assert.deepEqual(await tusMultipart(), []);
  });

  it('after kill -9 mid-PATCH, the other process resumes the upload; an abandoned one is swept after the restart', async () => {
    const listBefore = ((await (await proxied(`${job}/attachments`, 'demo-admin')).response.json()) as unknown[]).length;
    const objectsBefore = await objects();
    const [victim, survivor] = [servers[0]!, servers[1]!];
    const resumed = bytes(18 * mib, 11);
    const abandoned = bytes(16 * mib, 12);
    const first = await tusCreate(victim.baseURL, 'resumed.bin', resumed.length);
    const second = await tusCreate(victim.baseURL, 'abandoned.bin', abandoned.length);
    // 12 MiB and 7 MiB of them, then the connections stall: whole 5 MiB parts reach the bucket, the rest waits in the process.
    const requests = [
      stalledPatch(victim.baseURL, first.location, resumed, 12 * mib),
      stalledPatch(victim.baseURL, second.location, abandoned, 7 * mib),
    ];
    // Watched in the bucket, not with a HEAD: a HEAD on the other process would ask the victim to let go of the upload.
    await eventually(async () => (await partsIn(first.location)) === 2, 'two parts of the first upload');
    await eventually(async () => (await partsIn(second.location)) === 1, 'one part of the second upload');
    // The 2 MiB beyond the last whole part of each wait in a part file, in the process's own temp directory.
    await eventually(async () => (await partFiles(dirs[0]!)).length === 2, 'a part file per upload under --data');
    await victim.kill9();
    assert.deepEqual(await Promise.all(requests), [null, null], 'the PATCHes failed with the process');
    assert.equal((await partFiles(dirs[0]!)).length, 2, 'kill -9 left the part files behind');

    // The other process holds the same upload: it answers the offset the bucket has, and takes the rest.
    const offset = await tusOffset(survivor.baseURL, first.location);
    assert.equal(offset, 10 * mib);
    const rest = await tusPatch(survivor.baseURL, first.location, offset, resumed.subarray(offset));
    assert.equal(rest.status, 204, await rest.clone().text());
    const id = rest.headers.get('attachkit-attachment-id')!;
    const attachment = await fetch(`${survivor.baseURL}/api/attachments/${id}`, { headers: { Authorization: 'Bearer demo-admin' } });
    assert.equal(((await attachment.json()) as { checksum: string }).checksum, sha(resumed), 'byte for byte the file');

    // Restarted with a 1 s expiry, the killed process sweeps the abandoned upload: nothing listed, nothing left in the bucket.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    servers[0] = await startServerProcess([...args(dirs[0]!), '--upload-expiry', '1'], victim.port);
    assert.deepEqual(await partFiles(dirs[0]!), [], 'the restart swept the part files');
    await eventually(
      async () => (await tusKeys()).length === 0 && (await tusMultipart()).length === 0,
      'the sweep of the abandoned upload',
    );
    assert.equal((await tusOffset(survivor.baseURL, second.location)) || 0, 0, 'the abandoned upload is gone for every process');
    const after = await objects();
    assert.deepEqual(
      after.filter((key) => !objectsBefore.includes(key)),
      [`crm/blobs/${id}`],
      'no orphan object: only the resumed attachment',
    );
    for (let i = 0; i < 2; i++) {
      const items = (await (await proxied(`${job}/attachments`, 'demo-admin')).response.json()) as { name: string }[];
      assert.equal(items.length, listBefore + 1);
      assert.ok(!items.some((a) => a.name === 'abandoned.bin'));
    }
  });
});
