/**
 * One permission-check path: for random staff users, items and commands, the
 * facade (which checks before a request, to shape the UI) and the service
 * (which the memory backend and the server run on every request) refuse the
 * same commands with exactly the same reasons, and allow the same ones.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  accessLevels,
  AttachKitError,
  createAttachKit,
  createMemoryBackend,
  defaultPermissionCatalog,
  levelPermissions,
  type AccessLevel,
  type AttachKitBackend,
  type Attachment,
  type Note,
  type StaffUser,
} from '../src/index.js';

const allKeys = [...new Set(accessLevels.flatMap((l) => levelPermissions(defaultPermissionCatalog, l).map((p) => p.key)))];
const record = { type: 'job', id: 'J-1' };

const user: fc.Arbitrary<StaffUser> = fc.record({
  kind: fc.constant('staff' as const),
  id: fc.constantFrom('u1', 'u2'),
  name: fc.constant('User'),
  grants: fc.record({ web: fc.subarray(allKeys), mobile: fc.subarray(allKeys) }, { requiredKeys: [] }),
});
const state = fc.record({
  portal: fc.constantFrom('hidden' as const, 'viewable' as const),
  confidential: fc.boolean(),
  author: fc.constantFrom('u1', 'u2'),
});

const attachmentCommands = ['share', 'hide', 'markConfidential', 'clearConfidential', 'rename', 'remove'] as const;
const noteCommands = ['share', 'hide', 'markConfidential', 'clearConfidential', 'edit', 'remove'] as const;

type Outcome = { allowed: true } | { allowed: false; status: number; reasons: { code: string; permission?: string }[] };

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { allowed: true };
  } catch (error) {
    assert.ok(error instanceof AttachKitError, String(error));
    return {
      allowed: false,
      status: error.status,
      reasons: error.reasons.map((r) => ({ code: r.code, ...(r.permission ? { permission: r.permission } : {}) })),
    };
  }
}

function world(actor: StaffUser, level: AccessLevel, item: { attachment: Attachment; note: Note }) {
  const admin: StaffUser = { kind: 'staff', id: 'admin', name: 'Admin', grants: { web: allKeys, mobile: allKeys } };
  const seed = {
    principal: admin,
    users: [actor],
    records: [{ ...record, clientId: 'client-a' }],
    attachments: [item.attachment],
    notes: [item.note],
  };
  return { facadeBackend: createMemoryBackend(seed).as(actor, level), serviceBackend: createMemoryBackend(seed).as(actor, level) };
}

describe('facade and service give the same reasons', () => {
  it('for attachment and note commands, random grants, levels and item states', async () => {
    const seen = { allowed: 0, denied: 0 };
    const compare = (viaFacade: Outcome, viaService: Outcome, label: string) => {
      assert.deepEqual(viaFacade, viaService, label);
      seen[viaFacade.allowed ? 'allowed' : 'denied']++;
    };
    await fc.assert(
      fc.asyncProperty(
        user,
        fc.constantFrom(...accessLevels),
        state,
        fc.constantFrom(...attachmentCommands),
        fc.constantFrom(...noteCommands),
        async (actor, level, s, attachmentCommand, noteCommand) => {
          const base = {
            record,
            clientId: 'client-a',
            portal: s.portal,
            confidential: s.confidential,
            createdAt: '2026-01-01T00:00:00.000Z',
            createdBy: s.author,
            revision: 1,
          };
          const attachment: Attachment = {
            ...base,
            id: 'a1',
            name: 'f.pdf',
            size: 4,
            mimeType: 'application/pdf',
            checksum: '0'.repeat(64),
          };
          const note: Note = { ...base, id: 'n1', body: 'hello' };
          const { facadeBackend, serviceBackend } = world(actor, level, { attachment, note });

          const kit = createAttachKit({ backend: facadeBackend, principal: actor, level });
          await kit.portalSettings.load();
          const attachments = kit.attachments(record);
          const notes = kit.notes(record);
          await Promise.all([attachments.load(), notes.load()]);
          // Only what the user sees can be acted on in the UI; the service answers 404 for the rest.
          const seesAttachment = attachments.getState().items.length === 1;
          const seesNote = notes.getState().items.length === 1;

          if (seesAttachment) {
            const viaFacade = await outcome(() =>
              attachmentCommand === 'rename'
                ? attachments.rename('a1', 'g.pdf')
                : attachmentCommand === 'remove'
                  ? attachments.remove(['a1'])
                  : attachments[attachmentCommand](['a1']),
            );
            const viaService = await outcome(() => attachmentOnService(serviceBackend, attachmentCommand));
            compare(viaFacade, viaService, `attachment ${attachmentCommand}`);
          }
          if (seesNote) {
            const viaFacade = await outcome(() =>
              noteCommand === 'edit'
                ? notes.edit('n1', 'changed')
                : noteCommand === 'remove'
                  ? notes.remove(['n1'])
                  : notes[noteCommand](['n1']),
            );
            const viaService = await outcome(() => noteOnService(serviceBackend, noteCommand));
            compare(viaFacade, viaService, `note ${noteCommand}`);
          }
        },
      ),
      { numRuns: 150 },
    );
    assert.ok(seen.allowed > 10 && seen.denied > 10, `both outcomes were exercised: ${JSON.stringify(seen)}`);
  });
});

function attachmentOnService(backend: AttachKitBackend, command: (typeof attachmentCommands)[number]) {
  switch (command) {
    case 'share':
      return backend.patchAttachment('a1', { portal: 'viewable' });
    case 'hide':
      return backend.patchAttachment('a1', { portal: 'hidden' });
    case 'markConfidential':
      return backend.patchAttachment('a1', { confidential: true });
    case 'clearConfidential':
      return backend.patchAttachment('a1', { confidential: false });
    case 'rename':
      return backend.patchAttachment('a1', { name: 'g.pdf' });
    case 'remove':
      return backend.deleteAttachment('a1');
  }
}

function noteOnService(backend: AttachKitBackend, command: (typeof noteCommands)[number]) {
  switch (command) {
    case 'share':
      return backend.patchNote('n1', { portal: 'viewable' });
    case 'hide':
      return backend.patchNote('n1', { portal: 'hidden' });
    case 'markConfidential':
      return backend.patchNote('n1', { confidential: true });
    case 'clearConfidential':
      return backend.patchNote('n1', { confidential: false });
    case 'edit':
      return backend.patchNote('n1', { body: 'changed' });
    case 'remove':
      return backend.deleteNote('n1');
  }
}
