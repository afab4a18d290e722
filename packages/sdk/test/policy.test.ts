import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionIndex, actionRules, actions, can, defaultPortalSettings, explain, type Action, type StaffUser } from '../src/index.js';
import { admin, attachment, clientA, note, portalOn, techWith, techWithout } from './fixtures.js';

const adminActions: Action[] = [
  'attachment.share',
  'attachment.hide',
  'attachment.markConfidential',
  'attachment.clearConfidential',
  'attachment.upload',
  'attachment.delete',
  'attachment.rename',
  'grants.edit',
  'portalSettings.edit',
  'audit.view',
];

describe('policy', () => {
  it('actionIndex keeps in step with the action list and the rules', () => {
    actions.forEach((action, index) => assert.equal(actionIndex(action), index, action));
    assert.deepEqual(Object.keys(actionRules).sort(), [...actions].sort());
    assert.equal(actionIndex('toString'), -1);
  });

  it('answers stay right after grants are replaced (compiled answers follow the grants array)', () => {
    const user: StaffUser = { kind: 'staff', id: 'g', name: 'G', grants: { web: ['attachments.view'] } };
    const secret = attachment({ confidential: true });
    assert.equal(can(user, 'attachment.view', secret), false);
    const promoted: StaffUser = { ...user, grants: { web: ['attachments.view', 'attachments.viewConfidential'] } };
    assert.equal(can(promoted, 'attachment.view', secret), true);
    assert.equal(can(user, 'attachment.view', secret), false);
    const frozen: StaffUser = { ...user, grants: { web: Object.freeze(['attachments.view', 'attachments.share']) as string[] } };
    assert.equal(can(frozen, 'attachment.share', attachment()), true);
  });

  it('an admin may do every action, on any item', () => {
    const secret = attachment({ confidential: true, portal: 'viewable' });
    for (const action of actions) {
      const subject = action.startsWith('note.') ? note({ confidential: true }) : action.startsWith('attachment.') ? secret : undefined;
      assert.equal(can(admin, action, subject), true, action);
      assert.deepEqual(explain(admin, action, subject), { allowed: true, reasons: [] }, action);
    }
  });

  it('denies by default: a user with no grants may do nothing, and every denial has a code and a sentence', () => {
    const nobody: StaffUser = { kind: 'staff', id: 'x', name: 'Nobody', grants: {} };
    for (const action of actions) {
      const decision = explain(nobody, action, action.startsWith('attachment.') ? attachment() : undefined);
      assert.equal(decision.allowed, false, action);
      assert.equal(can(nobody, action), false, action);
      for (const reason of decision.reasons) {
        assert.match(reason.code, /^[a-z]+\.[A-Za-z]+$/);
        assert.match(reason.message, /^[A-Z].+\.$/, 'a sentence');
      }
    }
  });

  it('the admin actions each need their own permission, named in the reason', () => {
    const expected: Record<string, string> = {
      'attachment.share': 'attachments.share',
      'attachment.hide': 'attachments.share',
      'attachment.markConfidential': 'attachments.markConfidential',
      'attachment.clearConfidential': 'attachments.markConfidential',
      'attachment.delete': 'attachments.delete',
      'grants.edit': 'users.managePermissions',
      'portalSettings.edit': 'portal.manageSettings',
      'audit.view': 'audit.view',
    };
    for (const [action, permission] of Object.entries(expected)) {
      const decision = explain(techWith, action as Action, action.startsWith('attachment.') ? attachment() : undefined, {
        level: 'mobile',
      });
      assert.equal(decision.allowed, false, action);
      assert.ok(
        decision.reasons.some((r) => r.permission === permission && r.code === 'permission.missing'),
        `${action} names ${permission}`,
      );
    }
    assert.ok(adminActions.every((a) => actions.includes(a)));
  });

  it('permissions are held per access level', () => {
    const secret = attachment({ confidential: true });
    assert.equal(can(techWith, 'attachment.view', secret, { level: 'mobile' }), true);
    assert.equal(can(techWith, 'attachment.view', secret, { level: 'web' }), false, 'no web grants at all');
    assert.equal(can(techWith, 'attachment.view', secret), false, "the level defaults to 'web'");
  });

  it('a grant whose requirement is not held has no effect, and the reason says what is missing', () => {
    const odd: StaffUser = { kind: 'staff', id: 'odd', name: 'Odd', grants: { web: ['attachments.viewConfidential'] } };
    const decision = explain(odd, 'attachment.view', attachment({ confidential: true }));
    assert.equal(decision.allowed, false);
    assert.deepEqual(decision.reasons.map((r) => r.code).sort(), ['confidential.notPermitted', 'permission.missing']);
  });

  it('acting on an item needs seeing it: sharing a confidential file needs the confidential grant too', () => {
    const sharer: StaffUser = { kind: 'staff', id: 's', name: 'Sharer', grants: { web: ['attachments.view', 'attachments.share'] } };
    assert.equal(can(sharer, 'attachment.share', attachment()), true);
    const decision = explain(sharer, 'attachment.share', attachment({ confidential: true }));
    assert.equal(decision.allowed, false);
    assert.equal(decision.reasons[0]?.code, 'confidential.notPermitted');
  });

  it('portal clients may only view and download what is shared with them', () => {
    const shared = attachment({ portal: 'viewable' });
    assert.equal(can(clientA, 'attachment.download', shared, portalOn), true);
    assert.equal(can(clientA, 'note.view', note({ portal: 'viewable' }), portalOn), true);
    for (const action of ['attachment.share', 'attachment.upload', 'attachment.delete', 'grants.edit', 'note.create'] as Action[]) {
      const decision = explain(clientA, action, shared, portalOn);
      assert.equal(decision.allowed, false, action);
      assert.equal(decision.reasons[0]?.code, 'client.notAllowed');
    }
  });

  it('a portal client without known portal settings is denied', () => {
    const shared = attachment({ portal: 'viewable' });
    assert.equal(can(clientA, 'attachment.view', shared), false);
    assert.equal(explain(clientA, 'attachment.view', shared).reasons[0]?.code, 'portal.settingsMissing');
  });

  it('a client denial lists every reason at once', () => {
    const ctx = { portalSettings: { ...defaultPortalSettings, disableOnlineAccess: true, viewSharedNotesAttachments: false } };
    const codes = explain(clientA, 'attachment.view', attachment({ clientId: 'client-b' }), ctx).reasons.map((r) => r.code);
    assert.deepEqual(codes, ['portal.onlineAccessDisabled', 'portal.sharedViewDisabled', 'portal.hidden', 'client.mismatch']);
  });

  it('notes have their own confidential grant', () => {
    const secretNote = note({ confidential: true });
    assert.equal(can(techWithout, 'note.view', secretNote, { level: 'mobile' }), false);
    assert.equal(can(techWith, 'note.view', secretNote, { level: 'mobile' }), true);
  });

  it('an unknown action or principal is denied with a reason', () => {
    assert.equal(can(admin, 'attachment.teleport' as Action), false);
    assert.equal(explain(admin, 'attachment.teleport' as Action).reasons[0]?.code, 'action.unknown');
    assert.equal(can(undefined as never, 'attachment.view'), false);
    assert.equal(explain({ kind: 'robot' } as never, 'attachment.view').reasons[0]?.code, 'principal.unknown');
    assert.equal(can(admin, 'toString' as Action), false, 'no prototype keys as actions');
  });
});
