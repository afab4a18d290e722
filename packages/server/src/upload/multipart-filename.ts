/**
 * The file name as the user typed it. Browsers (and Node's FormData) encode a
 * multipart filename the WHATWG way: `"` as `%22`, CR as `%0D`, LF as `%0A`,
 * everything else as is — so `my "quote".pdf` arrives as `my %22quote%22.pdf`.
 * Decode exactly those three; the display-name normalisation then removes
 * the control characters.
 */
export function decodeMultipartFilename(filename: string): string {
  return filename.replace(/%(22|0D|0A)/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
