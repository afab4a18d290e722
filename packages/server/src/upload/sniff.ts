import { open } from 'node:fs/promises';
import { effectiveExtension, type Reason } from '@attachkit/sdk';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { decodeBomText } from './text-encoding.js';

/** What `file-type` found in the magic bytes, if anything. */
export interface DetectedType {
  ext: string;
  mime: string;
}

export type SniffResult = { ok: true; mimeType: string } | { ok: false; reason: Reason };

/** How many leading bytes the text and markup checks look at. */
export const sniffHeadBytes = 8192;

const rasterExtensions = new Set([
  'png',
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'gif',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'heic',
  'heif',
  'avif',
  'ico',
  'jxl',
]);
const rasterDetected = new Set(['png', 'apng', 'jpg', 'gif', 'webp', 'bmp', 'tif', 'heic', 'avif', 'ico', 'cur', 'jxl', 'jp2', 'jpx']);
const zipFamily = new Set(['zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'epub']);

/** Extensions whose files must start with magic bytes of a matching type. */
const expectedByExtension: Record<string, (detected: DetectedType) => boolean> = {
  pdf: (d) => d.ext === 'pdf' || d.ext === 'ai',
  docx: (d) => d.ext === 'docx' || d.ext === 'zip',
  xlsx: (d) => d.ext === 'xlsx' || d.ext === 'zip',
  pptx: (d) => d.ext === 'pptx' || d.ext === 'zip',
  odt: (d) => d.ext === 'odt' || d.ext === 'zip',
  ods: (d) => d.ext === 'ods' || d.ext === 'zip',
  odp: (d) => d.ext === 'odp' || d.ext === 'zip',
  zip: (d) => zipFamily.has(d.ext),
  doc: (d) => d.ext === 'cfb' || d.ext === 'doc',
  xls: (d) => d.ext === 'cfb' || d.ext === 'xls',
  ppt: (d) => d.ext === 'cfb' || d.ext === 'ppt',
  msg: (d) => d.ext === 'cfb',
  rtf: (d) => d.ext === 'rtf',
  gz: (d) => d.ext === 'gz',
  '7z': (d) => d.ext === '7z',
  rar: (d) => d.ext === 'rar',
  mp3: (d) => d.mime.startsWith('audio/'),
  wav: (d) => d.mime.startsWith('audio/'),
  m4a: (d) => d.mime.startsWith('audio/') || d.ext === 'mp4' || d.ext === 'm4a',
  mp4: (d) => d.mime.startsWith('video/') || d.ext === 'mp4',
  mov: (d) => d.mime.startsWith('video/') || d.ext === 'mov',
  webm: (d) => d.ext === 'webm',
};
for (const extension of rasterExtensions) expectedByExtension[extension] = (d) => rasterDetected.has(d.ext);

/** Plain-text formats: no magic bytes; accepted when the bytes do not claim another format. */
const textMimeByExtension: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  ics: 'text/calendar',
  vcf: 'text/vcard',
  eml: 'message/rfc822',
};

/** Markup formats: stored under their type, served only as downloads in a sandbox. */
const markupMimeByExtension: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  xhtml: 'application/xhtml+xml',
  svg: 'image/svg+xml',
  xml: 'application/xml',
};

/** Executable content, refused whatever the file is called. */
const executableTypes = new Set([
  'exe',
  'elf',
  'macho',
  'mach',
  'class',
  'wasm',
  'dex',
  'apk',
  'jar',
  'deb',
  'rpm',
  'swf',
  'lnk',
  'crx',
  'xpi',
  'msi',
  'cab',
]);
const executableMimes = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-executable',
  'application/x-sharedlib',
  'application/java-archive',
  'application/java-vm',
  'application/wasm',
  'application/vnd.android.package-archive',
]);

const describeExtension = (extension: string) =>
  rasterExtensions.has(extension) ? `a ${extension.toUpperCase()} image` : `a ${extension.toUpperCase()} file`;

