import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { AttachKitNetworkError, createAttachKit, defaultPortalSettings, type AttachKit } from '@attachkit/sdk';
import '../src/define-all.js';
import type { AkPortalSettings } from '../src/components/portal-settings/portal-settings.js';
import { AkPortalSettingChangeEvent } from '../src/events/portal-setting-change.js';
import { once, settled, technician, world } from './helpers.js';

async function mount(kit: AttachKit): Promise<AkPortalSettings> {
  const el = await fixture<AkPortalSettings>(html`<ak-portal-settings .kit=${kit}></ak-portal-settings>`);
  await settled(kit.portalSettings);
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: AkPortalSettings, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector)!;
const setting = (el: AkPortalSettings, key: string) => $(el, `[part=setting][data-key=${key}]`);
const box = (el: AkPortalSettings, key: string) => setting(el, key).querySelector<HTMLInputElement>('input')!;
const reason = (el: AkPortalSettings, key: string) => setting(el, key).querySelector('[part=reason]')?.textContent.trim();
const idle = async (el: AkPortalSettings, kit: AttachKit) => {
  await waitUntil(() => !kit.portalSettings.getState().saving);
  await el.updateComplete;
};

describe('<ak-portal-settings>', () => {
  it('shows the eleven Daftra switches in order with their labels and polarity', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    const labels = [...el.shadowRoot!.querySelectorAll('[part=label]')].map((l) => l.textContent.trim());
    expect(labels).to.deep.equal([
      'Disable Client Online Access',
      'Enable Client Registration',
      'View his profile',
      'Edit his profile',
      'View Shared Notes / Attachments',
      'View & Pay Invoices',
      'View & Approve Estimates',
      'View Work Orders',
      'View Appointments',
      'Disable Booking',
      'Disable Booking Cancellation',
    ]);
    const disabling = [...el.shadowRoot!.querySelectorAll('[data-polarity=disable]')].map((s) => s.getAttribute('data-key'));
    expect(disabling).to.deep.equal(['disableOnlineAccess', 'disableBooking', 'disableBookingCancellation']);
    expect(setting(el, 'disableBooking').querySelector('[part=polarity]')!.textContent).to.equal('Checked turns this off');
    // Stored as given: "Disable Client Online Access" is unchecked by default.
    expect(box(el, 'disableOnlineAccess').checked).to.equal(false);
    expect(box(el, 'viewSharedNotesAttachments').checked).to.equal(true);
    expect($(el, 'legend').textContent.trim()).to.equal('Client Permissions');
    await expect(el).to.be.accessible();
  });

  it('disables the switches whose app is not activated, with the reason', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    expect(box(el, 'viewWorkOrders').getAttribute('aria-disabled')).to.equal('true');
    expect(reason(el, 'viewWorkOrders')).to.equal('Needs the Work Orders app, which is not activated on the account.');
    expect(reason(el, 'disableBooking')).to.equal('Needs the Booking app, which is not activated on the account.');
    expect(box(el, 'viewAppointments').getAttribute('aria-disabled')).to.equal('false');
    box(el, 'viewWorkOrders').click();
    await el.updateComplete;
    expect(kit.portalSettings.getState().document!.settings.viewWorkOrders).to.equal(false);

    const { kit: withApps } = await world({ apps: ['workOrders', 'booking'] });
    const el2 = await mount(withApps);
    expect(box(el2, 'viewWorkOrders').getAttribute('aria-disabled')).to.equal('false');
    expect(reason(el2, 'disableBooking')).to.equal(undefined);
  });

  it('saves a switch through the SDK, and the switches that need it follow', async () => {
    const { kit } = await world({ apps: ['booking'] });
    const el = await mount(kit);
    const fired = once(el, 'ak-portal-setting-change');
    box(el, 'disableOnlineAccess').click();
    const event = await fired;
    expect(event).to.be.instanceOf(AkPortalSettingChangeEvent);
    expect([event.key, event.value]).to.deep.equal(['disableOnlineAccess', true]);
    await idle(el, kit);
    expect((await kit.backend.getPortalSettings()).settings.disableOnlineAccess).to.equal(true);
    expect(reason(el, 'viewSharedNotesAttachments')).to.equal('Client online access is disabled.');
    expect(box(el, 'viewProfile').getAttribute('aria-disabled')).to.equal('true');
    expect(kit.portalSettings.getState().capabilities!.login.enabled).to.equal(false);
    await expect(el).to.be.accessible();
    box(el, 'disableOnlineAccess').click();
    await idle(el, kit);
    expect(reason(el, 'viewSharedNotesAttachments')).to.equal(undefined);

    box(el, 'disableBooking').click();
    await idle(el, kit);
    expect(reason(el, 'disableBookingCancellation')).to.equal('Needs "Disable Booking" to be unchecked first.');
    box(el, 'viewProfile').click();
    await idle(el, kit);
    expect(reason(el, 'editProfile')).to.equal('Needs "View his profile" to be checked first.');
  });

  it('rolls back a switch the backend refuses, and reports it', async () => {
    const { kit } = await world({ fail: (op) => (op === 'updatePortalSettings' ? new AttachKitNetworkError() : undefined) });
    const el = await mount(kit);
    const failed = once(el, 'ak-error');
    box(el, 'enableRegistration').click();
    expect((await failed).operation).to.equal('portalSettings.edit');
    await idle(el, kit);
    expect(box(el, 'enableRegistration').checked).to.equal(false);
    expect($(el, '[part=error]').textContent).to.contain('Could not save "Enable Client Registration": The server could not be reached.');
    await expect(el).to.be.accessible();
  });

  it('lets the host veto a change', async () => {
    const { kit } = await world();
    const el = await mount(kit);
    el.addEventListener('ak-portal-setting-change', (e) => e.preventDefault(), { once: true });
    box(el, 'enableRegistration').click();
    await el.updateComplete;
    expect(box(el, 'enableRegistration').checked).to.equal(false);
    expect(kit.portalSettings.getState().document!.settings).to.deep.equal(defaultPortalSettings);
  });

  it('is read-only, saying why, for users without portal.manageSettings', async () => {
    const { kit } = await world({}, technician);
    const el = await mount(kit);
    expect(box(el, 'enableRegistration').getAttribute('aria-disabled')).to.equal('true');
    expect($(el, '.notice').textContent).to.contain('Needs the permission "Can manage Customer Portal settings".');
    box(el, 'enableRegistration').click();
    await el.updateComplete;
    expect(box(el, 'enableRegistration').checked).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows the loading state, then an error with a retry', async () => {
    const { kit: base } = await world();
    let fail!: (error: Error) => void;
    let calls = 0;
    const kit = createAttachKit({
      backend: {
        ...base.backend,
        getPortalSettings: (o) => (++calls === 1 ? new Promise((_, reject) => (fail = reject)) : base.backend.getPortalSettings(o)),
      },
      principal: base.principal,
    });
    const el = await fixture<AkPortalSettings>(html`<ak-portal-settings .kit=${kit}></ak-portal-settings>`);
    expect($(el, '[part=status]').textContent).to.contain('Loading the Customer Portal settings…');
    await expect(el).to.be.accessible();
    fail(new AttachKitNetworkError());
    await settled(kit.portalSettings);
    await el.updateComplete;
    expect($(el, '[part=error]').textContent).to.contain('The Customer Portal settings could not be loaded.');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part=error] button').click();
    await waitUntil(() => el.shadowRoot!.querySelector('fieldset'));
  });
});
