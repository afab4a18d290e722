/**
 * <ak-uploader>'s Pause and Resume buttons and its "Waiting for the network…"
 * row, in Chromium, used with the keyboard: progress is kept, the buttons
 * are named with the file, the live region says what happens, and the focus
 * stays in the row when the pressed button turns into the next one. (The
 * queue side over a real server: packages/server/test/upload-queue-resume.test.ts;
 * a real offline browser: packages/demo/test/upload-offline.e2e.ts.)
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { AttachKitNetworkError, createAttachKit, type AttachKitBackend, type UploadOptions } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { file, world } from './helpers.js';

const $ = <T extends Element = HTMLElement>(el: AkUploader, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector)!;
const log = (el: AkUploader) => [...el.shadowRoot!.querySelectorAll('[role=log] p')].map((p) => p.textContent);
const row = (el: AkUploader) => $(el, '[part=file]');

/** Waits until the row shows `status`, rendered. */
async function until(el: AkUploader, status: string): Promise<void> {
  await waitUntil(() => row(el)?.dataset.status === status, `the row becomes ${status}`);
  await el.updateComplete;
}

/** The memory backend, whose uploads report 40 % and then hang until aborted (Pause) while `hold` is set. */
async function holdingWorld() {
  const { backend, kit: base } = await world();
  const state = { hold: true, started: 0 };
  const holding: AttachKitBackend = {
    ...backend,
    async uploadAttachment(record, input, options?: UploadOptions) {
      state.started++;
      if (state.hold) {
        options?.onProgress?.({ loaded: input.data.size * 0.4, total: input.data.size });
        await new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => reject(new DOMException('The upload was aborted.', 'AbortError'))),
        );
      }
      return backend.uploadAttachment(record, input, options);
    },
  };
  const kit = createAttachKit({ backend: holding, principal: base.principal, uploadRetryDelays: [] });
  await kit.portalSettings.load();
  return { kit, state };
}

describe('<ak-uploader> pause, resume and waiting for the network', () => {
  it('Pause by keyboard keeps the progress and the focus (on Resume); Resume by keyboard finishes the upload', async () => {
    const { kit, state } = await holdingWorld();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    el.addFiles([file('walkthrough.mp4', new Uint8Array(100_000), 'video/mp4')]);
    await until(el, 'uploading');
    await waitUntil(() => row(el).querySelector('.state')?.textContent === '40%');
    const pause = $<HTMLButtonElement>(el, 'button.pause');
    expect(pause.getAttribute('aria-label')).to.equal('Pause: walkthrough.mp4');

    pause.focus();
    await sendKeys({ press: 'Enter' });
    await until(el, 'paused');
    expect(row(el).querySelector('.state')!.textContent).to.equal('Paused 40%');
    expect(row(el).querySelector<HTMLProgressElement>('progress')!.value).to.equal(40);
    const resume = $<HTMLButtonElement>(el, 'button.resume');
    expect(resume.getAttribute('aria-label')).to.equal('Resume: walkthrough.mp4');
    expect(el.shadowRoot!.activeElement === resume, 'the focus moved to Resume, not to the page').to.equal(true);
    await expect(el).to.be.accessible();

    state.hold = false;
    await sendKeys({ press: 'Enter' });
    await kit.uploads.idle();
    await until(el, 'done');
    expect(state.started).to.equal(2);
    expect(
      kit
        .attachments({ type: 'job', id: 'J-1042' })
        .getState()
        .items.map((a) => a.name),
    ).to.include('walkthrough.mp4');
  });

  it('Cancel by keyboard moves the focus to Retry', async () => {
    const { kit } = await holdingWorld();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    el.addFiles([file('site-plan.pdf', new Uint8Array(20_000), 'application/pdf')]);
    await until(el, 'uploading');
    $<HTMLButtonElement>(el, 'button.cancel').focus();
    await sendKeys({ press: 'Enter' });
    await until(el, 'cancelled');
    expect(el.shadowRoot!.activeElement === $(el, 'button.retry'), 'the focus moved to Retry, not to the page').to.equal(true);
  });

  it('waiting for the network: the row, Resume and Cancel, announced; Resume tries at once and it goes on', async () => {
    const { backend, kit: base } = await world();
    let down = true;
    const flaky: AttachKitBackend = {
      ...backend,
      uploadAttachment: (record, input, options) =>
        down ? Promise.reject(new AttachKitNetworkError()) : backend.uploadAttachment(record, input, options),
    };
    // The next automatic try is a minute away: only Resume brings it sooner.
    const kit = createAttachKit({ backend: flaky, principal: base.principal, uploadRetryDelays: [60_000] });
    await kit.portalSettings.load();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    el.addFiles([file('after-photo.pdf', new Uint8Array(30_000), 'application/pdf')]);
    await until(el, 'waiting-for-network');
    expect(row(el).querySelector('.state')!.textContent).to.equal('Waiting for the network… 0%');
    expect($(el, 'button.resume').getAttribute('aria-label')).to.equal('Resume: after-photo.pdf');
    expect($(el, 'button.cancel').getAttribute('aria-label')).to.equal('Cancel: after-photo.pdf');
    expect(log(el)).to.include('after-photo.pdf: waiting for the network. The upload goes on by itself when the connection is back.');
    await expect(el).to.be.accessible();

    down = false;
    $<HTMLButtonElement>(el, 'button.resume').focus();
    await sendKeys({ press: 'Enter' });
    await kit.uploads.idle();
    await until(el, 'done');
    expect(log(el)).to.include('after-photo.pdf: connection back, upload resumed.');
  });
});
