// Browser module for bench/list-render.bench.ts, bundled with esbuild and run
// in Chromium: `window.measure(kind, count)` renders `count` attachments in
// <ak-attachment-list> or in a plain, non-virtualized Lit table of the same
// cells, then changes one row, and returns both times.
import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { createAttachKit, createMemoryBackend, adminUser } from '@attachkit/sdk';
import '@attachkit/elements/attachment-list/define';
import { StoreController } from '@attachkit/elements';

/** The baseline: every row in the DOM, the same cells, no virtualization. */
class PlainTable extends LitElement {
  static properties = { store: { attribute: false } };
  controller = new StoreController(this);
  willUpdate() {
    this.controller.bind(this.store ?? null);
  }
  render() {
    const items = this.controller.value?.items ?? [];
    return html`<table><tbody>${repeat(
      items,
      (a) => a.id,
      (a) => html`<tr data-id=${a.id}>
      <td><input type="checkbox" aria-label="Select ${a.name}"></td><td><button>${a.name}</button></td>
      <td>${a.size}</td><td>${a.createdAt.slice(0, 10)}</td>
      <td data-flag="portal">${a.portal === 'viewable' ? 'Y' : 'N'}</td><td>${a.confidential ? 'Y' : 'N'}</td>
      <td><button aria-label="Download">⤓</button></td></tr>`,
    )}</tbody></table>`;
  }
}
customElements.define('plain-table', PlainTable);

/**
 * Resolves once the next frame has been produced: a task queued from a
 * requestAnimationFrame callback runs after that frame's style, layout and
 * paint. (A double rAF would add a whole idle frame to every figure.)
 */
const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const until = async (test) => {
  while (!test()) await new Promise((resolve) => requestAnimationFrame(resolve));
};

/** The same attachments every run (no randomness: ids, names and dates follow the index). */
async function world(count) {
  const record = { type: 'job', id: 'J-1' };
  const attachments = Array.from({ length: count }, (_, i) => ({
    id: 'a' + i,
    record,
    clientId: 'c',
    name: 'photo-' + String(i).padStart(5, '0') + '.jpg',
    size: 1000 + i,
    mimeType: 'image/jpeg',
    checksum: 'a'.repeat(64),
    createdAt: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString(),
    createdBy: 'admin',
    portal: 'hidden',
    confidential: false,
    revision: 1,
  }));
  const principal = adminUser();
  const kit = createAttachKit({
    backend: createMemoryBackend({ records: [{ ...record, clientId: 'c' }], attachments, principal }),
    principal,
  });
  await kit.attachments(record).load();
  await kit.notes(record).load();
  return { kit, record, store: kit.attachments(record) };
}

window.measure = async (kind, count) => {
  const { kit, record, store } = await world(count);
  document.body.replaceChildren();
  globalThis.gc?.();
  await nextPaint();

  const t0 = performance.now();
  let element;
  let flag;
  if (kind === 'ak-attachment-list') {
    element = document.createElement('ak-attachment-list');
    element.setAttribute('record-type', record.type);
    element.setAttribute('record-id', record.id);
    element.kit = kit;
    document.body.append(element);
    await element.updateComplete;
    await until(() => element.shadowRoot.querySelector('.body [role=row]'));
    flag = () => element.shadowRoot.querySelector('.body [data-id="a3"] [data-flag=portal] [aria-hidden]')?.textContent;
  } else {
    element = document.createElement('plain-table');
    element.store = store;
    document.body.append(element);
    await element.updateComplete;
    flag = () => element.shadowRoot.querySelector('tr[data-id="a3"] [data-flag=portal]')?.textContent;
  }
  await nextPaint();
  const firstPaint = performance.now() - t0;
  const domNodes = element.shadowRoot.querySelectorAll('*').length;
  if (flag() !== 'N') throw new Error(`${kind}: row a3 is not rendered as expected`);

  const item = store.getState().items[3];
  const t1 = performance.now();
  store.upsert({ ...item, portal: 'viewable' });
  await element.updateComplete;
  await until(() => flag() === 'Y');
  await nextPaint();
  const oneRowUpdate = performance.now() - t1;
  return { firstPaint, oneRowUpdate, domNodes };
};
