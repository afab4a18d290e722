import type { TemplateResult } from 'lit';
import { html, literal, type StaticValue } from 'lit/static-html.js';

const tags: Record<number, StaticValue> = {
  1: literal`h1`,
  2: literal`h2`,
  3: literal`h3`,
  4: literal`h4`,
  5: literal`h5`,
  6: literal`h6`,
};

/** A valid heading level from an attribute value: 1–6, otherwise `fallback`. */
export function headingLevel(value: unknown, fallback = 2): number {
  const n = Math.trunc(Number(value));
  return n >= 1 && n <= 6 ? n : fallback;
}

/**
 * A native heading of the level the host asks for (`heading-level`), so an
 * embedded element fits the page's outline instead of skipping a level.
 */
export function renderHeading(level: number, id: string, content: unknown, part?: string): TemplateResult {
  const tag = tags[headingLevel(level)] ?? literal`h2`;
  // A static-html tag binding (a `literal`), which lit's template rules take for a dynamic one.
  // eslint-disable-next-line lit/binding-positions, lit/no-invalid-html
  return html`<${tag} id=${id} part=${part ?? 'heading'} class="heading">${content}</${tag}>`;
}
