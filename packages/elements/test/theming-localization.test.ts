import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import type { AkPortalSettings } from '../src/components/portal-settings/portal-settings.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { darkPalette, lightPalette } from '../src/styles/tokens.js';
import { getLocale, setLocale } from '../src/localization/localization.js';
import { attachment, job, settled, world } from './helpers.js';

const rgb = (hex: string) => {
  const probe = document.createElement('div');
  probe.style.color = hex;
  document.body.append(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
};

describe('theming', () => {
  it('uses the light tokens by default and the dark ones under data-theme="dark"', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf', portal: 'viewable' })] });
    const table = (el: AkAttachmentList) => getComputedStyle(el.shadowRoot!.querySelector('.table')!).backgroundColor;
    for (const theme of ['light', 'dark'] as const) {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div data-theme=${theme}><ak-attachment-list record-type="job" record-id="J-1042" .kit=${kit}></ak-attachment-list></div>`,
      );
      const list = wrapper.querySelector<AkAttachmentList>('ak-attachment-list')!;
      await settled(kit.attachments(job));
      await list.updateComplete;
      // The virtualizer renders only rows inside the viewport (the second fixture starts below the fold).
      list.scrollIntoView();
      await waitUntil(() => list.shadowRoot!.querySelector('.body [role=row]'));
      const palette = theme === 'dark' ? darkPalette : lightPalette;
      expect(table(list)).to.equal(rgb(palette.surface));
      expect(getComputedStyle(list).color).to.equal(rgb(palette.text));
      // Contrast holds in both themes.
      await expect(wrapper).to.be.accessible();
    }
  });

  it('lets a host override a token and a component variable', async () => {
    const { kit } = await world();
    const el = await fixture<AkUploader>(html`<ak-uploader
      style="--ak-color-accent: rgb(1, 2, 3); --ak-uploader-dropzone-border: 3px solid rgb(4, 5, 6)"
      record-type="job"
      record-id="J-1042"
      .kit=${kit}
    ></ak-uploader>`);
    const button = el.shadowRoot!.querySelector('button.select')!;
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(1, 2, 3)');
    const zone = el.shadowRoot!.querySelector('[part=dropzone]')!;
    expect(getComputedStyle(zone).borderTopColor).to.equal('rgb(4, 5, 6)');
  });
});

describe('localization (Arabic, right to left)', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('translates every element and lays out right to left', async () => {
    const { kit } = await world({ attachments: [attachment({ name: 'plan.pdf', confidential: true, size: 1536 })] });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <ak-uploader record-type="job" record-id="J-1042" .kit=${kit}></ak-uploader>
      <ak-attachment-list record-type="job" record-id="J-1042" .kit=${kit}></ak-attachment-list>
      <ak-portal-settings .kit=${kit}></ak-portal-settings>
    </div>`);
    await settled(kit.attachments(job));
    await settled(kit.notes(job));
    await setLocale('ar');
    expect(getLocale()).to.equal('ar');
    expect(document.documentElement.dir).to.equal('rtl');
    expect(document.documentElement.lang).to.equal('ar');
    const uploader = wrapper.querySelector<AkUploader>('ak-uploader')!;
    const list = wrapper.querySelector<AkAttachmentList>('ak-attachment-list')!;
    const settings = wrapper.querySelector<AkPortalSettings>('ak-portal-settings')!;
    await uploader.updateComplete;
    await list.updateComplete;
    await settings.updateComplete;
    await waitUntil(() => list.shadowRoot!.querySelector('.body [role=row]'));
    expect(uploader.shadowRoot!.querySelector('button.select')!.textContent.trim()).to.equal('اختر ملفات لإرفاقها');
    expect(list.shadowRoot!.querySelector('[data-action=share]')!.textContent.trim()).to.equal('إتاحة في بوابة العملاء');
    const row = list.shadowRoot!.querySelector('.body [role=row]')!;
    expect([...row.querySelectorAll('[data-flag] [aria-hidden]')].map((f) => f.textContent)).to.deep.equal(['لا', 'نعم']);
    expect(row.querySelector('.size')!.textContent).to.match(/[١٫٥1.5]/);
    expect(settings.shadowRoot!.querySelector('[part=label]')!.textContent.trim()).to.equal('تعطيل وصول العميل عبر الإنترنت');
    // Right to left: the checkbox column sits at the right edge of the row.
    expect(getComputedStyle(list).direction).to.equal('rtl');
    const check = row.querySelector('.check')!.getBoundingClientRect();
    const name = row.querySelector('.name')!.getBoundingClientRect();
    expect(check.left).to.be.greaterThan(name.left);
    await expect(wrapper).to.be.accessible();
    // A refusal reason is translated too.
    uploader.addFiles([new File(['MZ'], 'setup.exe')]);
    await uploader.updateComplete;
    expect(uploader.shadowRoot!.querySelector('[part=file-error]')!.textContent).to.equal('setup.exe: لا يمكن إرفاق الملفات التنفيذية.');
  });
});
