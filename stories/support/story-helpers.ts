/**
 * Small helpers shared by the stories: a latency that never ends, shadow-DOM
 * look-ups for play functions, files to drop on the uploader, more users.
 */
import { waitFor } from 'storybook/test';
import type { StaffUser } from '@attachkit/sdk';
import { admin, tech, techConfidential } from '../fixtures/world.js';
import { kitchenPng, roofPng } from '../fixtures/images.js';

/** A latency no story outlives (the largest delay setTimeout accepts, ~24.8 days). */
export const forever = 2_147_483_647;

/** The first `tag` element in the story, once it has rendered. */
export async function element<T extends HTMLElement>(canvas: HTMLElement, tag: string): Promise<T> {
  const found = await waitFor(() => {
    const el = canvas.querySelector<T>(tag);
    if (!el?.shadowRoot) throw new Error(`<${tag}> has not rendered yet`);
    return el;
  });
  await (found as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return found;
}

/** Waits until `selector` matches inside the element's shadow root. */
export function inShadow<T extends Element = HTMLElement>(host: HTMLElement, selector: string): Promise<T> {
  return waitFor(() => {
    const found = host.shadowRoot?.querySelector<T>(selector);
    if (!found) throw new Error(`nothing matches ${selector} in <${host.localName}>`);
    return found;
  });
}

/** Ticks a checkbox the way a user does (a click, so `change` fires). */
export async function check(host: HTMLElement, selector: string): Promise<void> {
  const box = await inShadow<HTMLInputElement>(host, selector);
  if (!box.checked) box.click();
  await (host as unknown as { updateComplete: Promise<unknown> }).updateComplete;
}

const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** A file of `size` bytes (zeros) or of the given bytes. */
export function file(name: string, content: number | Uint8Array, type = ''): File {
  const part = typeof content === 'number' ? new Uint8Array(content) : content;
  return new File([part as Uint8Array<ArrayBuffer>], name, { type });
}

export const photos = (): File[] => [
  file('roof-before.png', decode(roofPng), 'image/png'),
  file('kitchen-after.png', decode(kitchenPng), 'image/png'),
];

/** Files the default restrictions refuse: an executable, one over 25 MB, an empty one, a disguised one. */
export const refusedFiles = (): File[] => [
  file('setup.exe', 2048, 'application/octet-stream'),
  file('drone-survey.pdf', 30 * 1024 * 1024, 'application/pdf'),
  file('empty-notes.txt', 0, 'text/plain'),
  file('invoice.pdf.exe', 4096, 'application/pdf'),
];

/** The fixture users plus `count` more field technicians (the acting admin stays first). */
export function manyUsers(count: number): StaffUser[] {
  const first = ['Ava', 'Ben', 'Chloe', 'Dev', 'Emma', 'Farid', 'Grace', 'Hiro', 'Isla', 'Jack', 'Layla', 'Noah', 'Omar', 'Priya'];
  const last = ['Nguyen', 'Smith', 'Haddad', 'Cohen', 'Patel', 'Brown', 'Kowalski', 'Tanaka'];
  const extra = Array.from({ length: count }, (_, i): StaffUser => ({
    kind: 'staff',
    id: `u-field-${i + 1}`,
    name: `${first[i % first.length]} ${last[(i * 5) % last.length]}`,
    grants: {
      mobile: [
        'attachments.view',
        'attachments.upload',
        'notes.view',
        ...(i % 3 === 0 ? ['attachments.viewConfidential'] : []),
        ...(i % 4 === 0 ? ['notes.create'] : []),
      ],
    },
  }));
  return [admin, tech, techConfidential, ...extra];
}
