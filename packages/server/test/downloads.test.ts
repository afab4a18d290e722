/**
 * Downloads: attachment disposition with an RFC 6266/5987 filename, nosniff,
 * a sandboxing CSP, inline only for raster images on `?inline=1` (never SVG or
 * HTML), and Range requests (206, 416).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Attachment } from '@attachkit/sdk';
import { makePdf, makePng } from '../src/demo/demo-files.js';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';

const job = { type: 'job', id: 'J-1001' };
const gif = Uint8Array.from([
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1,
  0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b,
]);
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');

describe('downloads', () => {
  let server: TestServer;
  const files: Record<string, Attachment> = {};
  let large: Uint8Array;

  before(async () => {
    server = await startAdminWorld();
    const admin = server.backend('admin');
    const upload = async (key: string, name: string, bytes: Uint8Array) => {
      files[key] = await admin.uploadAttachment(job, { name, data: new Blob([bytes as BlobPart]) });
    };
    await upload('png', 'Photo – before (1).png', makePng(16, 16, [0, 0, 0], [255, 0, 0]));
    await upload('gif', 'spinner.gif', gif);
    await upload('svg', 'logo.svg', svg);
    await upload('html', 'page.html', html);
    await upload('pdf', 'quote.pdf', makePdf('Quote', ['a line']));
    large = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < large.length; i++) large[i] = (i * 31 + (i >> 8)) & 0xff;
    await upload('large', 'large.bin', large);
  });
  after(() => server.close());

  const get = (id: string, query = '', headers: Record<string, string> = {}) =>
    server.fetch(`/api/attachments/${id}/content${query}`, 'admin', { headers });

  it('serves bytes as an attachment with a safe filename and protective headers', async () => {
    const response = await get(files.png!.id);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(
      response.headers.get('content-disposition'),
      `attachment; filename="Photo ? before (1).png"; filename*=UTF-8''Photo%20%E2%80%93%20before%20%281%29.png`,
    );
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(response.headers.get('content-security-policy') ?? '', /\bsandbox\b/);
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.equal(Number(response.headers.get('content-length')), files.png!.size);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()).length, files.png!.size);
  });

  it('serves raster images inline only when asked', async () => {
    for (const key of ['png', 'gif']) {
      const inline = await get(files[key]!.id, '?inline=1');
      await inline.arrayBuffer();
      assert.match(inline.headers.get('content-disposition') ?? '', /^inline; /, key);
      assert.match(inline.headers.get('content-security-policy') ?? '', /\bsandbox\b/);
      const plain = await get(files[key]!.id);
      await plain.arrayBuffer();
      assert.match(plain.headers.get('content-disposition') ?? '', /^attachment; /, key);
    }
  });

  it('never serves SVG, HTML or PDF inline, even when asked', async () => {
    for (const key of ['svg', 'html', 'pdf']) {
      const response = await get(files[key]!.id, '?inline=1');
      await response.arrayBuffer();
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment; /, key);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(response.headers.get('content-security-policy') ?? '', /\bsandbox\b/);
    }
    assert.equal(files.svg!.mimeType, 'image/svg+xml');
    assert.equal(files.html!.mimeType, 'text/html');
  });

  it('answers Range requests with 206 and the exact bytes', async () => {
    const id = files.large!.id;
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1048576-2097151', 1048576, 2097151],
      ['bytes=3145000-', 3145000, large.length - 1],
      ['bytes=-500', large.length - 500, large.length - 1],
      ['bytes=3145000-99999999', 3145000, large.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await get(id, '', { Range: range });
      assert.equal(response.status, 206, range);
      assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${large.length}`, range);
      assert.equal(Number(response.headers.get('content-length')), end - start + 1, range);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), large.subarray(start, end + 1), range);
    }
  });

  it('answers 416 for a range outside the file, and the whole file for several ranges or a stale If-Range', async () => {
    const id = files.large!.id;
    const outside = await get(id, '', { Range: `bytes=${large.length}-` });
    assert.equal(outside.status, 416);
    assert.equal(outside.headers.get('content-range'), `bytes */${large.length}`);
    assert.equal(((await outside.json()) as { code: string }).code, 'range.notSatisfiable');
    const several = await get(id, '', { Range: 'bytes=0-1,5-6' });
    assert.equal(several.status, 200);
    assert.equal((await several.arrayBuffer()).byteLength, large.length);
    const stale = await get(id, '', { Range: 'bytes=0-9', 'If-Range': '"sha256-0000"' });
    assert.equal(stale.status, 200);
    assert.equal((await stale.arrayBuffer()).byteLength, large.length);
    const fresh = await get(id, '', { Range: 'bytes=0-9', 'If-Range': `"sha256-${files.large!.checksum}"` });
    assert.equal(fresh.status, 206);
    await fresh.arrayBuffer();
  });

  it('the downloaded bytes match the checksum, through the HTTP backend too', async () => {
    const blob = await server.backend('admin').getAttachmentContent(files.large!.id);
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())).toString('hex');
    assert.equal(digest, files.large!.checksum);
    assert.equal(blob.type, 'application/octet-stream');
  });

  it('JSON answers carry nosniff and no-store', async () => {
    const response = await server.fetch(`/api/attachments/${files.png!.id}`, 'admin');
    await response.arrayBuffer();
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('etag'), `"${files.png!.revision}"`);
  });
});
