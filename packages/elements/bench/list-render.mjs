#!/usr/bin/env node
// `npm run bench:list` — not a test. Measures, in the Debian Chromium, the first
// paint and a one-row update of <ak-attachment-list> with 10,000 attachments
// against a plain, non-virtualized Lit table of the same rows, in the same run
// (the machine is shared and noisy: read the ratio, not the milliseconds).
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);
const rows = Number(process.env.ROWS ?? 10_000);
const runs = Number(process.env.RUNS ?? 5);
const base = JSON.parse(readFileSync(new URL('tsconfig.base.json', root), 'utf8'));

const entry = `
import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { createAttachKit, createMemoryBackend, adminUser } from '@attachkit/sdk';
import '@attachkit/elements/attachment-list/define';
import { StoreController } from '@attachkit/elements';

/** The baseline: every row in the DOM, the same cells, no virtualization. */
class PlainTable extends LitElement {
  static properties = { store: { attribute: false } };
  controller = new StoreController(this);
  willUpdate() { this.controller.bind(this.store ?? null); }
  render() {
    const items = this.controller.value?.items ?? [];
    return html\`<table><tbody>\${repeat(items, (a) => a.id, (a) => html\`<tr data-id=\${a.id}>
      <td><input type="checkbox" aria-label="Select \${a.name}"></td><td><button>\${a.name}</button></td>
      <td>\${a.size}</td><td>\${a.createdAt.slice(0, 10)}</td>
      <td data-flag="portal">\${a.portal === 'viewable' ? 'Y' : 'N'}</td><td>\${a.confidential ? 'Y' : 'N'}</td>
      <td><button aria-label="Download">⤓</button></td></tr>\`)}</tbody></table>\`;
  }
}
customElements.define('plain-table', PlainTable);

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const until = async (test) => { while (!test()) await new Promise((r) => requestAnimationFrame(r)); };

async function world(count) {
  const record = { type: 'job', id: 'J-1' };
  const attachments = Array.from({ length: count }, (_, i) => ({
    id: 'a' + i, record, clientId: 'c', name: 'photo-' + String(i).padStart(5, '0') + '.jpg', size: 1000 + i,
    mimeType: 'image/jpeg', checksum: 'a'.repeat(64), createdAt: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString(),
    createdBy: 'admin', portal: 'hidden', confidential: false, revision: 1,
  }));
  const principal = adminUser();
  const kit = createAttachKit({ backend: createMemoryBackend({ records: [{ ...record, clientId: 'c' }], attachments, principal }), principal });
  await kit.attachments(record).load();
  await kit.notes(record).load();
  return { kit, record, store: kit.attachments(record) };
}

window.measure = async (kind, count) => {
  const { kit, record, store } = await world(count);
  document.body.replaceChildren();
  const t0 = performance.now();
  let el, flag;
  if (kind === 'ak-attachment-list') {
    el = document.createElement('ak-attachment-list');
    el.setAttribute('record-type', record.type);
    el.setAttribute('record-id', record.id);
    el.kit = kit;
    document.body.append(el);
    await el.updateComplete;
    await until(() => el.shadowRoot.querySelector('.body [role=row]'));
    flag = () => el.shadowRoot.querySelector('.body [data-id="a3"] [data-flag=portal] [aria-hidden]')?.textContent;
  } else {
    el = document.createElement('plain-table');
    el.store = store;
    document.body.append(el);
    await el.updateComplete;
    flag = () => el.shadowRoot.querySelector('tr[data-id="a3"] [data-flag=portal]')?.textContent;
  }
  await frame();
  const firstPaint = performance.now() - t0;
  const domNodes = el.shadowRoot.querySelectorAll('*').length;

  const item = store.getState().items[3];
  const t1 = performance.now();
  store.upsert({ ...item, portal: 'viewable' });
  await el.updateComplete;
  await until(() => flag() === 'Y');
  await frame();
  const oneRowUpdate = performance.now() - t1;
  return { firstPaint, oneRowUpdate, domNodes };
};
`;

const bundle = await build({
  stdin: { contents: entry, resolveDir: new URL('packages/elements/', root).pathname, loader: 'js' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  conditions: ['source', 'browser', 'production'],
  tsconfigRaw: { compilerOptions: base.compilerOptions },
  minify: true,
  write: false,
  logLevel: 'error',
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text, type: 'module' });
  await page.waitForFunction(() => typeof window.measure === 'function');

  const kinds = ['ak-attachment-list', 'plain-table'];
  const results = Object.fromEntries(kinds.map((k) => [k, []]));
  await page.evaluate(([k, n]) => window.measure(k, n), ['ak-attachment-list', 100]); // warm up
  await page.evaluate(([k, n]) => window.measure(k, n), ['plain-table', 100]);
  for (let run = 0; run < runs; run++) {
    for (const kind of kinds) results[kind].push(await page.evaluate(([k, n]) => window.measure(k, n), [kind, rows]));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const summary = Object.fromEntries(
    kinds.map((k) => [k, { firstPaint: median(results[k].map((r) => r.firstPaint)), oneRowUpdate: median(results[k].map((r) => r.oneRowUpdate)), domNodes: results[k][0].domNodes }]),
  );
  const fmt = (ms) => `${ms.toFixed(1).padStart(8)} ms`;
  console.log(`\n<ak-attachment-list> vs a plain Lit table — ${rows.toLocaleString('en')} attachments, median of ${runs} runs (Chromium ${browser.version()})\n`);
  console.log(`${''.padEnd(22)}${'first paint'.padStart(14)}${'one-row update'.padStart(17)}${'shadow DOM nodes'.padStart(19)}`);
  for (const k of kinds) console.log(`${k.padEnd(22)}${fmt(summary[k].firstPaint).padStart(14)}${fmt(summary[k].oneRowUpdate).padStart(17)}${String(summary[k].domNodes).padStart(19)}`);
  const ratio = (key) => summary['plain-table'][key] / summary['ak-attachment-list'][key];
  console.log(`\nratio plain / ak-attachment-list: first paint ×${ratio('firstPaint').toFixed(1)}, one-row update ×${ratio('oneRowUpdate').toFixed(1)} (above 1: the virtualized list is faster)`);
} finally {
  await browser.close();
}
