import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createAttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkAttachmentList } from '../src/components/attachment-list/attachment-list.js';
import type { AkPermissionMatrix } from '../src/components/permission-matrix/permission-matrix.js';
import type { AkProvider } from '../src/components/provider/provider.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import type { AkViewAs } from '../src/components/view-as/view-as.js';
import { dataTransfer, file, job, settled, technician, world } from './helpers.js';

/**
 * The Ascora seed end to end on the memory backend: attach a file (Hidden, N),
 * check it, "Viewable in Customer Portal" (Y), "Mark as Confidential" (Y); a
 * mobile user without "Can view attachments that have been marked as
 * Confidential" does not see it, and "view as" says why — until the grant is
 * given in the mobile permission matrix.
 */
describe('seed flow: upload → share → confidential → who sees it', () => {
  it('runs end to end in the elements', async () => {
    const { kit, backend } = await world();
    const page = await fixture<AkProvider>(html`<ak-provider .kit=${kit}>
      <ak-uploader record-type="job" record-id="J-1042"></ak-uploader>
      <ak-attachment-list record-type="job" record-id="J-1042" hide-notes></ak-attachment-list>
      <ak-view-as record-type="job" record-id="J-1042"></ak-view-as>
      <ak-permission-matrix level="mobile"></ak-permission-matrix>
    </ak-provider>`);
    const uploader = page.querySelector<AkUploader>('ak-uploader')!;
    const list = page.querySelector<AkAttachmentList>('ak-attachment-list')!;
    const viewAs = page.querySelector<AkViewAs>('ak-view-as')!;
    const matrix = page.querySelector<AkPermissionMatrix>('ak-permission-matrix')!;
    await settled(kit.attachments(job));
    await settled(kit.users);
    const $ = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;
    const row = () => $(list, '.body [role=row]');
    const flags = () => [...row().querySelectorAll('[data-flag] [aria-hidden]')].map((f) => f.textContent);

    // 1. Attach a file by dropping it: it appears in the list at once, Hidden (N), not Confidential (N).
    $(uploader, '[part=dropzone]').dispatchEvent(
      new DragEvent('drop', {
        dataTransfer: dataTransfer(file('before-photo.jpg', 'jpeg bytes', 'image/jpeg')),
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    await kit.uploads.idle();
    await list.updateComplete;
    await waitUntil(() => list.shadowRoot!.querySelector('.body [role=row]'));
    expect(row().querySelector('[part=name]')!.textContent.trim()).to.equal('before-photo.jpg');
    expect(flags()).to.deep.equal(['N', 'N']);

    // 2. Check it and make it Viewable in the Customer Portal: N → Y.
    row().querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await list.updateComplete;
    $(list, '[data-action=share]').click();
    await waitUntil(
      () => kit.attachments(job).getState().items[0]!.portal === 'viewable' && kit.attachments(job).getState().pending.length === 0,
    );
    await list.updateComplete;
    expect(flags()).to.deep.equal(['Y', 'N']);

    // 3. Mark as Confidential: N → Y.
    $(list, '[data-action=markConfidential]').click();
    await waitUntil(() => kit.attachments(job).getState().items[0]!.confidential && kit.attachments(job).getState().pending.length === 0);
    await list.updateComplete;
    expect(flags()).to.deep.equal(['Y', 'Y']);
    const id = kit.attachments(job).getState().items[0]!.id;
    expect((await backend.getAttachment(id)).confidential).to.equal(true);

    // 4. A mobile user without the grant does not see it (the backend answers for them)…
    const mobileKit = createAttachKit({ backend: backend.as(technician, 'mobile'), principal: technician, level: 'mobile' });
    const theirs = await fixture<AkAttachmentList>(
      html`<ak-attachment-list record-type="job" record-id="J-1042" hide-notes .kit=${mobileKit}></ak-attachment-list>`,
    );
    await settled(mobileKit.attachments(job));
    await theirs.updateComplete;
    expect(mobileKit.attachments(job).getState().items).to.deep.equal([]);
    expect($(theirs, '.attachments [part=status]').textContent).to.contain('No attachments yet.');

    // …and "view as" says why (its view loads on demand: wait for it before reading its shadow root).
    await viewAs.updateComplete;
    const who = $(viewAs, 'select.who') as HTMLSelectElement;
    who.value = 'staff:tech';
    who.dispatchEvent(new Event('change'));
    await viewAs.updateComplete;
    const level = $(viewAs, 'select.level') as HTMLSelectElement;
    level.value = 'mobile';
    level.dispatchEvent(new Event('change'));
    await viewAs.updateComplete;
    const preview = $(viewAs, `tr[data-id="${id}"]`);
    expect(preview.dataset.visible).to.equal('false');
    expect(preview.querySelector('[part=reason]')!.textContent.trim()).to.equal(
      'Marked Confidential, and "Can view attachments that have been marked as Confidential" is not granted at the mobile access level.',
    );
    // The customer, on the other hand, sees it in the portal (Confidential restricts staff, as in Ascora).
    who.value = 'client:client-a';
    who.dispatchEvent(new Event('change'));
    await viewAs.updateComplete;
    expect($(viewAs, `tr[data-id="${id}"]`).dataset.visible).to.equal('true');

    // 5. Grant the permission in the mobile matrix: view-as and the user's own list follow.
    await matrix.updateComplete;
    $(matrix, 'tr[data-user="tech"] input[data-key="attachments.viewConfidential"]').click();
    await waitUntil(() => kit.users.getState().pending.length === 0);
    who.value = 'staff:tech';
    who.dispatchEvent(new Event('change'));
    await viewAs.updateComplete;
    expect($(viewAs, `tr[data-id="${id}"]`).dataset.visible).to.equal('true');
    await mobileKit.attachments(job).load();
    expect(
      mobileKit
        .attachments(job)
        .getState()
        .items.map((a) => a.id),
    ).to.deep.equal([id]);

    await expect(page).to.be.accessible();
  });
});
