/**
 * <ak-uploader> after a reload, over real IndexedDB in Chromium
 * (`indexedDbUploadPersistence` from @attachkit/sdk/browser): the upload a
 * page left comes back as "Interrupted" with Resume and Discard, usable with
 * the keyboard and a screen reader, 44 px targets on a phone; another user
 * on the same device sees nothing; a store that refuses says so and the
 * upload goes on. A "reload" is a new facade and a new element over the same
 * database, the old page's upload never answering (its request died with
 * it). The tus side with a real server and a real page reload is
 * packages/demo/test/upload-reload.e2e.ts.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { createAttachKit, uploadPersistenceScope, type AttachKitBackend, type Principal, type UploadPersistence } from '@attachkit/sdk';
import { indexedDbUploadPersistence } from '@attachkit/sdk/browser';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { setLocale } from '../src/localization/localization.js';
import { admin, file, job, technician, world } from './helpers.js';

let database = 0;
const $ = <T extends Element = HTMLElement>(el: AkUploader, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector);
const log = (el: AkUploader) => [...el.shadowRoot!.querySelectorAll('[role=log] p')].map((p) => p.textContent);

/** A page: a facade over the memory backend with this persistence, and its uploader for J-1042. */
async function page(persistence: UploadPersistence, options: { principal?: Principal; dies?: boolean } = {}) {
  const { backend, kit: base } = await world({}, options.principal ?? admin);
  // The first page's upload never answers: the page went away while it ran.
  const dying: AttachKitBackend = options.dies ? { ...backend, uploadAttachment: () => new Promise(() => {}) } : backend;
  const kit = createAttachKit({
    backend: dying,
    principal: base.principal,
    uploadPersistence: persistence,
    uploadRetryDelays: [],
    maxImageEdge: 0,
  });
  await kit.portalSettings.load();
  await kit.uploads.restore();
  const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
  return { kit, el, backend };
}

/** The first page: one file uploading, kept in IndexedDB; then the page goes. */
async function interrupted(name: string, principal: Principal = admin) {
  const db = `attachkit-test-${Date.now()}-${++database}`;
  const first = await page(indexedDbUploadPersistence({ name: db }), { principal, dies: true });
  first.el.addFiles([file(name, new Uint8Array(64 * 1024), 'application/pdf')]);
  await waitUntil(() => first.kit.uploads.getState().items[0]?.status === 'uploading');
  await first.kit.uploads.flushPersistence();
  // The page goes: its requests die, and so do its claims on the entries (Web Locks).
  await first.kit.uploads.dispose();
  first.el.remove();
  return db;
}

