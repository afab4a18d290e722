/** Attachments opened in the image pop-up (and given a thumbnail) rather than downloaded. */
export const previewableTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export function isPreviewable(mimeType: string): boolean {
  return previewableTypes.includes(mimeType);
}

/** The file-type icon an attachment without a thumbnail shows. */
export type FileKind = 'pdf' | 'word' | 'excel' | 'image' | 'other';

export function fileKind(mimeType: string, name = ''): FileKind {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (mimeType === 'application/pdf' || extension === 'pdf') return 'pdf';
  if (mimeType.startsWith('image/')) return 'image';
  if (/wordprocessingml|msword|opendocument\.text/.test(mimeType) || ['doc', 'docx', 'odt', 'rtf'].includes(extension)) return 'word';
  if (/spreadsheetml|ms-excel|opendocument\.spreadsheet|text\/csv/.test(mimeType) || ['xls', 'xlsx', 'ods', 'csv'].includes(extension))
    return 'excel';
  return 'other';
}
