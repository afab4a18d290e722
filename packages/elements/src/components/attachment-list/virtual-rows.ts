/**
 * The virtualized body of lists longer than `virtualizeAbove` rows, with
 * `@lit-labs/virtualizer`. attachment-rows.ts imports this module on demand,
 * the first time a list grows past that many rows: shorter lists never load it.
 */
import type { TemplateResult } from 'lit';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import { grid } from '@lit-labs/virtualizer/layouts/grid.js';
import type { Attachment } from '@attachkit/sdk';

export function renderVirtualRows(
  rows: Attachment[],
  view: 'list' | 'grid',
  renderItem: (a: Attachment, index: number) => TemplateResult,
): unknown {
  return virtualize({
    items: rows,
    keyFunction: (a: Attachment) => a.id,
    ...(view === 'grid' ? { layout: grid({ itemSize: { width: '160px', height: '208px' }, gap: '8px' }) } : {}),
    renderItem,
    scroller: true,
  });
}
