/**
 * Two tabs of one user, in Chromium: a second real page of the same browser
 * context (same origin: the same IndexedDB and Web Locks), opened with the
 * `second-tab` command (test/support/second-tab.ts), uploads a file. This
 * page's `<ak-uploader>` shows it "In another tab of this browser" with no
 * Resume and no Discard, says so to a screen reader, and gets it as
 * Interrupted (Resume, Discard) once that tab is closed — the browser
 * releasing the closed tab's locks. When the other tab finishes instead, the
 * row goes. The claim logic itself is packages/sdk/test/upload-claims.test.ts.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { createAttachKit, uploadPersistenceScope } from '@attachkit/sdk';
import { indexedDbUploadPersistence } from '@attachkit/sdk/browser';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { setLocale } from '../src/localization/localization.js';
import { admin, job, world } from './helpers.js';

let database = 0;
const log = (el: AkUploader) => [...el.shadowRoot!.querySelectorAll('[role=log] p')].map((p) => p.textContent);
const row = (el: AkUploader) => el.shadowRoot!.querySelector<HTMLElement>('[part=file]');
/** What is left on the device in database `db`. */
const onDevice = (db: string) => indexedDbUploadPersistence({ name: db }).list(uploadPersistenceScope('local', admin));

/** The other tab: opened with one file uploading there (claimed), over database `db`. */
async function otherTab(name: string) {
  const db = `attachkit-tabs-${Date.now()}-${++database}`;
  const status = await executeServerCommand<string, { open: string }>('second-tab', {
    open: `/packages/elements/test/support/second-tab.html?db=${db}&file=${encodeURIComponent(name)}`,
  });
  expect(status).to.equal('uploading');
  return db;
}

/** This tab: a facade over the same database, its uploader for J-1042. */
async function thisTab(db: string) {
  const { backend } = await world({}, admin);
  const kit = createAttachKit({ backend, principal: admin, uploadPersistence: indexedDbUploadPersistence({ name: db }), maxImageEdge: 0 });
  await kit.portalSettings.load();
  const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
  await kit.uploads.restore();
  await el.updateComplete;
  return { kit, el };
}

describe('<ak-uploader> with two tabs of one user', () => {
  afterEach(async () => {
    await executeServerCommand('second-tab', { close: true });
    await setLocale('en');
  });

  it('shows an upload of the other tab as in another tab, without Resume or Discard; takes it over when that tab closes', async () => {
    const db = await otherTab('site-survey.pdf');
    const { kit, el } = await thisTab(db);
    expect(row(el)!.dataset.status).to.equal('in-another-tab');
    expect(row(el)!.querySelector('.state')!.textContent).to.equal('In another tab of this browser');
    expect(row(el)!.querySelectorAll('button').length, 'nothing to press here').to.equal(0);
    expect(log(el)).to.include('site-survey.pdf is in another tab of this browser. It comes back here if that tab closes.');
    await expect(el).to.be.accessible();
    // The form is not held up by another tab's upload.
    expect(kit.uploads.getState().items[0]!.status).to.equal('in-another-tab');

    // The other tab closes mid-upload: the browser releases its locks, this tab gets the upload.
    await executeServerCommand('second-tab', { close: true });
    await waitUntil(() => row(el)?.dataset.status === 'paused', 'interrupted here once the other tab is gone', { timeout: 5000 });
    await el.updateComplete;
    expect(row(el)!.querySelector('.state')!.textContent).to.equal('Interrupted at 0%');
    expect(log(el)).to.include('site-survey.pdf: the other tab closed. Resume or discard it.');

    // Resume by keyboard finishes it here.
    row(el)!.querySelector<HTMLButtonElement>('button.resume')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => kit.uploads.getState().items[0]?.status === 'done');
    const [attached] = kit
      .attachments(job)
      .getState()
      .items.filter((a) => a.name === 'site-survey.pdf');
    expect(attached, 'attached here').to.not.equal(undefined);
    await kit.uploads.flushPersistence();
    expect(await onDevice(db)).to.deep.equal([]);
  });

  it('the row goes when the other tab finishes the upload (never a second upload here)', async () => {
    const db = await otherTab('gate-photo.pdf');
    const { kit, el } = await thisTab(db);
    expect(row(el)!.dataset.status).to.equal('in-another-tab');
    await executeServerCommand('second-tab', { run: 'window.finish()' });
    await waitUntil(() => kit.uploads.getState().items.length === 0, 'gone here once done there', { timeout: 5000 });
    await el.updateComplete;
    expect(row(el)).to.equal(null);
    expect(await onDevice(db)).to.deep.equal([]);
  });

  it('speaks Arabic', async () => {
    const db = await otherTab('site.pdf');
    await setLocale('ar');
    const { el } = await thisTab(db);
    expect(row(el)!.querySelector('.state')!.textContent).to.equal('في علامة تبويب أخرى في هذا المتصفح');
  });
});
