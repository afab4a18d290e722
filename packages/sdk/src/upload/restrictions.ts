import type { Reason } from '../errors.js';

export interface UploadRestrictions {
  /** Largest accepted file, in bytes. Default 25 MB, "what you could send in an email". */
  maxBytes: number;
  /** Refused extensions, lower case without the dot. Compared case-insensitively. */
  blockedExtensions: readonly string[];
  /** When set, only these extensions are accepted (lower case, without the dot). */
  allowedExtensions?: readonly string[];
  /** Accept zero-byte files. Default false. */
  allowEmpty?: boolean;
}

/**
 * What mail providers refuse as attachments: the union of Gmail's and
 * Outlook's blocked file types (executables, scripts, installers, shortcuts,
 * Office add-ins) and the containers and shortcuts that bypass Windows'
 * Mark-of-the-Web (disk images, OneNote, `.appref-ms`, `.library-ms`,
 * `.settingcontent-ms`, `.searchConnector-ms`), whose contents run without
 * the "downloaded from the internet" warning.
 */
export const defaultBlockedExtensions: readonly string[] = Object.freeze([
  // Programs, installers and libraries
  'ade',
  'adp',
  'apk',
  'app',
  'application',
  'appx',
  'appxbundle',
  'bas',
  'cab',
  'com',
  'cpl',
  'dll',
  'ex',
  'ex_',
  'exe',
  'gadget',
  'lib',
  'mde',
  'msc',
  'msi',
  'msix',
  'msixbundle',
  'msp',
  'mst',
  'msu',
  'ocx',
  'pif',
  'scr',
  'sys',
  'vxd',
  'xbap',
  'xll',
  'xnk',
  // Scripts and script hosts
  'asp',
  'aspx',
  'bat',
  'cgi',
  'cjs',
  'cmd',
  'csh',
  'hta',
  'htc',
  'jar',
  'jnlp',
  'js',
  'jse',
  'jsp',
  'ksh',
  'mjs',
  'msh',
  'msh1',
  'msh2',
  'mshxml',
  'msh1xml',
  'msh2xml',
  'nsh',
  'php',
  'phtml',
  'pl',
  'ps1',
  'ps1xml',
  'ps2',
  'ps2xml',
  'psc1',
  'psc2',
  'psd1',
  'psdm1',
  'py',
  'pyc',
  'pyo',
  'pyw',
  'pyz',
  'pyzw',
  'rb',
  'reg',
  'scf',
  'sct',
  'sh',
  'shb',
  'shs',
  'vb',
  'vbe',
  'vbp',
  'vbs',
  'ws',
  'wsc',
  'wsf',
  'wsh',
  // Shortcuts, help files, settings and installers that run code
  'appref-ms',
  'chm',
  'diagcab',
  'diagcfg',
  'diagpack',
  'grp',
  'hlp',
  'hpj',
  'inf',
  'ins',
  'isp',
  'its',
  'library-ms',
  'lnk',
  'mcf',
  'printerexport',
  'prf',
  'searchconnector-ms',
  'settingcontent-ms',
  'theme',
  'url',
  'website',
  'webpnp',
  'wsb',
  // Disk images and containers that bypass Mark-of-the-Web
  'dmg',
  'img',
  'iso',
  'one',
  'onepkg',
  'vhd',
  'vhdx',
  // Certificates (install trust anchors when opened)
  'cer',
  'crt',
  'der',
]);

export const defaultUploadRestrictions: UploadRestrictions = Object.freeze({
  maxBytes: 25 * 1024 * 1024,
  blockedExtensions: defaultBlockedExtensions,
  allowEmpty: false,
});

/** What the restrictions look at: a browser `File` fits, and so does `{ name, size }`. */
export interface UploadCandidate {
  name: string;
  size: number;
}

/** Human units: 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${value >= 100 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/**
 * The extension that decides how an OS treats the file: the last one, after
 * removing what Windows ignores (trailing dots and spaces) and any NTFS stream
 * suffix (`evil.exe::$DATA`). `invoice.pdf.exe` → `exe`.
 */
export function effectiveExtension(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/::\$data$/i, '').replace(/[\s.\u0000]+$/u, '');
  const base = cleaned.slice(Math.max(cleaned.lastIndexOf('/'), cleaned.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Why the file may not be uploaded, or null when it may. */
export function checkUpload(file: UploadCandidate, restrictions: UploadRestrictions = defaultUploadRestrictions): Reason | null {
  const name = file.name || 'file';
  if (!Number.isFinite(file.size) || file.size < 0) {
    return { code: 'upload.invalid', message: `${name}: the file size could not be read.` };
  }
  if (file.size === 0 && !restrictions.allowEmpty) {
    return { code: 'upload.empty', message: `${name}: the file is empty.` };
  }
  if (file.size > restrictions.maxBytes) {
    return {
      code: 'upload.tooLarge',
      message: `${name}: the file is ${formatBytes(file.size)}, larger than the ${formatBytes(restrictions.maxBytes)} limit.`,
    };
  }
  return checkName(name, restrictions);
}

/**
 * Why a file may not carry this name (a blocked extension, or one outside the
 * allowed list), or null. Uploads and renames both run it, so a rename cannot
 * turn `run.txt` into `run.bat`.
 */
export function checkName(name: string, restrictions: UploadRestrictions = defaultUploadRestrictions): Reason | null {
  const extension = effectiveExtension(name);
  const blocked = new Set(restrictions.blockedExtensions.map((e) => e.toLowerCase()));
  if (extension && blocked.has(extension)) {
    return { code: 'upload.blockedExtension', message: `${name}: executable files cannot be attached.` };
  }
  if (restrictions.allowedExtensions) {
    const allowed = new Set(restrictions.allowedExtensions.map((e) => e.toLowerCase()));
    if (!allowed.has(extension)) {
      return {
        code: 'upload.extensionNotAllowed',
        message: `${name}: only ${[...allowed].map((e) => `.${e}`).join(', ')} files can be attached.`,
      };
    }
  }
  return null;
}
