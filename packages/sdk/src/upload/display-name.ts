/** Longest display name kept, in characters (extension included). */
export const maxDisplayNameLength = 255;

// C0 and C1 controls, DEL, and the Unicode bidi/format controls that can disguise a name ("gpj.exe" shown as "exe.jpg").
// eslint-disable-next-line no-control-regex
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;

/**
 * The name an attachment is shown under: Unicode NFC, control and bidi
 * characters removed, path separators replaced, whitespace collapsed, capped
 * at 255 characters (keeping the extension). It is data, never a path.
 */
export function normalizeDisplayName(raw: string): string {
  let name = raw.normalize('NFC').replace(unsafeCharacters, '').replace(/[/\\]/g, '_').replace(/\s+/gu, ' ').trim();
  if (name === '' || /^\.+$/.test(name)) name = 'file';
  const characters = [...name];
  if (characters.length > maxDisplayNameLength) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? [...name.slice(dot)] : [];
    const keep = extension.length > 0 && extension.length <= 16 ? extension : [];
    name = characters.slice(0, maxDisplayNameLength - keep.length).join('').trimEnd() + keep.join('');
  }
  return name;
}
