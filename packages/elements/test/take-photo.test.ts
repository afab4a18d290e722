/**
 * `<ak-uploader capture>`'s "Take Photo" in Chromium: shown on a touch device
 * only (Chromium's own touch emulation over CDP, not a patched matchMedia),
 * opening a camera input, usable with the keyboard and a screen reader, a
 * 44 px target on a 320–400 px phone, in English and Arabic.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/define-all.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { setLocale } from '../src/localization/localization.js';
import { dataTransfer, file, once, world } from './helpers.js';

const touch = (enabled: boolean) => executeServerCommand('emulate-touch', { enabled });
const takePhoto = (el: AkUploader) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=take-photo]');
const camera = (el: AkUploader) => el.shadowRoot!.querySelector<HTMLInputElement>('input.camera');

async function mount(capture = true): Promise<AkUploader> {
  const { kit } = await world();
  return fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" ?capture=${capture} .kit=${kit}></ak-uploader>`);
}

describe('<ak-uploader capture>: Take Photo', () => {
  afterEach(async () => {
    await touch(false);
    await setViewport({ width: 800, height: 600 });
    await setLocale('en');
  });

  it('appears on a touch device and not without one, and follows a change while shown', async () => {
    const el = await mount();
    expect(matchMedia('(any-pointer: coarse)').matches, 'this Chromium has a mouse').to.equal(false);
    expect(takePhoto(el)).to.equal(null);
    await touch(true);
    await waitUntil(() => takePhoto(el), 'Take Photo appears when touch arrives');
    expect(takePhoto(el)!.textContent.trim()).to.equal('Take Photo');
    await touch(false);
    await waitUntil(() => !takePhoto(el), 'and goes when it leaves');
  });

  it('needs the capture attribute, even on a touch device', async () => {
    await touch(true);
    const el = await mount(false);
    expect(takePhoto(el)).to.equal(null);
    expect(camera(el)).to.equal(null);
  });

  it('opens the back camera (accept="image/*" capture="environment") from the keyboard, and the photo uploads', async () => {
    await touch(true);
    const el = await mount();
    const input = camera(el)!;
    expect([input.accept, input.getAttribute('capture'), input.hidden, input.tabIndex]).to.deep.equal(['image/*', 'environment', true, -1]);
    let opened = 0;
    input.addEventListener('click', (e) => {
      opened++;
      e.preventDefault();
    });
    takePhoto(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Space' });
    expect(opened).to.equal(2);
    input.files = dataTransfer(file('photo.jpg', 'not really a jpeg', 'image/jpeg')).files;
    const completed = once(el, 'ak-upload-complete');
    input.dispatchEvent(new Event('change'));
    expect((await completed).attachment.name).to.equal('photo.jpg');
  });

  it('is a 44 px target that fits 320 and 400 px phones, described like the main button, axe clean', async () => {
    await touch(true);
    for (const width of [320, 400]) {
      await setViewport({ width, height: 700 });
      const el = await mount();
      await waitUntil(() => takePhoto(el));
      const box = takePhoto(el)!.getBoundingClientRect();
      expect(box.height, `${width} px`).to.be.at.least(44);
      expect(box.width, `${width} px`).to.be.at.least(44);
      expect(box.right).to.be.at.most(window.innerWidth);
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
      const described = takePhoto(el)!.getAttribute('aria-describedby')!;
      expect(el.shadowRoot!.getElementById(described)?.textContent).to.contain('photos');
      await expect(el).to.be.accessible();
    }
  });

  it('says why it is off for a principal who may not attach files, instead of opening the camera', async () => {
    await touch(true);
    const el = await fixture<AkUploader>(html`<ak-uploader record-type="job" record-id="J-1042" capture disabled></ak-uploader>`);
    const { kit } = await world();
    el.kit = kit;
    await waitUntil(() => takePhoto(el));
    expect(takePhoto(el)!.getAttribute('aria-disabled')).to.equal('true');
    let opened = false;
    camera(el)!.addEventListener('click', () => (opened = true));
    takePhoto(el)!.click();
    await el.updateComplete;
    expect(opened).to.equal(false);
    expect(el.shadowRoot!.querySelector('[role=log]')!.textContent).to.contain('turned off');
  });

  it('is localized: التقاط صورة in Arabic', async () => {
    await touch(true);
    await setLocale('ar');
    const el = await mount();
    await waitUntil(() => takePhoto(el));
    expect(takePhoto(el)!.textContent.trim()).to.equal('التقاط صورة');
  });
});
