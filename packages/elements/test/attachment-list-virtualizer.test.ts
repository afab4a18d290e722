/**
 * The list loads @lit-labs/virtualizer on demand: up to 100 rows it renders
 * every row and never requests the virtualizer; above 100 it loads it once
 * and keeps only the visible rows in the DOM. Its own test file, so that the
 * page starts without the virtualizer (modules are cached per page).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { attachment, job, settled, world } from './helpers.js';

// The page keeps 250 resource timings by default, fewer than the test runner's modules: make room
// first, then load the list (dynamically, below), so that every module it fetches is recorded.
performance.setResourceTimingBufferSize(100_000);
before(() => import('../src/components/attachment-list/define.js'));

/** Every module the page fetched for the virtualizer: our chunk and the package's. */
const virtualizerRequests = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => url.includes('virtual-rows') || url.includes('@lit-labs/virtualizer'));

const rows = (el: AkAttachmentList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.body [role=row]')];

async function listOf(count: number): Promise<AkAttachmentList> {
  const items = Array.from({ length: count }, (_, i) => attachment({ name: `file-${String(i).padStart(4, '0')}.pdf` }));
  const { kit } = await world({ attachments: items });
  const el = await fixture<AkAttachmentList>(
    html`<ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${kit}></ak-attachment-list>`,
  );
  await settled(kit.attachments(job));
  await el.updateComplete;
  return el;
}

describe('attachment list: the virtualizer on demand', () => {
  it('loads the list without the virtualizer', () => {
    expect(performance.getEntriesByType('resource').some((entry) => entry.name.includes('attachment-list.ts'))).to.equal(true);
    expect(virtualizerRequests()).to.deep.equal([]);
  });

  it('renders 100 rows in full without requesting the virtualizer', async () => {
    const el = await listOf(100);
    expect(rows(el).length).to.equal(100);
    expect(el.shadowRoot!.querySelector('.body')!.classList.contains('virtual')).to.equal(false);
    // Give a stray dynamic import time to show up in the resource timings.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(virtualizerRequests()).to.deep.equal([]);
  });

  it('loads the virtualizer for 101 rows, and updateComplete waits for it', async () => {
    expect(virtualizerRequests()).to.deep.equal([]);
    const el = await listOf(101);
    expect(virtualizerRequests().length).to.be.greaterThan(0);
    const body = el.shadowRoot!.querySelector('.body')!;
    expect(body.classList.contains('virtual')).to.equal(true);
    expect(body.getAttribute('aria-busy')).to.equal('false');
    await waitUntil(() => rows(el).length > 0, 'no rows rendered');
    // A 24rem body shows ~9 rows of 2.75rem; the virtualizer adds a small buffer, far below 101.
    expect(rows(el).length).to.be.lessThan(60);
    expect(el.shadowRoot!.querySelector('[role=grid]')!.getAttribute('aria-rowcount')).to.equal('102');
  });

  it('loads the virtualizer once per page', async () => {
    const before = virtualizerRequests().length;
    const el = await listOf(150);
    await waitUntil(() => rows(el).length > 0, 'no rows rendered');
    expect(virtualizerRequests().length).to.equal(before);
  });
});
