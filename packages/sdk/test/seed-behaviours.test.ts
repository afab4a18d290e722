/**
 * The behaviours of the two seed products (Ascora "Add Attachments to a Job",
 * Daftra "Client Permissions Settings"), each as a test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAttachKit, createMemoryBackend, defaultPortalSettings, explain, portalCapabilities, visible } from '../src/index.js';
import { admin, attachment, clientA, clientB, portalOn, records, techWith, techWithout } from './fixtures.js';

const job = { type: 'job', id: 'J-1001' };

function world() {
  const backend = createMemoryBackend({ principal: admin, users: [techWithout, techWith], records });
  const kit = createAttachKit({ backend, principal: admin });
  return { backend, kit, list: kit.attachments(job) };
}

const yn = (value: boolean) => (value ? 'Y' : 'N');

describe('Ascora: attachments on a job', () => {
  it('a new attachment is Hidden (Customer View N) and not confidential (Confidential N)', async () => {
    const { kit, list } = world();
    await list.load();
    kit.uploads.add(job, [{ name: 'before.jpg', data: new Blob(['jpeg bytes']) }]);
    await kit.uploads.idle();
    const [added] = list.getState().items;
    assert.equal(added?.name, 'before.jpg');
    assert.equal(yn(added.portal === 'viewable'), 'N');
    assert.equal(yn(added.confidential), 'N');
  });

  it('marking Viewable in Customer Portal turns Customer View N → Y', async () => {
    const { kit, list } = world();
    kit.uploads.add(job, [{ name: 'plan.pdf', data: new Blob(['%PDF']) }]);
    await kit.uploads.idle();
    const id = list.getState().items[0]!.id;
    await list.share([id]);
    assert.equal(yn(list.getState().items[0]!.portal === 'viewable'), 'Y');
  });

  it('marking as Confidential turns Confidential N → Y', async () => {
    const { kit, list } = world();
    kit.uploads.add(job, [{ name: 'contract.docx', data: new Blob(['PK']) }]);
    await kit.uploads.idle();
    await list.markConfidential([list.getState().items[0]!.id]);
    assert.equal(yn(list.getState().items[0]!.confidential), 'Y');
  });

  it('by default every user can view attachments; a confidential one needs the mobile grant', () => {
    const open = attachment();
    const secret = attachment({ confidential: true });
    const mobile = { level: 'mobile' as const };
    assert.deepEqual(visible(techWithout, [open, secret], mobile), [open]);
    const why = explain(techWithout, 'attachment.view', secret, mobile);
    assert.equal(why.allowed, false);
    assert.equal(why.reasons[0]?.code, 'confidential.notPermitted');
    assert.equal(why.reasons[0].permission, 'attachments.viewConfidential');
    assert.match(why.reasons[0].message, /Confidential/);
    assert.deepEqual(visible(techWith, [open, secret], mobile), [open, secret]);
  });

  it('granting "Can view attachments that have been marked as Confidential" makes them appear', async () => {
    const { backend, kit } = world();
    kit.uploads.add(job, [{ name: 'secret.pdf', data: new Blob(['%PDF']) }]);
    await kit.uploads.idle();
    await kit.attachments(job).markConfidential([kit.attachments(job).getState().items[0]!.id]);
    const techKit = createAttachKit({ backend: backend.as(techWithout, 'mobile'), principal: techWithout, level: 'mobile' });
    await techKit.attachments(job).load();
    assert.equal(techKit.attachments(job).getState().items.length, 0);
    await kit.users.load();
    await kit.users.setGrant(techWithout.id, 'mobile', 'attachments.viewConfidential', true);
    await techKit.attachments(job).load();
    assert.equal(techKit.attachments(job).getState().items.length, 1);
  });

  it('a portal client sees only viewable attachments of its own client id', () => {
    const items = [
      attachment({ portal: 'viewable' }),
      attachment({ portal: 'hidden' }),
      attachment({ portal: 'viewable', clientId: 'client-b' }),
      attachment({ portal: 'viewable', confidential: true }),
    ];
    assert.deepEqual(visible(clientA, items, portalOn), [items[0], items[3]]);
    assert.deepEqual(visible(clientB, items, portalOn), [items[2]]);
    const hidden = explain(clientA, 'attachment.view', items[1], portalOn);
    assert.deepEqual(
      hidden.reasons.map((r) => r.code),
      ['portal.hidden'],
    );
    const foreign = explain(clientA, 'attachment.view', items[2], portalOn);
    assert.deepEqual(
      foreign.reasons.map((r) => r.code),
      ['client.mismatch'],
    );
  });
});

describe('Daftra: client permission settings', () => {
  const shared = attachment({ portal: 'viewable' });

  it('a client sees nothing when online access is disabled', () => {
    const ctx = { portalSettings: { ...defaultPortalSettings, disableOnlineAccess: true } };
    assert.deepEqual(visible(clientA, [shared], ctx), []);
    assert.equal(explain(clientA, 'attachment.view', shared, ctx).reasons[0]?.code, 'portal.onlineAccessDisabled');
  });

  it('a client sees nothing when "View Shared Notes / Attachments" is off', () => {
    const ctx = { portalSettings: { ...defaultPortalSettings, viewSharedNotesAttachments: false } };
    assert.deepEqual(visible(clientA, [shared], ctx), []);
    assert.equal(explain(clientA, 'attachment.view', shared, ctx).reasons[0]?.code, 'portal.sharedViewDisabled');
  });

  it('switches that need an app are off, with the reason, when the app is not activated', () => {
    const settings = { ...defaultPortalSettings, viewWorkOrders: true };
    const without = portalCapabilities(settings, { apps: [] });
    assert.equal(without.viewWorkOrders.enabled, false);
    assert.deepEqual(
      without.viewWorkOrders.reasons.map((r) => r.code),
      ['portal.appNotActivated'],
    );
    assert.match(without.viewWorkOrders.reasons[0]!.message, /Work Orders/);
    assert.equal(without.book.enabled, false);
    assert.match(without.cancelBooking.reasons.map((r) => r.message).join(' '), /Booking app/);
    const withApps = portalCapabilities(settings, { apps: ['workOrders', 'booking'] });
    assert.equal(withApps.viewWorkOrders.enabled, true);
    assert.equal(withApps.book.enabled, true);
    assert.equal(withApps.cancelBooking.enabled, true);
  });

  it('"disable" switches read with their polarity: checking Disable Booking turns booking and its cancellation off', () => {
    const apps = { apps: ['booking'] };
    const caps = portalCapabilities({ ...defaultPortalSettings, disableBooking: true }, apps);
    assert.equal(caps.book.enabled, false);
    assert.equal(caps.book.reasons[0]?.code, 'portal.bookOff');
    assert.equal(caps.cancelBooking.enabled, false);
    assert.equal(caps.cancelBooking.reasons[0]?.code, 'portal.requiresSetting');
    const cancelOnly = portalCapabilities({ ...defaultPortalSettings, disableBookingCancellation: true }, apps);
    assert.equal(cancelOnly.book.enabled, true);
    assert.equal(cancelOnly.cancelBooking.enabled, false);
  });

  it('everything needs online access; edit profile needs view profile', () => {
    const offline = portalCapabilities({ ...defaultPortalSettings, disableOnlineAccess: true }, { apps: ['workOrders', 'booking'] });
    for (const [name, state] of Object.entries(offline)) {
      assert.equal(state.enabled, false, `${name} is off when online access is disabled`);
      assert.ok(
        state.reasons.some((r) => r.code === 'portal.onlineAccessDisabled'),
        `${name} says why`,
      );
    }
    const noView = portalCapabilities({ ...defaultPortalSettings, viewProfile: false, editProfile: true });
    assert.equal(noView.editProfile.enabled, false);
    assert.match(noView.editProfile.reasons[0]!.message, /View his profile/);
  });

  it('pay invoices lists only the activated payment methods', () => {
    const caps = portalCapabilities(defaultPortalSettings, { paymentMethods: ['card', 'bankTransfer'] });
    assert.equal(caps.payInvoices.enabled, true);
    assert.deepEqual(caps.payInvoices.methods, ['card', 'bankTransfer']);
    assert.deepEqual(portalCapabilities(defaultPortalSettings).payInvoices.methods, []);
  });
});
