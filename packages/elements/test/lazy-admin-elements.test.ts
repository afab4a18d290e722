/**
 * The admin elements (<ak-permission-matrix>, <ak-portal-settings>,
 * <ak-view-as>) are defined at once by define-all, and load their view on
 * demand: the first time one is connected. Elements created (and given
 * properties) before the definition upgrade with those properties, in the
 * document or in a shadow root. Its own test file: the page starts with no
 * attachkit module loaded (modules are cached per page).
 */
import { expect, html, fixture, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import type { AkPermissionMatrix } from '../src/components/permission-matrix/permission-matrix.js';
import { LazyView } from '../src/internal/lazy-view.js';
import { job, settled, technician, world } from './helpers.js';
import { recordResources } from './resource-timing.js';

// Before the elements load (dynamically, below), so that every module they fetch is recorded.
const requested = recordResources();
const views = ['permission-matrix.view', 'portal-settings.view', 'view-as.view'];

const { kit } = await world();
// Created and given properties before any attachkit element is defined: plain HTMLElements for now.
const matrix = document.createElement('ak-permission-matrix');
matrix.kit = kit;
matrix.level = 'mobile';
matrix.userId = technician.id;
const shadowHost = document.createElement('div');
const viewAs = document.createElement('ak-view-as');
shadowHost.attachShadow({ mode: 'open' }).append(viewAs);
viewAs.kit = kit;
viewAs.recordType = job.type;
viewAs.recordId = job.id;
viewAs.clients = [{ id: 'client-a', name: 'Acme Plumbing' }];
viewAs.as = 'client:client-a';

describe('admin elements: defined at once, loaded on demand', () => {
  before(() => import('../src/define-all.js'));

  it('defines every tag at once (whenDefined resolves) without loading an admin view', async () => {
    expect(requested('define-all').length).to.equal(1);
    for (const tag of ['ak-permission-matrix', 'ak-portal-settings', 'ak-view-as']) {
      expect(customElements.get(tag), tag).to.be.a('function');
      await customElements.whenDefined(tag);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const view of views) expect(requested(view), view).to.deep.equal([]);
  });

  it('upgrades an element given properties before the definition, loads its view when connected, and works', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(matrix);
    await settled(kit.users);
    await matrix.updateComplete;
    // Lit applies the properties saved at the upgrade in its first update.
    expect(matrix.level).to.equal('mobile');
    expect(matrix.getAttribute('level')).to.equal('mobile');
    expect(matrix.kit).to.equal(kit);
    expect(requested('permission-matrix.view').length).to.equal(1);
    expect(requested('portal-settings.view')).to.deep.equal([]);
    // The user-id set before the upgrade: one row, the technician's.
    const rows = [...matrix.shadowRoot!.querySelectorAll('tr[data-user]')].map((r) => r.getAttribute('data-user'));
    expect(rows).to.deep.equal([technician.id]);
    // The view's styles are adopted beside the shared ones.
    expect(matrix.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(2);
    expect(getComputedStyle(matrix.shadowRoot!.querySelector('table')!).borderCollapse).to.equal('collapse');
    // It works: a click saves a grant.
    const box = matrix.shadowRoot!.querySelector<HTMLInputElement>('input[data-key="attachments.viewConfidential"]')!;
    expect(box.checked).to.equal(false);
    box.click();
    await waitUntil(() => kit.users.getState().pending.length === 0);
    expect(kit.users.getState().users.find((u) => u.id === technician.id)!.grants.mobile).to.include('attachments.viewConfidential');
  });

  it('upgrades inside a shadow root, with the properties set before', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.append(shadowHost);
    await settled(kit.attachments(job));
    await viewAs.updateComplete;
    expect(requested('view-as.view').length).to.equal(1);
    expect(viewAs.principal).to.deep.equal({ kind: 'client', id: 'client-a', name: 'Acme Plumbing' });
    expect(viewAs.shadowRoot!.querySelector('[part=summary]')!.textContent).to.contain('Client Acme Plumbing would see');
  });

  it('loads each view once per page', async () => {
    const again = await fixture<AkPermissionMatrix>(html`<ak-permission-matrix level="web" .kit=${kit}></ak-permission-matrix>`);
    await again.updateComplete;
    expect(again.shadowRoot!.querySelector('table[role=grid]')).to.not.equal(null);
    expect(requested('permission-matrix.view').length).to.equal(1);
  });
});

class LazyProbe extends LitElement {
  static loads = 0;
  readonly view = new LazyView(this, async () => {
    if (++LazyProbe.loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
    return { view: { render: () => html`<p class="loaded">loaded</p>` }, styles: [] };
  });
  protected override render(): unknown {
    return this.view.render();
  }
  protected override async getUpdateComplete(): Promise<boolean> {
    await this.view.ready;
    return super.getUpdateComplete();
  }
}
customElements.define('ak-test-lazy-probe', LazyProbe);

describe('LazyView', () => {
  it('says when the view could not be loaded, and Retry loads it', async () => {
    const el = await fixture<LazyProbe>(html`<ak-test-lazy-probe></ak-test-lazy-probe>`);
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('This part of the page could not be loaded.');
    alert.querySelector('button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.loaded')!.textContent).to.equal('loaded');
    expect(LazyProbe.loads).to.equal(2);
  });
});
