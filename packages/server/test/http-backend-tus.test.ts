/**
 * The SDK's HTTP backend in Node over tus: large files go through
 * /api/uploads (tus-js-client, loaded on demand), small ones stay one
 * multipart request; an aborted upload resumes from the server's offset;
 * refusals arrive as the SDK's typed errors; a resumed finished upload never
 * makes a second attachment.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AttachKitAbortError, AttachKitUploadRejectedError, createHttpBackend } from '@attachkit/sdk';
import { startServer, type TestServer } from './support/harness.js';

const job = { type: 'job', id: 'J-1001' };
const mib = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (size: number, seed: number) => new Uint8Array(size).map((_, i) => 0x61 + ((i * seed) % 26));

describe('HTTP backend over tus (Node)', () => {
  let server: TestServer;
  let requests: { method: string; url: string; offset?: string }[];
  before(async () => {
    server = await startServer({ limits: { maxBytes: 32 * mib } });
    server.app.server.on('request', (request: { method: string; url: string; headers: Record<string, string | undefined> }) => {
      requests?.push({ method: request.method, url: request.url, offset: request.headers['upload-offset'] });
    });
  });
  beforeEach(() => {
    requests = [];
  });
  after(() => server.close());

  const tech = (settings: { chunkSize?: number } = {}) =>
    createHttpBackend({ baseURL: server.baseURL, getToken: () => 'demo-tech', resumable: { retryDelays: [], ...settings } });
  const tusRequests = () => requests.filter((r) => r.url.startsWith('/api/uploads'));

  it('sends a file of 5 MB or more through tus, with progress, and answers the attachment', async () => {
    const bytes = text(6 * mib, 7);
    const progress: number[] = [];
    const attachment = await tech().uploadAttachment(
      job,
      { name: 'survey.txt', data: new Blob([bytes]) },
      { onProgress: (p) => progress.push(p.loaded) },
    );
    assert.equal(attachment.name, 'survey.txt');
    assert.equal(attachment.size, bytes.length);
    assert.equal(attachment.checksum, sha256(bytes));
    assert.equal(attachment.portal, 'hidden');
    assert.deepEqual(
      tusRequests().map((r) => r.method),
      ['OPTIONS', 'POST', 'PATCH'],
      'one PATCH for the whole file',
    );
    assert.ok(
      requests.every((r) => !r.url.endsWith('/attachments') || r.method !== 'POST'),
      'no multipart request',
    );
    assert.ok(progress.length > 0 && progress.every((p, i) => i === 0 || p > progress[i - 1]!));
    assert.equal(progress.at(-1), bytes.length);
  });

  it('keeps one multipart request for small files, and when resumable is off', async () => {
    await tech().uploadAttachment(job, { name: 'small.txt', data: new Blob([text(1000, 3)]) });
    const off = createHttpBackend({ baseURL: server.baseURL, getToken: () => 'demo-tech', resumable: false });
    await off.uploadAttachment(job, { name: 'big-multipart.txt', data: new Blob([text(6 * mib, 5)]) });
    assert.deepEqual(
      tusRequests().filter((r) => r.method !== 'OPTIONS'),
      [],
    );
    assert.equal(requests.filter((r) => r.method === 'POST' && r.url === '/api/records/job/J-1001/attachments').length, 2);
  });

  it('takes the threshold from resumable.minBytes', async () => {
    const lower = createHttpBackend({
      baseURL: server.baseURL,
      getToken: () => 'demo-tech',
      resumable: { retryDelays: [], minBytes: mib },
    });
    const attachment = await lower.uploadAttachment(job, { name: 'two-mib.txt', data: new Blob([text(2 * mib, 13)]) });
    assert.equal(attachment.size, 2 * mib);
    assert.deepEqual(
      tusRequests().map((r) => r.method),
      ['OPTIONS', 'POST', 'PATCH'],
      'a 2 MiB file over a 1 MiB threshold goes through tus',
    );
  });

  it('keeps multipart for big files when the server does not offer tus (OPTIONS /api/uploads answers 404)', async () => {
    // In front of the server: a proxy that knows nothing of /api/uploads, as a server without tus (or an older one).
    const proxy = createServer((incoming, outgoing) => {
      if (incoming.url?.startsWith('/api/uploads')) {
        incoming.resume();
        outgoing.writeHead(404, { 'Content-Type': 'application/problem+json' }).end('{"code":"not.found","status":404}');
        return;
      }
      const target = new URL(incoming.url ?? '/', server.baseURL);
      const forward = httpRequest(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const backend = createHttpBackend({ baseURL, getToken: () => 'demo-tech', resumable: { retryDelays: [] } });
      const bytes = text(6 * mib, 17);
      const attachment = await backend.uploadAttachment(job, { name: 'no-tus-here.txt', data: new Blob([bytes]) });
      assert.equal(attachment.checksum, sha256(bytes));
      assert.deepEqual(tusRequests(), [], 'tus never reached the server');
      assert.equal(requests.filter((r) => r.method === 'POST' && r.url === '/api/records/job/J-1001/attachments').length, 1);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('resumes an aborted upload from the offset the server holds', async () => {
    const bytes = text(12 * mib, 11);
    const data = new Blob([bytes]);
    const controller = new AbortController();
    let url: string | undefined;
    // 4 MiB per PATCH, aborted inside the second one: the server then holds at least the first 4 MiB and at
    // most 8 MiB, whatever the machine's speed (one 12 MiB request could be in the server's buffers whole
    // before an abort lands, on a busy loopback).
    const first = tech({ chunkSize: 4 * mib }).uploadAttachment(
      job,
      { name: 'resumed.txt', data },
      {
        signal: controller.signal,
        resumable: { onUrl: (u) => (url = u) },
        onProgress: (p) => {
          if (p.loaded >= 5 * mib) controller.abort();
        },
      },
    );
    await assert.rejects(first, AttachKitAbortError);
    assert.ok(url, 'the upload URL was reported');
    // The server kept what arrived before the connection dropped.
    let offset = 0;
    for (let i = 0; i < 50 && offset === 0; i++) {
      const head = await server.fetch(new URL(url).pathname, 'demo-tech', { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
      offset = Number(head.headers.get('upload-offset'));
      if (offset === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(offset >= 4 * mib && offset <= 8 * mib, `the server holds ${offset} bytes`);

    requests = [];
    const progress: number[] = [];
    const attachment = await tech().uploadAttachment(
      job,
      { name: 'resumed.txt', data },
      { resumable: { url }, onProgress: (p) => progress.push(p.loaded) },
    );
    assert.equal(attachment.checksum, sha256(bytes), 'byte for byte the file');
    const patches = tusRequests().filter((r) => r.method === 'PATCH');
    assert.ok(patches.length >= 1 && Number(patches[0]!.offset) > 0, `resumed at ${patches[0]?.offset}, not from zero`);
    assert.ok(
      tusRequests().every((r) => r.method !== 'POST'),
      'no new upload was created',
    );
    assert.ok(progress[0]! >= offset - 1, 'progress starts from the server offset');

    // Resuming again (a lost final answer) finds the attachment instead of making a second one.
    const again = await tech().uploadAttachment(job, { name: 'resumed.txt', data }, { resumable: { url } });
    assert.equal(again.id, attachment.id);
    const names = (await tech().listAttachments(job)).map((a) => a.name);
    assert.equal(names.filter((n) => n === 'resumed.txt').length, 1);
  });

  it('refuses at creation and at completion with the typed errors', async () => {
    const exe = tech().uploadAttachment(job, { name: 'setup.exe', data: new Blob([text(6 * mib, 2)]) });
    await assert.rejects(exe, (e) => e instanceof AttachKitUploadRejectedError && e.status === 422 && e.code.startsWith('upload.'));
    assert.ok(
      tusRequests().every((r) => r.method !== 'PATCH'),
      'refused before any byte',
    );
    const elf = new Uint8Array(6 * mib);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    const hostile = tech().uploadAttachment(job, { name: 'invoice.pdf', data: new Blob([elf]) });
    await assert.rejects(hostile, (e) => e instanceof AttachKitUploadRejectedError && e.code === 'upload.executableContent');
    const names = (await tech().listAttachments(job)).map((a) => a.name);
    assert.ok(!names.includes('invoice.pdf') && !names.includes('setup.exe'));
  });
});

describe('HTTP backend over tus: an upload the server no longer has', () => {
  it('starts again from byte 0 with a new upload when the stored URL has expired (410) or been swept (404)', async () => {
    const server = await startServer({
      limits: { maxBytes: 32 * mib },
      server: { resumableUploads: { expiresAfterMs: 2000, sweepIntervalMs: 0 } },
    });
    const posts: string[] = [];
    server.app.server.on('request', (request: { method: string; url: string }) => {
      if (request.method === 'POST' && request.url === '/api/uploads') posts.push(request.url);
    });
    try {
      const backend = createHttpBackend({ baseURL: server.baseURL, getToken: () => 'demo-tech', resumable: { retryDelays: [] } });
      for (const swept of [false, true]) {
        const bytes = text(6 * mib, swept ? 23 : 19);
        const data = new Blob([bytes]);
        const controller = new AbortController();
        let url: string | undefined;
        // 1 MiB per PATCH, aborted in the second: the server holds part of the file (one PATCH could carry it all).
        const chunked = createHttpBackend({
          baseURL: server.baseURL,
          getToken: () => 'demo-tech',
          resumable: { retryDelays: [], chunkSize: mib },
        });
        const first = chunked.uploadAttachment(
          job,
          { name: `expired-${swept}.txt`, data },
          {
            signal: controller.signal,
            resumable: { onUrl: (u) => (url = u) },
            onProgress: (p) => {
              if (p.loaded >= 1.5 * mib) controller.abort();
            },
          },
        );
        await assert.rejects(first, AttachKitAbortError);
        assert.ok(url, 'the upload URL was reported');
        await new Promise((resolve) => setTimeout(resolve, 2200));
        const head = await server.fetch(new URL(url).pathname, 'demo-tech', { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
        assert.equal(head.status, 410, 'expired');
        if (swept) assert.ok((await server.app.attachkit.uploads!.sweepExpired()) >= 1);

        posts.length = 0;
        const attachment = await backend.uploadAttachment(job, { name: `expired-${swept}.txt`, data }, { resumable: { url } });
        assert.equal(attachment.checksum, sha256(bytes), 'the whole file, from the device');
        assert.equal(posts.length, 1, 'a new upload was created');
        assert.notEqual(`/api/uploads/${attachment.id}`, new URL(url).pathname);
      }
    } finally {
      await server.close();
    }
  });
});