/** Whether the leading bytes read as text: text with a byte order mark, or UTF-8 without NUL bytes. */
export function looksLikeText(head: Uint8Array): boolean {
  if (decodeBomText(head)) return true;
  if (head.includes(0)) return false;
  try {
    // A cut multi-byte sequence at the end of the sample is fine: drop up to 3 trailing bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

/** `html`, `svg` or null: whether the text (decoded by its BOM, else as UTF-8) starts like a document a browser would render as markup. */
export function detectMarkup(head: Uint8Array): 'html' | 'svg' | null {
  const text = (decodeBomText(head)?.text ?? new TextDecoder('utf-8').decode(head.subarray(0, 4096)))
    .slice(0, 4096)
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  if (!text.startsWith('<')) return null;
  if (/<svg[\s>/]/.test(text)) return 'svg';
  if (
    /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|script|iframe|object|embed|meta|style|title|a|b|p|br|div|img|table|font|h1|form|base|link)[\s>/]/.test(
      text,
    )
  )
    return 'html';
  return null;
}

/**
 * Decides what the stored bytes are, from the magic bytes (`detected`, from
 * file-type) and the first bytes, against the display name's extension.
 * Refused: executable content under any name, and content that contradicts
 * its extension (HTML or SVG named `.png`, an executable named `.pdf`).
 * Text-like files have no magic bytes and are accepted unless the bytes claim
 * another binary format.
 */
/** A table's own entry: an extension such as `.constructor` or `.__proto__` is not a key of every object. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function classifyContent(name: string, detected: DetectedType | undefined, head: Uint8Array): SniffResult {
  const extension = effectiveExtension(name);
  // Text with a byte order mark is text, whatever signature its first bytes resemble (UTF-16 LE's BOM reads as MP3).
  const bomText = decodeBomText(head);
  if (bomText) detected = undefined;
  // file-type calls any `<?xml` document XML; an SVG or XHTML one is markup a browser renders.
  if (detected?.ext === 'xml' && detectMarkup(head)) detected = undefined;
  const markup = detected ? null : detectMarkup(head);
  const what =
    markup === 'svg' ? 'SVG' : markup === 'html' ? 'HTML' : detected ? `${detected.ext.toUpperCase()} (${detected.mime})` : 'unrecognised';

  if (detected && (executableTypes.has(detected.ext) || executableMimes.has(detected.mime))) {
    return {
      ok: false,
      reason: {
        code: 'upload.executableContent',
        message: `${name}: the content is an executable or a program, which cannot be attached.`,
      },
    };
  }
  const expected = own(expectedByExtension, extension);
  if (expected) {
    if (detected && expected(detected)) return { ok: true, mimeType: detected.mime };
    return {
      ok: false,
      reason: { code: 'upload.contentMismatch', message: `${name}: the content is ${what}, not ${describeExtension(extension)}.` },
    };
  }
  const markupMime = own(markupMimeByExtension, extension);
  if (markupMime !== undefined) {
    if (detected && !(extension === 'xml' && detected.ext === 'xml')) {
      return {
        ok: false,
        reason: { code: 'upload.contentMismatch', message: `${name}: the content is ${what}, not ${describeExtension(extension)}.` },
      };
    }
    return { ok: true, mimeType: markupMime };
  }
  const textMime = own(textMimeByExtension, extension);
  if (textMime !== undefined) {
    if (detected && detected.ext !== 'xml')
      return { ok: false, reason: { code: 'upload.contentMismatch', message: `${name}: the content is ${what}, not text.` } };
    return { ok: true, mimeType: looksLikeText(head) ? withCharset(textMime, bomText) : 'application/octet-stream' };
  }
  // Unknown or no extension: label the bytes truthfully.
  if (detected) return { ok: true, mimeType: detected.mime };
  if (markup) return { ok: true, mimeType: markup === 'svg' ? 'image/svg+xml' : 'text/html' };
  return { ok: true, mimeType: looksLikeText(head) ? withCharset('text/plain', bomText) : 'application/octet-stream' };
}

/** UTF-16 and UTF-32 text is labelled with its charset, so an editor or browser that opens it reads it right. */
const withCharset = (mimeType: string, bomText: ReturnType<typeof decodeBomText>) =>
  bomText && bomText.encoding !== 'utf-8' ? `${mimeType}; charset=${bomText.encoding}` : mimeType;

/** Sniffs a stored file: magic bytes with file-type, markup and text from its first bytes. */
export async function sniffFile(name: string, path: string): Promise<SniffResult> {
  const handle = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buffer = Buffer.alloc(sniffHeadBytes);
    const { bytesRead } = await handle.read(buffer, 0, sniffHeadBytes, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  let detected: DetectedType | undefined;
  try {
    detected = await fileTypeFromFile(path);
  } catch {
    detected = undefined; // A malformed container (e.g. a truncated zip) is judged as unrecognised bytes.
  }
  return classifyContent(name, detected, head);
}

/** Sniffs the first bytes of an upload (for blob stores without a local file). */
export async function sniffBytes(name: string, head: Uint8Array): Promise<SniffResult> {
  let detected: DetectedType | undefined;
  try {
    detected = await fileTypeFromBuffer(head);
  } catch {
    detected = undefined;
  }
  return classifyContent(name, detected, head.subarray(0, sniffHeadBytes));
}
