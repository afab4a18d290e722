import type { Reason } from '../errors.js';
import { checkName, defaultUploadRestrictions, effectiveExtension, type UploadRestrictions } from './restrictions.js';

/**
 * Extensions a browser renders as a document when the saved file is opened
 * (markup runs scripts from a local file), with the content types that may
 * carry them. A rename to one of these must match what the upload pipeline
 * found in the bytes; other mismatches are harmless and allowed.
 */
const markupTypesByExtension: Record<string, readonly string[]> = {
  html: ['text/html'],
  htm: ['text/html'],
  shtml: ['text/html'],
  xhtml: ['application/xhtml+xml'],
  xht: ['application/xhtml+xml'],
  mht: ['message/rfc822'],
  mhtml: ['message/rfc822'],
  svg: ['image/svg+xml'],
  svgz: ['image/svg+xml'],
  xml: ['application/xml', 'text/xml'],
  xsl: ['application/xml', 'text/xml'],
  xslt: ['application/xml', 'text/xml'],
};

/**
 * Why an attachment whose content is `mimeType` may not be renamed to
 * `name`, or null: the upload's name rules (blocked and allowed extensions),
 * and an extension that must match the content (`notes.txt` holding text
 * cannot become `notes.html`, a PNG cannot become `photo.svg`). Keeping the
 * extension is always allowed.
 */
export function checkRename(
  name: string,
  mimeType: string,
  currentName: string,
  restrictions: UploadRestrictions = defaultUploadRestrictions,
): Reason | null {
  const refused = checkName(name, restrictions);
  if (refused) return refused;
  const extension = effectiveExtension(name);
  if (extension === effectiveExtension(currentName)) return null;
  // Own entries only: `.constructor` is not a markup extension.
  const expected = Object.hasOwn(markupTypesByExtension, extension) ? markupTypesByExtension[extension] : undefined;
  const type = (mimeType.split(';')[0] ?? '').trim().toLowerCase();
  if (expected && !expected.includes(type)) {
    return { code: 'upload.contentMismatch', message: `${name}: the content is ${type}, which cannot be named .${extension}.` };
  }
  return null;
}
