import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AttachKitValidationError,
  AttachmentSchema,
  PortalSettingsSchema,
  RecordRefSchema,
  StaffUserSchema,
  checkRename,
  checkUpload,
  defaultPortalSettings,
  defaultUploadRestrictions,
  effectiveExtension,
  formatBytes,
  normalizeDisplayName,
  parseOrThrow,
} from '../src/index.js';
import { attachment } from './fixtures.js';

describe('schemas', () => {
  it('a valid attachment parses', () => {
    assert.doesNotThrow(() => AttachmentSchema.parse(attachment()));
  });

  it('a bad payload gives an error that names the field', () => {
    const bad = { ...attachment(), size: 'big', record: { type: 'job', id: '' } };
    assert.throws(
      () => parseOrThrow(AttachmentSchema, bad, 'Attachment'),
      (e: unknown) => {
        assert.ok(e instanceof AttachKitValidationError);
        assert.equal(e.status, 400);
        assert.deepEqual([...new Set(e.issues.map((i) => i.path))].sort(), ['record.id', 'size']);
        assert.match(e.message, /^Invalid Attachment: .*size/);
        return true;
      },
    );
  });

  it('refuses unknown fields (no mass assignment) and bad enums', () => {
    assert.throws(() => parseOrThrow(AttachmentSchema, { ...attachment(), owner: 'me' }, 'Attachment'), /owner/);
    assert.throws(() => parseOrThrow(AttachmentSchema, { ...attachment(), portal: 'public' }, 'Attachment'), /portal/);
    assert.throws(
      () => parseOrThrow(PortalSettingsSchema, { ...defaultPortalSettings, viewProfile: 'yes' }, 'PortalSettings'),
      /viewProfile/,
    );
    assert.throws(
      () => parseOrThrow(StaffUserSchema, { kind: 'staff', id: 'u', name: 'U', grants: { desktop: [] } }, 'StaffUser'),
      /grants/,
    );
  });

  it('record references refuse path-like ids', () => {
    assert.equal(RecordRefSchema.safeParse({ type: 'job', id: '../../etc' }).success, false);
    assert.equal(RecordRefSchema.safeParse({ type: 'job', id: 'J-1042' }).success, true);
  });
});

