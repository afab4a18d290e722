/** Property tests: for random principals, items and settings, the policy holds its invariants. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  accessLevels,
  can,
  defaultPermissionCatalog,
  explain,
  levelPermissions,
  portalSettingKeys,
  visible,
  type Attachment,
  type Note,
  type PortalSettings,
  type Principal,
} from '../src/index.js';

const clientIds = ['client-a', 'client-b', 'client-c'];
const allKeys = [...new Set(accessLevels.flatMap((l) => levelPermissions(defaultPermissionCatalog, l).map((p) => p.key)))];

const staff = fc.record({
  kind: fc.constant('staff' as const),
  id: fc.constantFrom('u1', 'u2'),
  name: fc.constant('User'),
  grants: fc.record({ web: fc.subarray(allKeys), mobile: fc.subarray(allKeys) }, { requiredKeys: [] }),
});
const client = fc.record({ kind: fc.constant('client' as const), id: fc.constantFrom(...clientIds) });
const principal: fc.Arbitrary<Principal> = fc.oneof(staff, client);

const settings: fc.Arbitrary<PortalSettings> = fc.record(
  Object.fromEntries(portalSettingKeys.map((k) => [k, fc.boolean()])) as Record<keyof PortalSettings, fc.Arbitrary<boolean>>,
);

let n = 0;
const common = {
  clientId: fc.option(fc.constantFrom(...clientIds), { nil: null }),
  portal: fc.constantFrom('hidden' as const, 'viewable' as const),
  confidential: fc.boolean(),
};
const attachmentArb: fc.Arbitrary<Attachment> = fc.record(common).map((c) => ({
  ...c,
  id: `a${++n}`,
  record: { type: 'job', id: 'J-1' },
  name: 'f.pdf',
  size: 1,
  mimeType: 'application/pdf',
  checksum: '0'.repeat(64),
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  revision: 1,
}));
const noteArb: fc.Arbitrary<Note> = fc.record(common).map((c) => ({
  ...c,
  id: `n${++n}`,
  record: { type: 'job', id: 'J-1' },
  body: 'hello',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u1',
  revision: 1,
}));
const items = fc.array(fc.oneof(attachmentArb, noteArb), { maxLength: 30 });
const context = fc.record({ level: fc.constantFrom(...accessLevels), portalSettings: fc.option(settings, { nil: undefined }) });

describe('policy properties', () => {
  it('visible() equals filtering with can(view)', () => {
    fc.assert(
      fc.property(principal, items, context, (p, list, ctx) => {
        const expected = list.filter((item) => can(p, 'body' in item ? 'note.view' : 'attachment.view', item, ctx));
        assert.deepEqual(visible(p, list, ctx), expected);
      }),
      { numRuns: 500 },
    );
  });

  it('can() agrees with explain().allowed, and a denial always carries a reason', () => {
    const actionArb = fc.constantFrom(
      'attachment.view',
      'attachment.download',
      'attachment.share',
      'attachment.hide',
      'attachment.markConfidential',
      'attachment.delete',
      'note.view',
      'note.share',
      'grants.edit',
      'portalSettings.edit',
      'attachment.upload',
    );
    fc.assert(
      fc.property(principal, actionArb, attachmentArb, context, fc.boolean(), (p, action, item, ctx, withSubject) => {
        const subject = withSubject ? item : undefined;
        const decision = explain(p, action, subject, ctx);
        assert.equal(can(p, action, subject, ctx), decision.allowed);
        assert.equal(decision.allowed, decision.reasons.length === 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('a portal client never sees a hidden, foreign or access-disabled item', () => {
    fc.assert(
      fc.property(client, items, settings, (c, list, s) => {
        for (const item of visible(c, list, { portalSettings: s })) {
          assert.equal(item.portal, 'viewable');
          assert.equal(item.clientId, c.id);
          assert.equal(s.disableOnlineAccess, false);
          assert.equal(s.viewSharedNotesAttachments, true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a staff user never sees a confidential item without the confidential grant at that level', () => {
    fc.assert(
      fc.property(staff, items, fc.constantFrom(...accessLevels), (u, list, level) => {
        for (const item of visible(u, list, { level })) {
          const needed = 'body' in item ? 'notes.viewConfidential' : 'attachments.viewConfidential';
          if (item.confidential) assert.ok(u.grants[level]?.includes(needed));
        }
      }),
      { numRuns: 500 },
    );
  });
});
