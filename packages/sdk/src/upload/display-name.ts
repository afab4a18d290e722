/** Longest display name kept, in characters (extension included). */
export const maxDisplayNameLength = 255;

// C0 and C1 controls (tabs and line breaks included) and DEL; the line and paragraph separators; every Unicode
// default-ignorable code point (soft hyphen, zero-width characters, bidi and format controls, variation
// selectors): characters that are invisible or reorder the text, so "invoice.e\u00adxe" or "gpj.exe" (shown as
// "exe.jpg") cannot disguise a name. Every other character, runs of spaces included, is kept as typed.
// eslint-disable-next-line no-control-regex
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}]/gu;

/**
 * The name an attachment is shown under: Unicode NFC, control and invisible
 * characters removed, path separators replaced, spaces at the ends trimmed,
 * capped at 255 characters (keeping the extension). It is data, never a path.
 */
export function normalizeDisplayName(raw: string): string {
  let name = raw.normalize('NFC').replace(unsafeCharacters, '').replace(/[/\\]/g, '_').trim();
  if (name === '' || /^\.+$/.test(name)) name = 'file';
  // Code points on purpose: the cap counts characters the way the server's does, not grapheme clusters.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  const characters = [...name];
  if (characters.length > maxDisplayNameLength) {
    const dot = name.lastIndexOf('.');
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, as above
    const extension = dot > 0 ? [...name.slice(dot)] : [];
    const keep = extension.length > 0 && extension.length <= 16 ? extension : [];
    name =
      characters
        .slice(0, maxDisplayNameLength - keep.length)
        .join('')
        .trimEnd() + keep.join('');
  }
  return name;
}
