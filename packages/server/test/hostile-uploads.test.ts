/**
 * Hostile uploads (OWASP File Upload cheat sheet): each is refused with its
 * reason code, or stored safely (under a server UUID, with a normalised
 * display name kept as data). A refusal leaves no row, no file, no temp file.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AttachKitError, type AttachKitBackend } from '@attachkit/sdk';
import { makeDocx, makePdf, makePng } from '../src/demo/demo-files.js';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';

const job = { type: 'job', id: 'J-1001' };
const limit = 4096;
const png = () => new Uint8Array(makePng(8, 8, [0, 0, 0], [255, 255, 255]));
const html = new TextEncoder().encode('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
const svg = new TextEncoder().encode(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
);
// A DOS/PE header ("MZ" … "PE\0\0"), as an .exe starts.
const exe = (() => {
  const bytes = new Uint8Array(256);
  bytes.set([0x4d, 0x5a], 0);
  bytes.set([0x80, 0, 0, 0], 0x3c);
  bytes.set([0x50, 0x45, 0, 0], 0x80);
  return bytes;
})();
const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)]);

describe('hostile uploads', () => {
  let server: TestServer;
  let admin: AttachKitBackend;

  before(async () => {
    server = await startAdminWorld({ limits: { maxBytes: limit } });
    admin = server.backend('admin');
  });
  after(() => server.close());

  async function storedFiles(): Promise<string[]> {
    const blobs = join(server.dataDir, 'blobs');
    const shards = await readdir(blobs);
    return (await Promise.all(shards.map(async (s) => readdir(join(blobs, s))))).flat();
  }

  /** Uploads and expects a refusal with `code` and `status`; checks nothing was stored. */
  async function refused(name: string, bytes: Uint8Array, status: number, code: string): Promise<AttachKitError> {
    const before = { rows: (await admin.listAttachments(job)).length, files: (await storedFiles()).length };
    let error: unknown;
    try {
      await admin.uploadAttachment(job, { name, data: new Blob([bytes as BlobPart]) });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof AttachKitError, `${JSON.stringify(name)} should be refused`);
    assert.equal(error.code, code, `${JSON.stringify(name)}: ${error.message}`);
    assert.equal(error.status, status);
    assert.ok(error.reasons.length > 0 && error.reasons[0]!.message.length > 0, 'the reason is in the error');
    assert.equal((await admin.listAttachments(job)).length, before.rows, 'no row');
    assert.equal((await storedFiles()).length, before.files, 'no file');
    assert.deepEqual(await readdir(join(server.dataDir, 'tmp')), [], 'no temp file');
    return error;
  }

  it('refuses blocked extensions, whatever their case or trailing dots', async () => {
    await refused('setup.exe', exe, 422, 'upload.blockedExtension');
    await refused('script.JS', new TextEncoder().encode('alert(1)'), 422, 'upload.blockedExtension');
    await refused('run.bat.', new TextEncoder().encode('echo hi'), 422, 'upload.blockedExtension');
    await refused('evil.exe::$DATA', exe, 422, 'upload.blockedExtension');
  });

  it('refuses double extensions that end in a blocked one, and judges the last one', async () => {
    const error = await refused('invoice.pdf.exe', exe, 422, 'upload.blockedExtension');
    assert.match(error.message, /invoice\.pdf\.exe/);
    // The last extension decides, and the content must match it.
    await refused('report.exe.pdf', exe, 422, 'upload.executableContent');
    const ok = await admin.uploadAttachment(job, { name: 'photo.exe.png', data: new Blob([png()]) });
    assert.equal(ok.mimeType, 'image/png');
  });

  it('refuses HTML and SVG disguised as images, and executables disguised as documents', async () => {
    const disguised = await refused('holiday.png', html, 422, 'upload.contentMismatch');
    assert.match(disguised.message, /HTML/);
    assert.match((await refused('logo.png', svg, 422, 'upload.contentMismatch')).message, /SVG/);
    await refused('scan.jpg', svg, 422, 'upload.contentMismatch');
    await refused('quote.pdf', html, 422, 'upload.contentMismatch');
    await refused('quote.pdf', exe, 422, 'upload.executableContent');
    await refused('notes.txt', elf, 422, 'upload.executableContent');
    await refused('letter.docx', makePdf('Not a Word file', []), 422, 'upload.contentMismatch');
    await refused('photo.png', makePdf('Not an image', []), 422, 'upload.contentMismatch');
    await refused('data.csv', png(), 422, 'upload.contentMismatch');
  });

  it('stores real files under their sniffed type, and text files without magic bytes', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['site.png', png(), 'image/png'],
      ['quote.pdf', makePdf('Quote', ['ok']), 'application/pdf'],
      ['report.docx', makeDocx(['hello']), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['readings.csv', new TextEncoder().encode('date,value\n2024-01-01,3\n'), 'text/csv'],
      ['readme.txt', new TextEncoder().encode('<b>just text</b> that mentions <html>'), 'text/plain'],
      ['drawing.svg', svg, 'image/svg+xml'],
      ['page.html', html, 'text/html'],
      ['no-extension', html, 'text/html'],
      ['blob.bin', Uint8Array.from([0, 1, 2, 3, 255]), 'application/octet-stream'],
      ['archive.zip', makeDocx(['a zip']), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ];
    for (const [name, bytes, mimeType] of cases) {
      const attachment = await admin.uploadAttachment(job, { name, data: new Blob([bytes as BlobPart], { type: 'image/png' }) });
      assert.equal(attachment.mimeType, mimeType, name);
    }
  });

  it('refuses empty files', async () => {
    await refused('empty.pdf', new Uint8Array(), 422, 'upload.empty');
    await refused('empty.txt', new Uint8Array(), 422, 'upload.empty');
  });

  it('refuses files over the limit while streaming (413), and huge ones from their length', async () => {
    const over = new Uint8Array(limit + 1).fill(0x61);
    const error = await refused('big.txt', over, 413, 'upload.tooLarge');
    assert.match(error.message, /4 KB/);
    await refused('huge.txt', new Uint8Array(512 * 1024).fill(0x61), 413, 'upload.tooLarge');
    const exact = await admin.uploadAttachment(job, { name: 'exact.txt', data: new Blob([new Uint8Array(limit).fill(0x62)]) });
    assert.equal(exact.size, limit);
  });

  it('a raw multipart request with a second file or an extra field is refused', async () => {
    const form = new FormData();
    form.append('note', 'x');
    form.append('file', new Blob([png()]), 'a.png');
    const extra = await server.fetch('/api/records/job/J-1001/attachments', 'admin', { method: 'POST', body: form });
    assert.equal(extra.status, 400);
    const wrongField = new FormData();
    wrongField.append('upload', new Blob([png()]), 'a.png');
    const wrong = await server.fetch('/api/records/job/J-1001/attachments', 'admin', { method: 'POST', body: wrongField });
    assert.equal(wrong.status, 400);
    const problem = (await wrong.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'validation.invalid');
    assert.ok(!JSON.stringify(problem).includes('upload'), 'the answer does not echo the field name');
    const json = await server.fetch('/api/records/job/J-1001/attachments', 'admin', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"a.png"}',
    });
    assert.equal(json.status, 415);
  });

  it('a second file part refuses the whole request: 400, nothing stored', async () => {
    const before = { rows: (await admin.listAttachments(job)).length, files: (await storedFiles()).length };
    const form = new FormData();
    form.append('file', new Blob([png()]), 'first.png');
    form.append('file', new Blob([png()]), 'second.png');
    const response = await server.fetch('/api/records/job/J-1001/attachments', 'admin', { method: 'POST', body: form });
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'validation.invalid');
    assert.match(problem.detail, /exactly one part/);
    assert.equal((await admin.listAttachments(job)).length, before.rows, 'no row');
    assert.equal((await storedFiles()).length, before.files, 'no file');
    assert.deepEqual(await readdir(join(server.dataDir, 'tmp')), [], 'no temp file');
  });

  it('names arrive as browsers send them: %22, %0D, %0A decoded; the spacing kept', async () => {
    const form = new FormData();
    // Node's FormData escapes the name as browsers do: " → %22 (CR and LF → %0D %0A).
    form.append('file', new Blob([png()]), 'my "quote"  final.png');
    const response = await server.fetch('/api/records/job/J-1001/attachments', 'admin', { method: 'POST', body: form });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { name: string }).name, 'my "quote"  final.png');
    const crlf = await admin.uploadAttachment(job, { name: 'two\r\nlines.png', data: new Blob([png()]) });
    assert.equal(crlf.name, 'twolines.png', 'CR and LF are control characters: removed');
  });

  it('invisible characters cannot hide a blocked extension; MotW bypass containers are refused', async () => {
    await refused('invoice.e\u00adxe', exe, 422, 'upload.blockedExtension');
    await refused('invoice.e\u200bxe', exe, 422, 'upload.blockedExtension');
    const iso = new Uint8Array(2048).fill(0x20);
    for (const name of [
      'setup.iso',
      'disk.img',
      'drive.vhd',
      'drive.vhdx',
      'App.dmg',
      'notes.one',
      'x.appref-ms',
      'x.diagcab',
      'x.library-ms',
      'x.settingcontent-ms',
    ]) {
      await refused(name, iso, 422, 'upload.blockedExtension');
    }
  });

  describe('text with a byte order mark is judged as text', () => {
    const utf16le = (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const utf16be = (text: string) => Uint8Array.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    const utf32le = (text: string) => {
      const bytes = [0xff, 0xfe, 0x00, 0x00];
      for (const char of text) {
        const code = char.codePointAt(0)!;
        bytes.push(code & 0xff, (code >> 8) & 0xff, (code >> 16) & 0xff, 0);
      }
      return Uint8Array.from(bytes);
    };
    const page = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>';
    const picture = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>';

    it('HTML or SVG saved as UTF-16/32 and named .mp3 (or .png) is refused, not stored as audio', async () => {
      for (const [name, bytes] of [
        ['song.mp3', utf16le(page)],
        ['song2.mp3', utf16be(page)],
        ['song3.mp3', utf32le(page)],
        ['icon.mp3', utf16le(picture)],
        ['photo.png', utf16le(page)],
      ] as const) {
        const error = await refused(name, bytes, 422, 'upload.contentMismatch');
        assert.match(error.message, /HTML|SVG/);
      }
    });

    it('genuine UTF-16 and UTF-32 text files are accepted as text, labelled with their charset', async () => {
      const le = await admin.uploadAttachment(job, {
        name: 'readme-le.txt',
        data: new Blob([utf16le('Gate code 4412 — ring twice.\r\n')]),
      });
      assert.equal(le.mimeType, 'text/plain; charset=utf-16le');
      const be = await admin.uploadAttachment(job, { name: 'readme-be.txt', data: new Blob([utf16be('Übergabe um 9 Uhr')]) });
      assert.equal(be.mimeType, 'text/plain; charset=utf-16be');
      const wide = await admin.uploadAttachment(job, { name: 'readme-32.csv', data: new Blob([utf32le('a,b\n1,2\n')]) });
      assert.equal(wide.mimeType, 'text/csv; charset=utf-32le');
      const bom8 = await admin.uploadAttachment(job, {
        name: 'readme-8.txt',
        data: new Blob([Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('hello')])]),
      });
      assert.equal(bom8.mimeType, 'text/plain');
    });
  });

  describe('names are normalised, kept as data, never used as paths', () => {
    async function stored(name: string) {
      const attachment = await admin.uploadAttachment(job, { name, data: new Blob([png()]) });
      const files = await storedFiles();
      assert.ok(files.includes(attachment.id), 'the file is stored under the attachment UUID');
      assert.ok(
        files.every((f) => /^[0-9a-f-]{36}(-thumbnail)?$/.test(f)),
        'every stored file is named by a UUID (or its thumbnail)',
      );
      return attachment;
    }

    it('`../` traversal', async () => {
      const attachment = await stored('../../../etc/passwd.png');
      assert.equal(attachment.name, '.._.._.._etc_passwd.png');
      const windows = await stored('..\\..\\boot.ini.png');
      assert.equal(windows.name, '.._.._boot.ini.png');
    });

    it('NUL and control characters', async () => {
      assert.equal((await stored('photo\u0000.png')).name, 'photo.png');
      // The classic NUL truncation (`evil.exe\0.png`) is not honoured: the name keeps its real last extension.
      assert.equal((await stored('evil.exe\u0000.png')).name, 'evil.exe.png');
      assert.equal((await stored('bell\u0007\u001b[31m.png')).name, 'bell[31m.png');
    });

    it('right-to-left override', async () => {
      // "invoice\u202Egnp.exe" displays as "invoiceexe.png" but is an .exe: refused.
      await refused('invoice\u202Egnp.exe', exe, 422, 'upload.blockedExtension');
      assert.equal((await stored('photo\u202Egnp.png')).name, 'photognp.png');
    });

    it('names longer than 255 characters keep their extension', async () => {
      const attachment = await stored(`${'a'.repeat(300)}.png`);
      assert.equal(Array.from(attachment.name).length, 255);
      assert.ok(attachment.name.endsWith('.png'));
    });

    it('HTML and script in the name are data, and the download header quotes them', async () => {
      const name = '<img src=x onerror=alert(1)><script>alert(2)</script>.png';
      const attachment = await stored(name);
      assert.equal(
        attachment.name,
        '<img src=x onerror=alert(1)><script>alert(2)<_script>.png',
        'kept verbatim but for the path separator',
      );
      const response = await server.fetch(`/api/attachments/${attachment.id}/content`, 'admin');
      await response.arrayBuffer();
      const disposition = response.headers.get('content-disposition') ?? '';
      assert.match(disposition, /^attachment; filename="/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    });

    it('Unicode names are NFC-normalised and survive the round trip', async () => {
      const attachment = await stored('Cafe\u0301 \u65e5\u672c.png');
      assert.equal(attachment.name, 'Caf\u00e9 \u65e5\u672c.png');
      const response = await server.fetch(`/api/attachments/${attachment.id}/content`, 'admin');
      await response.arrayBuffer();
      assert.match(response.headers.get('content-disposition') ?? '', /filename\*=UTF-8''Caf%C3%A9%20%E6%97%A5%E6%9C%AC\.png/);
    });
  });
});
