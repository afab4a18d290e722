import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AttachKitValidationError,
  PermissionCatalogSchema,
  can,
  defaultGrants,
  defaultPermissionCatalog,
  dependentsOf,
  extendCatalog,
  grantProblems,
  portalSettingsCatalog,
  type StaffUser,
} from '../src/index.js';
import { attachment } from './fixtures.js';

describe('permission catalog', () => {
  it('the default catalog is valid and has the web and mobile access levels', () => {
    assert.doesNotThrow(() => PermissionCatalogSchema.parse(defaultPermissionCatalog));
    assert.deepEqual(
      defaultPermissionCatalog.levels.map((l) => l.level),
      ['web', 'mobile'],
    );
  });

  it('the mobile General section holds "Can view attachments that have been marked as Confidential"', () => {
    const general = defaultPermissionCatalog.levels[1]!.sections.find((s) => s.label === 'General')!;
    const permission = general.permissions.find((p) => p.key === 'attachments.viewConfidential')!;
    assert.equal(permission.label, 'Can view attachments that have been marked as Confidential');
    assert.equal(permission.default, false);
  });

  it('a new user can view non-confidential attachments but not confidential ones', () => {
    const fresh: StaffUser = { kind: 'staff', id: 'new', name: 'New', grants: defaultGrants(defaultPermissionCatalog) };
    assert.equal(can(fresh, 'attachment.view', attachment(), { level: 'mobile' }), true);
    assert.equal(can(fresh, 'attachment.view', attachment({ confidential: true }), { level: 'mobile' }), false);
    assert.equal(can(fresh, 'attachment.share', attachment()), false);
  });

  it('a host extends it with its own sections and keys', () => {
    const extended = extendCatalog(defaultPermissionCatalog, {
      levels: [
        {
          level: 'mobile',
          sections: [
            { id: 'general', permissions: [{ key: 'jobs.viewPrices', label: 'Can view prices', description: '', default: false }] },
          ],
        },
        {
          level: 'web',
          sections: [
            {
              id: 'invoices',
              label: 'Invoices',
              permissions: [
                { key: 'invoices.attach', label: 'Attach to invoices', description: '', default: true, requires: ['attachments.upload'] },
              ],
            },
          ],
        },
      ],
    });
    const mobileGeneral = extended.levels.find((l) => l.level === 'mobile')!.sections.find((s) => s.id === 'general')!;
    assert.ok(mobileGeneral.permissions.some((p) => p.key === 'jobs.viewPrices'));
    assert.ok(extended.levels[0]!.sections.some((s) => s.label === 'Invoices'));
    assert.ok(defaultGrants(extended).web?.includes('invoices.attach'));
    assert.ok(
      !defaultPermissionCatalog.levels[1]!.sections[0]!.permissions.some((p) => p.key === 'jobs.viewPrices'),
      'the base is not mutated',
    );
  });

  it('rejects duplicate keys, unknown requirements, bad keys and cycles, naming the problem', () => {
    const dup = { key: 'attachments.view', label: 'Again', description: '', default: true };
    assert.throws(
      () =>
        extendCatalog(defaultPermissionCatalog, { levels: [{ level: 'web', sections: [{ id: 'x', label: 'X', permissions: [dup] }] }] }),
      (e: unknown) => {
        assert.ok(e instanceof AttachKitValidationError);
        assert.match(e.message, /"attachments\.view" is defined twice/);
        return true;
      },
    );
    assert.throws(
      () =>
        extendCatalog(defaultPermissionCatalog, {
          levels: [
            {
              level: 'web',
              sections: [
                {
                  id: 'x',
                  label: 'X',
                  permissions: [{ key: 'a.b', label: 'A', description: '', default: false, requires: ['nope.nope'] }],
                },
              ],
            },
          ],
        }),
      /requires "nope\.nope"/,
    );
    assert.throws(
      () =>
        extendCatalog(defaultPermissionCatalog, {
          levels: [
            {
              level: 'web',
              sections: [{ id: 'x', label: 'X', permissions: [{ key: 'Bad Key', label: 'A', description: '', default: false }] }],
            },
          ],
        }),
      /permission key/,
    );
    const cyclic = {
      levels: [
        {
          level: 'web',
          label: 'Web',
          sections: [
            {
              id: 's',
              label: 'S',
              permissions: [
                { key: 'a.one', label: '1', description: '', default: false, requires: ['a.two'] },
                { key: 'a.two', label: '2', description: '', default: false, requires: ['a.one'] },
              ],
            },
          ],
        },
      ],
    };
    assert.equal(PermissionCatalogSchema.safeParse(cyclic).success, false);
    assert.throws(
      () => extendCatalog(defaultPermissionCatalog, { levels: [{ level: 'web', sections: [{ id: 'new', permissions: [] }] }] }),
      /label/,
    );
  });

  it('grantProblems names unknown keys and unmet requirements', () => {
    assert.deepEqual(grantProblems(defaultPermissionCatalog, { mobile: ['attachments.view', 'attachments.viewConfidential'] }), []);
    assert.deepEqual(grantProblems(defaultPermissionCatalog, { mobile: ['attachments.teleport'] }), [
      'permission "attachments.teleport" is not defined at the mobile access level',
    ]);
    assert.deepEqual(grantProblems(defaultPermissionCatalog, { mobile: ['attachments.viewConfidential'] }), [
      'permission "attachments.viewConfidential" at the mobile access level requires "attachments.view"',
    ]);
    assert.deepEqual(grantProblems(defaultPermissionCatalog, { mobile: ['users.managePermissions'] }), [
      'permission "users.managePermissions" is not defined at the mobile access level',
    ]);
  });

  it('dependentsOf follows requirements transitively', () => {
    assert.deepEqual(dependentsOf(defaultPermissionCatalog, 'mobile', 'attachments.viewConfidential'), ['attachments.markConfidential']);
    assert.ok(dependentsOf(defaultPermissionCatalog, 'web', 'attachments.view').includes('attachments.markConfidential'));
  });

  it('the portal settings catalog has the eleven Daftra switches in order with their polarity and apps', () => {
    assert.deepEqual(
      portalSettingsCatalog.map((s) => s.label),
      [
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
      ],
    );
    assert.deepEqual(
      portalSettingsCatalog.filter((s) => s.polarity === 'disable').map((s) => s.key),
      ['disableOnlineAccess', 'disableBooking', 'disableBookingCancellation'],
    );
    assert.deepEqual(
      portalSettingsCatalog.filter((s) => s.requiresApp).map((s) => [s.key, s.requiresApp]),
      [
        ['viewWorkOrders', 'workOrders'],
        ['disableBooking', 'booking'],
        ['disableBookingCancellation', 'booking'],
      ],
    );
  });
});
