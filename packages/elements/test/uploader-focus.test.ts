/**
 * <ak-uploader> in Chromium: a row that changes status by itself while one of
 * its buttons has the focus keeps the focus in the row — queued → uploading
 * when a slot frees and preparing → uploading once a photo is made smaller
 * (Cancel stays on Cancel), uploading → waiting for the
 * network (Pause gives way to Resume), and a row left without buttons (done)
 * hands it to the select button, never to the page. (Pressed buttons:
 * uploader-pause.test.ts.)
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { AttachKitNetworkError, createAttachKit, type AttachKitBackend, type UploadOptions } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { file, world } from './helpers.js';
import { cameraPhoto } from './photo-fixtures.js';

const rowOf = (el: AkUploader, name: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=file]')].find((li) => li.querySelector('.name')?.textContent === name)!;

async function until(el: AkUploader, name: string, status: string): Promise<void> {
  await waitUntil(() => rowOf(el, name)?.dataset.status === status, `${name} becomes ${status}`);
  await el.updateComplete;
}

const focused = (el: AkUploader) => el.shadowRoot!.activeElement;

/** The memory backend, one upload at a time; each upload reports 40 % and waits for `release(name)` (or `fail(name)`: a lost signal). */
async function steppedWorld() {
  const { backend, kit: base } = await world();
  const waiting = new Map<string, { go(): void; drop(): void }>();
  const stepped: AttachKitBackend = {
    ...backend,
    async uploadAttachment(record, input, options?: UploadOptions) {
      options?.onProgress?.({ loaded: input.data.size * 0.4, total: input.data.size });
      await new Promise<void>((resolve, reject) => {
        waiting.set(input.name, { go: resolve, drop: () => reject(new AttachKitNetworkError()) });
        options?.signal?.addEventListener('abort', () => reject(new DOMException('The upload was aborted.', 'AbortError')));
      });
      return backend.uploadAttachment(record, input, options);
    },
  };
  // A minute to the next automatic try: a row that lost the signal stays waiting.
  const kit = createAttachKit({ backend: stepped, principal: base.principal, concurrency: 1, uploadRetryDelays: [60_000] });
  await kit.portalSettings.load();
  const step = async (name: string, how: 'go' | 'drop') => {
    await waitUntil(() => waiting.has(name), `${name} is sent`);
    waiting.get(name)![how]();
    waiting.delete(name);
  };
  return { kit, step };
}

describe('<ak-uploader> keeps the focus in a row that changes status by itself', () => {
  it('queued → uploading when a slot frees: the focus stays on the row’s Cancel', async () => {
    const { kit, step } = await steppedWorld();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    el.addFiles([
      file('first.pdf', new Uint8Array(10_000), 'application/pdf'),
      file('second.pdf', new Uint8Array(10_000), 'application/pdf'),
    ]);
    await until(el, 'first.pdf', 'uploading');
    await until(el, 'second.pdf', 'queued');
    rowOf(el, 'second.pdf').querySelector<HTMLButtonElement>('button.cancel')!.focus();

    await step('first.pdf', 'go');
    await until(el, 'second.pdf', 'uploading');
    const cancel = rowOf(el, 'second.pdf').querySelector('button.cancel');
    expect(focused(el) === cancel, `the focus is on ${focused(el)?.outerHTML ?? document.activeElement?.tagName}`).to.equal(true);
    expect(cancel!.getAttribute('aria-label')).to.equal('Cancel: second.pdf');
    await step('second.pdf', 'go');
    await kit.uploads.idle();
  });

  it('preparing → uploading once the photo is smaller: the focus stays on the row’s Cancel', async () => {
    const { kit, step } = await steppedWorld();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    const photo = await cameraPhoto(3000, 2000);
    // Focused as soon as the row shows "Making the photo smaller…": before the worker (a task away) answers.
    const focusedCancel = new Promise<void>((resolve) => {
      const stop = kit.uploads.on('preparing', () => {
        stop();
        void el.updateComplete.then(() => {
          rowOf(el, photo.name).querySelector<HTMLButtonElement>('button.cancel')!.focus();
          resolve();
        });
      });
    });
    el.addFiles([photo]);
    await focusedCancel;
    expect(rowOf(el, photo.name).dataset.status).to.equal('preparing');

    await until(el, photo.name, 'uploading');
    const cancel = rowOf(el, photo.name).querySelector('button.cancel');
    expect(focused(el) === cancel, `the focus is on ${focused(el)?.outerHTML ?? document.activeElement?.tagName}`).to.equal(true);
    await step(photo.name, 'go');
    await kit.uploads.idle();
  });

  it('uploading → waiting for the network: the focus moves from Pause to the row’s Resume', async () => {
    const { kit, step } = await steppedWorld();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    el.addFiles([file('roof.pdf', new Uint8Array(10_000), 'application/pdf')]);
    await until(el, 'roof.pdf', 'uploading');
    rowOf(el, 'roof.pdf').querySelector<HTMLButtonElement>('button.pause')!.focus();

    await step('roof.pdf', 'drop');
    await until(el, 'roof.pdf', 'waiting-for-network');
    const resume = rowOf(el, 'roof.pdf').querySelector('button.resume');
    expect(focused(el) === resume, `the focus is on ${focused(el)?.outerHTML ?? document.activeElement?.tagName}`).to.equal(true);
    kit.uploads.cancel(rowOf(el, 'roof.pdf').dataset.upload!);
  });

  it('uploading → done (no button left in the row): the focus goes to the select button, not to the page', async () => {
    const { kit, step } = await steppedWorld();
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
    el.addFiles([file('meter.pdf', new Uint8Array(10_000), 'application/pdf')]);
    await until(el, 'meter.pdf', 'uploading');
    rowOf(el, 'meter.pdf').querySelector<HTMLButtonElement>('button.pause')!.focus();

    await step('meter.pdf', 'go');
    await until(el, 'meter.pdf', 'done');
    expect(focused(el) === el.shadowRoot!.querySelector('button.select')).to.equal(true);
  });

  it('leaves the focus alone when the user moved it out of the element', async () => {
    const { kit, step } = await steppedWorld();
    const outside = await fixture<HTMLDivElement>(html`<div>
      <ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader><button id="elsewhere">Elsewhere</button>
    </div>`);
    const el = outside.querySelector<AkUploader>('ak-uploader')!;
    el.addFiles([file('shed.pdf', new Uint8Array(10_000), 'application/pdf')]);
    await until(el, 'shed.pdf', 'uploading');
    outside.querySelector<HTMLButtonElement>('#elsewhere')!.focus();

    await step('shed.pdf', 'go');
    await until(el, 'shed.pdf', 'done');
    expect(document.activeElement?.id).to.equal('elsewhere');
  });
});
