import { html, svg, type TemplateResult } from 'lit';
import type { FileKind } from './file-types.js';

export const downloadIcon: TemplateResult = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M7.25 1.75a.75.75 0 0 1 1.5 0v6.69l2.22-2.22a.75.75 0 1 1 1.06 1.06l-3.5 3.5a.75.75 0 0 1-1.06 0l-3.5-3.5a.75.75 0 1 1 1.06-1.06l2.22 2.22V1.75ZM2.75 12.5a.75.75 0 0 0 0 1.5h10.5a.75.75 0 0 0 0-1.5H2.75Z"/>
</svg>`;

/** "More actions" (three dots). */
export const menuIcon: TemplateResult = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M8 9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM1.5 9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Zm13 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3Z"/>
</svg>`;

const labels: Record<FileKind, string> = { pdf: 'PDF', word: 'DOC', excel: 'XLS', image: 'IMG', other: '' };

/**
 * A file-type icon: a page with a folded corner and, for PDF, Word, Excel and
 * images, a short type label. Colours come from the element's tokens
 * (`.file-icon[data-kind]` in the styles); decorative, the name says the rest.
 */
export function fileIcon(kind: FileKind): TemplateResult {
  const label = labels[kind];
  return html`<svg class="file-icon" data-kind=${kind} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <path class="page" d="M8 2h11l7 7v19a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2Z" />
    <path class="fold" d="M19 2v5a2 2 0 0 0 2 2h5" />
    ${
      kind === 'image'
        ? svg`<path class="band" d="M9 24l5-6 3.5 4 2.5-3 4 5Z" /><circle class="band" cx="20" cy="14" r="2" />`
        : label
          ? svg`<rect class="band" x="3" y="15" width="22" height="9" rx="1.5" /><text class="label" x="14" y="22" text-anchor="middle">${label}</text>`
          : svg`<path class="lines" d="M10 15h12M10 19h12M10 23h8" />`
    }
  </svg>`;
}