describe('<ak-uploader> after a reload', () => {
  it('shows the interrupted upload with Resume and Discard, announced, axe clean; Resume by keyboard finishes it', async () => {
    const db = await interrupted('site-survey.pdf');
    const { kit, el } = await page(indexedDbUploadPersistence({ name: db }));
    await el.updateComplete;
    const row = $(el, '[part=file]')!;
    expect(row.dataset.status).to.equal('paused');
    expect(row.querySelector('.state')!.textContent).to.equal('Interrupted at 0%');
    const resume = row.querySelector<HTMLButtonElement>('button.resume')!;
    const discard = row.querySelector<HTMLButtonElement>('button.discard')!;
    expect(resume.getAttribute('aria-label')).to.equal('Resume: site-survey.pdf');
    expect(discard.getAttribute('aria-label')).to.equal('Discard: site-survey.pdf');
    await expect(el).to.be.accessible();

    // Tab from the select button reaches Resume; Enter resumes, the focus stays in the row.
    $<HTMLButtonElement>(el, 'button.select')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(resume);
    await sendKeys({ press: 'Enter' });
    await kit.uploads.idle();
    await el.updateComplete;
    expect($(el, '[part=file]')!.dataset.status).to.equal('done');
    expect(
      kit
        .attachments(job)
        .getState()
        .items.map((a) => a.name),
    ).to.include('site-survey.pdf');
    await kit.uploads.flushPersistence();
    expect(await indexedDbUploadPersistence({ name: db }).list(uploadPersistenceScope('local', admin))).to.deep.equal([]);
  });

  it('the live region says what came back', async () => {
    const db = await interrupted('gate-photo.pdf');
    // The element is there first (the provider restores after connecting): it hears the restore.
    const { kit, backend } = await world();
    const later = createAttachKit({ backend, principal: kit.principal, uploadPersistence: indexedDbUploadPersistence({ name: db }) });
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${later}></ak-uploader>`);
    await later.uploads.restore();
    await el.updateComplete;
    expect(log(el)).to.include('gate-photo.pdf: interrupted by a reload. Resume or discard it.');
  });

  it('Discard by keyboard removes the upload and its bytes on the device, and keeps the focus in the uploader', async () => {
    const db = await interrupted('wrong-job.pdf');
    const persistence = indexedDbUploadPersistence({ name: db });
    const { kit, el } = await page(persistence);
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.discard')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => kit.uploads.getState().items.length === 0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part=file]').length).to.equal(0);
    expect(el.shadowRoot!.activeElement).to.equal($(el, 'button.select'));
    expect(log(el)).to.include('wrong-job.pdf discarded.');
    await kit.uploads.flushPersistence();
    expect(await persistence.list(uploadPersistenceScope('local', admin))).to.deep.equal([]);
    // A third page has nothing to restore.
    expect(
      await createAttachKit({ backend: kit.backend, principal: admin, uploadPersistence: persistence }).uploads.restore(),
    ).to.deep.equal([]);
  });

  it('never shows one user’s interrupted uploads to the next user of the device', async () => {
    const db = await interrupted('payroll-scan.pdf', admin);
    const next = await page(indexedDbUploadPersistence({ name: db }), { principal: technician });
    await next.el.updateComplete;
    expect(next.kit.uploads.getState().items).to.deep.equal([]);
    expect(next.el.shadowRoot!.querySelectorAll('[part=file]').length).to.equal(0);
    const same = await page(indexedDbUploadPersistence({ name: db }), { principal: admin });
    expect(same.kit.uploads.getState().items.map((i) => i.name)).to.deep.equal(['payroll-scan.pdf']);
  });

  for (const width of [320, 400]) {
    it(`at ${width} px: Resume and Discard are 44 px targets, nothing sticks out`, async () => {
      await setViewport({ width, height: 700 });
      try {
        const db = await interrupted('a-rather-long-file-name-from-the-van-camera-2026-12-01.pdf');
        const { el } = await page(indexedDbUploadPersistence({ name: db }));
        await el.updateComplete;
        for (const button of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=file] button')) {
          const r = button.getBoundingClientRect();
          expect(r.height, `${button.textContent} height`).to.be.at.least(44);
          expect(r.width, `${button.textContent} width`).to.be.at.least(44);
          expect(r.right, `${button.textContent} on screen`).to.be.at.most(window.innerWidth + 0.5);
        }
        expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
        await expect(el).to.be.accessible();
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  }

  it('speaks Arabic: Interrupted, Resume, Discard', async () => {
    const db = await interrupted('site.pdf');
    await setLocale('ar');
    try {
      const { el } = await page(indexedDbUploadPersistence({ name: db }));
      await el.updateComplete;
      expect($(el, '[part=file] .state')!.textContent).to.equal('توقّف عند 0٪');
      expect($(el, 'button.resume')!.textContent).to.equal('استئناف');
      expect($(el, 'button.discard')!.getAttribute('aria-label')).to.equal('تجاهل: site.pdf');
    } finally {
      await setLocale('en');
    }
  });

  it('a store that refuses (storage denied) says so once, and the upload still goes on', async () => {
    const refuse = async () => {
      throw new DOMException('The user denied storage.', 'SecurityError');
    };
    const denied: UploadPersistence = { list: async () => [], put: refuse, update: refuse, remove: refuse, clear: refuse };
    const { kit, el } = await page(denied);
    el.addFiles([file('no-storage.pdf', '%PDF-1.4', 'application/pdf')]);
    await kit.uploads.idle();
    await el.updateComplete;
    expect($(el, '[part=file]')!.dataset.status).to.equal('done');
    const notice = $(el, '[part=storage-notice]')!;
    expect(notice.textContent).to.contain('will not survive a reload');
    expect(log(el).filter((t) => t.includes('will not survive a reload')).length).to.equal(1);
    await expect(el).to.be.accessible();
  });
});