describe('upload restrictions', () => {
  const ok = (name: string, size = 10) => checkUpload({ name, size });

  it('accepts what you could send in an email', () => {
    for (const name of ['before.jpg', 'Plan.PDF', 'contract.docx', 'example.com.pdf', 'notes']) assert.equal(ok(name), null, name);
  });

  it('refuses executables and scripts case-insensitively, including double extensions', () => {
    for (const name of [
      'setup.exe',
      'SETUP.EXE',
      'invoice.pdf.exe',
      'run.bat',
      'x.ps1',
      'app.jar',
      'evil.exe.',
      'evil.exe  ',
      'evil.exe::$DATA',
      'macro.vbs',
      'page.js',
    ]) {
      const reason = ok(name);
      assert.equal(reason?.code, 'upload.blockedExtension', name);
    }
    assert.equal(ok('setup.exe')?.message, 'setup.exe: executable files cannot be attached.');
  });

  it('refuses the containers and shortcuts that bypass Mark-of-the-Web, as Gmail and Outlook do', () => {
    const bypasses = [
      'disk.iso',
      'disk.img',
      'disk.vhd',
      'disk.vhdx',
      'Installer.dmg',
      'notes.one',
      'app.appref-ms',
      'fix.diagcab',
      'folder.library-ms',
      'panel.settingcontent-ms',
      'search.searchConnector-ms',
    ];
    for (const name of bypasses) assert.equal(ok(name)?.code, 'upload.blockedExtension', name);
    for (const name of ['addin.xll', 'help.chm', 'shortcut.url', 'cert.cer', 'setup.msu', 'legacy.ex_'])
      assert.equal(ok(name)?.code, 'upload.blockedExtension', name);
  });

  it('names are checked after invisible characters are removed', () => {
    const normalized = normalizeDisplayName('invoice.e\u00adx\u200be');
    assert.equal(normalized, 'invoice.exe');
    assert.equal(ok(normalized)?.code, 'upload.blockedExtension');
  });

  it('a rename runs the name rules and may not give other content a markup extension', () => {
    assert.equal(checkRename('run.bat', 'text/plain', 'run.txt')?.code, 'upload.blockedExtension');
    assert.equal(checkRename('run.exe', 'text/plain', 'run.txt')?.code, 'upload.blockedExtension');
    assert.equal(checkRename('run.html', 'text/plain', 'run.txt')?.code, 'upload.contentMismatch');
    assert.equal(checkRename('photo.svg', 'image/png', 'photo.png')?.code, 'upload.contentMismatch');
    assert.equal(checkRename('page.htm', 'text/html', 'page.html'), null, 'markup may keep a markup extension');
    assert.equal(checkRename('Site plan.pdf', 'application/pdf', 'scan.pdf'), null);
    assert.equal(checkRename('notes.md', 'text/plain', 'notes.txt'), null);
    assert.equal(checkRename('notes.constructor', 'text/plain', 'notes.txt'), null, 'an Object.prototype name is no markup extension');
    assert.equal(
      checkRename('a.png', 'image/png', 'a.pdf', { ...defaultUploadRestrictions, allowedExtensions: ['pdf'] })?.code,
      'upload.extensionNotAllowed',
    );
  });

  it('refuses empty files and files over 25 MB, saying the sizes', () => {
    assert.equal(ok('a.txt', 0)?.code, 'upload.empty');
    const big = checkUpload({ name: 'video.mp4', size: 26 * 1024 * 1024 });
    assert.equal(big?.code, 'upload.tooLarge');
    assert.equal(big.message, 'video.mp4: the file is 26 MB, larger than the 25 MB limit.');
    assert.equal(checkUpload({ name: 'edge.bin', size: defaultUploadRestrictions.maxBytes }), null);
  });

  it('is configurable', () => {
    const strict = { ...defaultUploadRestrictions, maxBytes: 100, allowedExtensions: ['pdf'], allowEmpty: true };
    assert.equal(checkUpload({ name: 'a.pdf', size: 0 }, strict), null);
    assert.equal(checkUpload({ name: 'a.png', size: 1 }, strict)?.code, 'upload.extensionNotAllowed');
    assert.equal(checkUpload({ name: 'a.pdf', size: 101 }, strict)?.code, 'upload.tooLarge');
    assert.equal(checkUpload({ name: 'tool.exe', size: 1 }, { ...defaultUploadRestrictions, blockedExtensions: [] }), null);
    assert.equal(checkUpload({ name: 'x.bin', size: Number.NaN })?.code, 'upload.invalid');
  });

  it('effectiveExtension and formatBytes', () => {
    assert.equal(effectiveExtension('a/b\\c.TXT'), 'txt');
    assert.equal(effectiveExtension('.bashrc'), '');
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(25 * 1024 * 1024), '25 MB');
  });
});

describe('display names', () => {
  it('removes control and bidi characters and path separators, keeping it readable', () => {
    assert.equal(normalizeDisplayName('../../etc/passwd'), '.._.._etc_passwd');
    assert.equal(normalizeDisplayName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(normalizeDisplayName('a\u0000b\r\nc.pdf'), 'abc.pdf');
    assert.equal(
      normalizeDisplayName('  spaced   out .pdf '),
      'spaced   out .pdf',
      "the user's spacing is kept; only the ends are trimmed",
    );
    assert.equal(normalizeDisplayName('my "quote".pdf'), 'my "quote".pdf');
    assert.equal(normalizeDisplayName('invoice.e\u00adxe'), 'invoice.exe', 'soft hyphen');
    assert.equal(normalizeDisplayName('in\u200bvoice\u200d.e\u2060xe\ufeff'), 'invoice.exe', 'zero-width characters');
    assert.equal(normalizeDisplayName('line\u2028break\u2029.txt'), 'linebreak.txt', 'line and paragraph separators');
    assert.equal(normalizeDisplayName('e\u0301te.pdf'), '\u00e9te.pdf', 'NFC');
    assert.equal(normalizeDisplayName('..'), 'file');
    assert.equal(
      normalizeDisplayName('<script>alert(1)</script>.png'),
      '<script>alert(1)<_script>.png',
      'kept as data; escaped by whoever renders it',
    );
  });

  it('caps the length at 255 characters and keeps the extension', () => {
    const long = normalizeDisplayName(`${'a'.repeat(400)}.pdf`);
    assert.equal(Array.from(long).length, 255);
    assert.ok(long.endsWith('.pdf'));
    const emoji = normalizeDisplayName(`${'😀'.repeat(300)}.png`);
    assert.equal(Array.from(emoji).length, 255, 'counts code points, not UTF-16 units');
  });
});
