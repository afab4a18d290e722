import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../src/define-all.js';
import { attachment, job, settled, world } from './helpers.js';

/** The other elements in a 320 px container: nothing sticks out sideways, axe clean. */
describe('elements at 320 px', () => {
  before(() => setViewport({ width: 320, height: 800 }));
  after(() => setViewport({ width: 800, height: 600 }));

  const noOverflow = (el: HTMLElement) => {
    expect(document.documentElement.scrollWidth, `<${el.localName}> makes the page scroll sideways`).to.be.at.most(window.innerWidth);
    const walk = (root: ShadowRoot) => {
      for (const child of root.querySelectorAll<HTMLElement>('*')) {
        const r = child.getBoundingClientRect();
        if (r.width > 0 && getComputedStyle(child).position !== 'fixed')
          expect(r.right, `${el.localName} ${child.localName}.${child.className}`).to.be.at.most(window.innerWidth + 0.5);
      }
    };
    walk(el.shadowRoot!);
  };

  it('<ak-portal-settings>', async () => {
    const { kit } = await world();
    const el = await fixture<HTMLElement>(html`<ak-portal-settings .kit=${kit}></ak-portal-settings>`);
    await waitUntil(() => el.shadowRoot!.querySelector('input[type=checkbox]'));
    noOverflow(el);
    await expect(el).to.be.accessible();
  });

  it('<ak-view-as>', async () => {
    const { kit } = await world({
      attachments: [attachment({ name: 'a-rather-long-file-name-from-the-scanner-2026.pdf', portal: 'viewable' })],
    });
    const el = await fixture<HTMLElement>(
      html`<ak-view-as record-type="job" record-id="J-1042" as="client:client-a" .kit=${kit}></ak-view-as>`,
    );
    await settled(kit.attachments(job));
    await waitUntil(() => el.shadowRoot!.querySelector('tr[data-id]'));
    noOverflow(el);
    await expect(el).to.be.accessible();
  });

  it('<ak-uploader>', async () => {
    const { kit } = await world();
    const el = await fixture<HTMLElement>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    noOverflow(el);
    await expect(el).to.be.accessible();
  });

  it('<ak-permission-matrix> (one user at a time)', async () => {
    const { kit } = await world();
    const el = await fixture<HTMLElement>(html`<ak-permission-matrix level="mobile" .kit=${kit}></ak-permission-matrix>`);
    await settled(kit.users);
    await waitUntil(() => el.shadowRoot!.querySelector('table.one-user'));
    noOverflow(el);
    await expect(el).to.be.accessible();
  });
});
