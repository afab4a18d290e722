import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { AttachKitNetworkError, type AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import { AkUploadCompleteEvent } from '../src/events/upload.js';
import { dataTransfer, file, job, once, settled, world } from './helpers.js';

async function mount(kit: AttachKit): Promise<AkUploader> {
  return fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>`);
}

const $ = <T extends Element = HTMLElement>(el: AkUploader, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector)!;
const entries = (el: AkUploader) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=file]')];
const log = (el: AkUploader) => [...el.shadowRoot!.querySelectorAll('[role=log] p')].map((p) => p.textContent);
const idle = async (el: AkUploader, kit: AttachKit) => {
  await kit.uploads.idle();
  await el.updateComplete;
};

describe('<ak-uploader>', () => {
  it('renders the "Select Files to Attach" button and hint', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const button = $<HTMLButtonElement>(el, 'button.select');
    expect(button.textContent.trim()).to.equal('Select Files to Attach');
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    expect($(el, '[part=hint]').textContent).to.contain('drag files here');
    await expect(el).to.be.accessible();
  });

  it('on a touch device the hint mentions neither dragging nor Ctrl+V', async () => {
    const { kit } = await world();
    const real = Object.getOwnPropertyDescriptor(window, 'matchMedia');
    const matchMedia = window.matchMedia.bind(window);
    // A phone: no hover, a coarse pointer (Chromium here has a mouse, so answer for the phone). The answer stays a real
    // MediaQueryList (its listeners and media), with only `matches` overridden.
    window.matchMedia = (query: string) =>
      Object.defineProperty(matchMedia(query), 'matches', { value: query.includes('pointer: coarse') });
    try {
      const el = await mount(kit);
      const hint = $(el, '[part=hint]').textContent.trim();
      expect(hint).to.equal('Choose files or photos from this device.');
      expect(hint).not.to.contain('Ctrl');
    } finally {
      if (real) Object.defineProperty(window, 'matchMedia', real);
      else delete (window as Partial<Window>).matchMedia;
    }
  });

  it('works before the provider has connected: Enter opens the picker at once, and the chosen files wait for the kit', async () => {
    // A fresh page: the element is there before <ak-provider> has its AttachKit.
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042"></ak-uploader>`);
    const button = $<HTMLButtonElement>(el, 'button.select');
    expect(button.getAttribute('aria-disabled'), 'usable while connecting').to.equal('false');
    const input = $<HTMLInputElement>(el, 'input[type=file]');
    let opened = 0;
    input.click = () => {
      opened++; // the browser's file chooser is the edge of this test
    };
    button.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened, 'Enter opened the file chooser').to.equal(1);
    input.files = dataTransfer(file('before-photo.jpg', 'jpeg', 'image/jpeg')).files;
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(log(el).at(-1)).to.equal('Connecting… the files will be attached as soon as the connection is ready.');
    const { kit } = await world();
    el.kit = kit;
    await waitUntil(
      () =>
        kit
          .attachments(job)
          .getState()
          .items.some((a) => a.name === 'before-photo.jpg'),
      'the waiting file was not uploaded',
    );
    await idle(el, kit);
    expect(entries(el).map((e) => e.dataset.status)).to.deep.equal(['done']);
  });

  it('the button opens the file picker, and picked files upload', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const input = $<HTMLInputElement>(el, 'input[type=file]');
    let opened = false;
    input.addEventListener('click', (e) => {
      opened = true;
      e.preventDefault();
    });
    $<HTMLButtonElement>(el, 'button.select').click();
    expect(opened).to.equal(true);
    input.files = dataTransfer(file('plan.pdf', '%PDF-1.4')).files;
    const completed = once(el, 'ak-upload-complete');
    input.dispatchEvent(new Event('change'));
    const event = await completed;
    expect(event).to.be.instanceOf(AkUploadCompleteEvent);
    expect(event.attachment.name).to.equal('plan.pdf');
    expect(event.attachment.portal).to.equal('hidden');
    expect(input.value).to.equal('');
  });

  it('accepts files dropped with a real DataTransfer', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const transfer = dataTransfer(file('before.jpg', 'jpeg'), file('after.jpg', 'jpeg'));
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
    $(el, '[part=dropzone]').dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true);
    await el.updateComplete;
    expect($(el, '[part=dropzone]').classList.contains('dragging')).to.equal(true);
    const added = once(el, 'ak-upload-add');
    $(el, '[part=dropzone]').dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }),
    );
    expect((await added).files.map((f) => f.name)).to.deep.equal(['before.jpg', 'after.jpg']);
    await idle(el, kit);
    expect($(el, '[part=dropzone]').classList.contains('dragging')).to.equal(false);
    expect(entries(el).map((e) => e.dataset.status)).to.deep.equal(['done', 'done']);
    expect(
      kit
        .attachments(job)
        .getState()
        .items.map((a) => a.name),
    ).to.have.members(['before.jpg', 'after.jpg']);
  });

  it('accepts files pasted with a real ClipboardEvent', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const button = $<HTMLButtonElement>(el, 'button.select');
    button.focus();
    const paste = new ClipboardEvent('paste', {
      clipboardData: dataTransfer(file('screenshot.png', 'png')),
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    button.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true);
    await idle(el, kit);
    expect(
      kit
        .attachments(job)
        .getState()
        .items.map((a) => a.name),
    ).to.deep.equal(['screenshot.png']);
    await waitUntil(() => log(el).includes('screenshot.png attached (hidden from the Customer Portal).'));
  });

  it('lets the host veto added files (ak-upload-add is cancelable)', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    el.addEventListener('ak-upload-add', (e) => e.preventDefault(), { once: true });
    expect(el.addFiles([file('plan.pdf')])).to.deep.equal([]);
    expect(kit.uploads.getState().items).to.deep.equal([]);
  });

  it('says in words why a file is refused, and announces it', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const rejected = once(el, 'ak-upload-rejected');
    el.addFiles([file('setup.exe', 'MZ'), file('empty.txt', '')]);
    const event = await rejected;
    expect(event.reason.code).to.equal('upload.blockedExtension');
    await el.updateComplete;
    const errors = [...el.shadowRoot!.querySelectorAll('[part=file-error]')].map((e) => e.textContent);
    expect(errors).to.deep.equal(['setup.exe: executable files cannot be attached.', 'empty.txt: the file is empty.']);
    expect(log(el)).to.include('setup.exe: executable files cannot be attached.');
    await expect(el).to.be.accessible();
  });

  it('refuses a file over the size limit, naming both sizes', async () => {
    const { kit } = await world();
    const small = (await import('@attachkit/sdk')).createAttachKit({
      backend: kit.backend,
      principal: kit.principal,
      restrictions: { maxBytes: 1024 },
    });
    const el = await mount(small);
    el.addFiles([file('big.pdf', 'x'.repeat(2048))]);
    await el.updateComplete;
    expect($(el, '[part=file-error]').textContent).to.equal('big.pdf: the file is 2 kB, larger than the 1 kB limit.');
  });

  it('shows per-file progress, cancels and retries', async () => {
    const { kit } = await world({ latencyMs: 20 });
    const el = await mount(kit);
    const [item] = el.addFiles([file('video.mp4', new Uint8Array(1024 * 1024))]);
    await waitUntil(() => kit.uploads.getState().items[0]!.status === 'uploading');
    await el.updateComplete;
    const progress = $<HTMLProgressElement>(el, '[part=progress]');
    expect(progress.getAttribute('aria-label')).to.equal('Uploading video.mp4');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, 'button.cancel').click();
    await el.updateComplete;
    expect(entries(el)[0]!.dataset.status).to.equal('cancelled');
    expect(log(el)).to.include('video.mp4: upload cancelled.');
    $<HTMLButtonElement>(el, 'button.retry').click();
    await idle(el, kit);
    expect(kit.uploads.getState().items.find((i) => i.id === item!.id)!.status).to.equal('done');
    expect(entries(el)[0]!.textContent).to.contain('Attached — hidden from the Customer Portal');
    $<HTMLButtonElement>(el, 'button.clear').click();
    await el.updateComplete;
    expect(entries(el)).to.deep.equal([]);
  });

  it('marks a failed upload with a retry, and retries it', async () => {
    let down = true;
    const { kit } = await world({ fail: (op) => (down && op === 'uploadAttachment' ? new AttachKitNetworkError() : undefined) });
    const el = await mount(kit);
    const failed = once(el, 'ak-error');
    el.addFiles([file('plan.pdf')]);
    expect((await failed).operation).to.equal('attachment.upload');
    await idle(el, kit);
    expect(entries(el)[0]!.dataset.status).to.equal('failed');
    expect($(el, '[part=file-error]').textContent).to.equal('The server could not be reached.');
    await expect(el).to.be.accessible();
    down = false;
    $<HTMLButtonElement>(el, 'button.retry').click();
    await idle(el, kit);
    expect(entries(el)[0]!.dataset.status).to.equal('done');
  });

  it('is disabled, saying why, when the principal may not attach files', async () => {
    const { kit } = await world({}, { kind: 'staff', id: 'viewer', name: 'Viewer', grants: { web: ['attachments.view'] } });
    const el = await mount(kit);
    const button = $<HTMLButtonElement>(el, 'button.select');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '.why').textContent).to.equal('Needs the permission "Can attach files".');
    expect(el.addFiles([file('plan.pdf')])).to.deep.equal([]);
    $(el, '[part=dropzone]').dispatchEvent(
      new DragEvent('drop', { dataTransfer: dataTransfer(file('x.pdf')), bubbles: true, cancelable: true }),
    );
    expect(kit.uploads.getState().items).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('is form-associated: a host form submits the new attachment ids, and waits for uploads', async () => {
    const { kit } = await world({ latencyMs: 5 });
    const form = await fixture<HTMLFormElement>(
      html`<form><ak-uploader name="files" record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader><button>Save</button></form>`,
    );
    const el = form.querySelector<AkUploader>('ak-uploader')!;
    expect((el.constructor as typeof AkUploader).formAssociated).to.equal(true);
    expect(el.form).to.equal(form);
    el.addFiles([file('a.pdf'), file('b.pdf')]);
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    await idle(el, kit);
    expect(form.checkValidity()).to.equal(true);
    const ids = kit
      .attachments(job)
      .getState()
      .items.map((a) => a.id);
    expect(new FormData(form).getAll('files')).to.have.members(ids);
    expect(el.value).to.have.members(ids);
    form.reset();
    expect(new FormData(form).getAll('files')).to.deep.equal([]);
  });

  it('new files appear in the list of the same record at once, marked Hidden (N)', async () => {
    const { kit } = await world();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>
      <ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${kit}></ak-attachment-list>
    </div>`);
    const list = wrapper.querySelector<AkAttachmentList>('ak-attachment-list')!;
    await settled(kit.attachments(job));
    wrapper.querySelector<AkUploader>('ak-uploader')!.addFiles([file('report.pdf')]);
    await kit.uploads.idle();
    await list.updateComplete;
    await waitUntil(() => list.shadowRoot!.querySelector('.body [role=row]'));
    const row = list.shadowRoot!.querySelector('.body [role=row]')!;
    expect(row.querySelector('[part=name]')!.textContent.trim()).to.equal('report.pdf');
    expect(row.querySelector('[data-flag=portal] [aria-hidden]')!.textContent).to.equal('N');
  });
});
