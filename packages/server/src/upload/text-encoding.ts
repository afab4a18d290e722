/**
 * Text that announces its encoding with a byte order mark. Such a file has no
 * magic bytes of its own, and its BOM can read as another format's signature
 * (UTF-16 LE's `FF FE` is an MPEG audio frame sync), so the sniffer decodes it
 * first and judges the text.
 */
export interface BomText {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';
  text: string;
}

const boms: { encoding: BomText['encoding']; bytes: number[] }[] = [
  // UTF-32 LE before UTF-16 LE: its BOM starts with UTF-16 LE's.
  { encoding: 'utf-32le', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { encoding: 'utf-32be', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** Controls that do not occur in text: C0 except tab, line feed, form feed, carriage return and escape; DEL. */
// eslint-disable-next-line no-control-regex
const binaryControls = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/;

/** WHATWG's TextDecoder has no UTF-32: read the code points by hand; null on an invalid one. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength - (bytes.byteLength % 4));
  let text = '';
  for (let offset = 0; offset < view.byteLength; offset += 4) {
    const codePoint = view.getUint32(offset, littleEndian);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return null;
    text += String.fromCodePoint(codePoint);
  }
  return text;
}

function decode(encoding: BomText['encoding'], bytes: Uint8Array): string | null {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  // The sample may end inside a character: drop an odd byte, a lone high surrogate, or up to 3 bytes of UTF-8.
  const units = encoding === 'utf-8' ? 1 : 2;
  for (let cut = 0; cut <= (encoding === 'utf-8' ? 3 : 2); cut += units) {
    const end = bytes.length - (bytes.length % units) - cut;
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, Math.max(0, end)));
    } catch {
      // try one unit shorter
    }
  }
  return null;
}

/** The text of a sample that starts with a byte order mark and decodes as text in that encoding; null otherwise. */
export function decodeBomText(head: Uint8Array): BomText | null {
  const bom = boms.find(({ bytes }) => head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte));
  if (!bom) return null;
  const text = decode(bom.encoding, head.subarray(bom.bytes.length));
  if (text === null || binaryControls.test(text)) return null;
  return { encoding: bom.encoding, text };
}
