/**
 * One suite for every server-side MetadataStore (and its RecordDirectory):
 * the SQLite store and the PostgreSQL store must answer alike.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { adminUser, type Attachment, type AuditEntry, type Note } from '@attachkit/sdk';
import { type MetadataStore } from '@attachkit/sdk/server';
import type { RecordDirectory } from '../../src/index.js';

export interface StoreUnderTest {
  store: MetadataStore;
  records: RecordDirectory;
  close(): Promise<void>;
}

const job = { type: 'job', id: 'J-1' };

function attachment(id: string, overrides: Partial<Attachment> = {}): Attachment {
  return {
    id,
    record: job,
    clientId: 'client-a',
    name: `${id}.pdf`,
    size: 3_000_000_000,
    mimeType: 'application/pdf',
    checksum: 'a'.repeat(64),
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u-admin',
    portal: 'hidden',
    confidential: false,
    revision: 1,
    ...overrides,
  };
}

function note(id: string, overrides: Partial<Note> = {}): Note {
  return {
    id,
    record: job,
    clientId: 'client-a',
    body: `note ${id}`,
    portal: 'hidden',
    confidential: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u-admin',
    revision: 1,
    ...overrides,
  };
}

let auditCount = 0;
function audit(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `audit-${++auditCount}`,
    at: '2026-01-01T00:00:00.000Z',
    actor: { kind: 'staff', id: 'u-admin' },
    action: 'attachment.share',
    target: { type: 'attachment', id: 'a' },
    before: { portal: 'hidden' },
    after: { portal: 'viewable' },
    ...overrides,
  };
}

export function metadataStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`metadata store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: MetadataStore;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(() => subject.close());

    it('lists a record’s attachments by creation time, then by id in byte order', async () => {
      await store.insertAttachment(attachment('b', { createdAt: '2026-01-02T00:00:00.000Z' }), []);
      await store.insertAttachment(attachment('a', { createdAt: '2026-01-02T00:00:00.000Z' }), []);
      await store.insertAttachment(attachment('B', { createdAt: '2026-01-02T00:00:00.000Z' }), []);
      await store.insertAttachment(attachment('z', { createdAt: '2026-01-01T00:00:00.000Z' }), []);
      await store.insertAttachment(attachment('other', { record: { type: 'job', id: 'J-2' } }), []);
      assert.deepEqual(
        (await store.listAttachments(job)).map((a) => a.id),
        ['z', 'B', 'a', 'b'],
      );
      const [first] = await store.listAttachments({ type: 'job', id: 'J-2' });
      assert.deepEqual(
        first,
        attachment('other', { record: { type: 'job', id: 'J-2' } }),
        'every field round-trips, sizes beyond 2^31 included',
      );
    });

    it('gets attachments in the order asked, skipping unknown ids', async () => {
      await store.insertAttachment(attachment('a'), []);
      await store.insertAttachment(attachment('b', { confidential: true, portal: 'viewable', clientId: null }), []);
      assert.deepEqual(
        (await store.getAttachments(['b', 'missing', 'a'])).map((a) => a.id),
        ['b', 'a'],
      );
      assert.deepEqual((await store.getAttachments(['b']))[0], attachment('b', { confidential: true, portal: 'viewable', clientId: null }));
      assert.deepEqual(await store.getAttachments([]), []);
    });

    it('replaces attachments all or nothing, compare-and-set on the revision', async () => {
      await store.insertAttachment(attachment('a'), []);
      await store.insertAttachment(attachment('b'), []);
      const stale = await store.replaceAttachments(
        [attachment('a', { portal: 'viewable', revision: 2 }), attachment('b', { portal: 'viewable', revision: 2 })],
        new Map([
          ['a', 1],
          ['b', 7],
        ]),
        [audit()],
      );
      assert.equal(stale, false);
      assert.deepEqual(
        (await store.getAttachments(['a', 'b'])).map((a) => [a.portal, a.revision]),
        [
          ['hidden', 1],
          ['hidden', 1],
        ],
      );
      assert.deepEqual(await store.listAudit(10), [], 'a refused change writes no audit');

      const entry = audit();
      const ok = await store.replaceAttachments(
        [attachment('a', { name: 'renamed.pdf', confidential: true, revision: 2 })],
        new Map([['a', 1]]),
        [entry],
      );
      assert.equal(ok, true);
      assert.deepEqual((await store.getAttachments(['a']))[0], attachment('a', { name: 'renamed.pdf', confidential: true, revision: 2 }));
      assert.deepEqual(await store.listAudit(10), [entry]);
      assert.equal(
        await store.replaceAttachments([attachment('a', { revision: 3 })], new Map(), []),
        false,
        'an item without an expected revision is refused',
      );
    });

    it('lets exactly one of several concurrent writers with the same revision win', async () => {
      await store.insertAttachment(attachment('a'), []);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.replaceAttachments([attachment('a', { name: `n${i}.pdf`, revision: 2 })], new Map([['a', 1]]), []),
        ),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal((await store.getAttachments(['a']))[0]!.revision, 2);
    });

    it('deletes an attachment only at the expected revision', async () => {
      await store.insertAttachment(attachment('a'), []);
      assert.equal(await store.deleteAttachment('a', 2, []), false);
      assert.equal(await store.deleteAttachment('a', 1, []), true);
      assert.equal(await store.deleteAttachment('a', 1, []), false);
      assert.deepEqual(await store.listAttachments(job), []);
    });

    it('keeps notes with their audit, replaced and deleted like attachments', async () => {
      const created = audit({ action: 'note.create', target: { type: 'note', id: 'n1' }, before: undefined, after: null });
      await store.insertNote(note('n1'), [created]);
      await store.insertNote(note('n0', { createdAt: '2025-12-31T00:00:00.000Z', portal: 'viewable' }), []);
      assert.deepEqual(
        (await store.listNotes(job)).map((n) => n.id),
        ['n0', 'n1'],
      );
      assert.deepEqual(await store.listAudit(10), [created], 'undefined and null survive as themselves');
      assert.equal(await store.replaceNotes([note('n1', { body: 'edited', revision: 2 })], new Map([['n1', 2]]), []), false);
      assert.equal(
        await store.replaceNotes([note('n1', { body: 'edited', confidential: true, revision: 2 })], new Map([['n1', 1]]), []),
        true,
      );
      assert.deepEqual(await store.getNotes(['n1', 'nope']), [note('n1', { body: 'edited', confidential: true, revision: 2 })]);
      assert.equal(await store.deleteNote('n1', 1, []), false);
      assert.equal(await store.deleteNote('n1', 2, []), true);
      assert.deepEqual(
        (await store.listNotes(job)).map((n) => n.id),
        ['n0'],
      );
    });

    it('writes the customer of a moved record, and note edits with who and when', async () => {
      await store.insertAttachment(attachment('a', { portal: 'viewable' }), []);
      assert.equal(
        await store.replaceAttachments([attachment('a', { clientId: 'client-b', portal: 'hidden', revision: 2 })], new Map([['a', 1]]), []),
        true,
      );
      assert.deepEqual((await store.getAttachments(['a']))[0], attachment('a', { clientId: 'client-b', portal: 'hidden', revision: 2 }));
      await store.insertNote(note('n1'), []);
      const edited = note('n1', {
        body: 'edited',
        clientId: 'client-b',
        updatedAt: '2026-02-01T00:00:00.000Z',
        updatedBy: 'u-tech',
        revision: 2,
      });
      assert.equal(await store.replaceNotes([edited], new Map([['n1', 1]]), []), true);
      assert.deepEqual(await store.getNotes(['n1']), [edited]);
      assert.deepEqual((await store.listNotes(job))[0], edited);
    });

    it('writes the audit of uploads and deletes with the row, and none for a refused delete', async () => {
      const uploaded = audit({ action: 'attachment.upload', before: null, after: { name: 'a.pdf' } });
      await store.insertAttachment(attachment('a'), [uploaded]);
      assert.equal(await store.deleteAttachment('a', 9, [audit({ action: 'attachment.delete' })]), false);
      const deleted = audit({ action: 'attachment.delete', before: { name: 'a.pdf' }, after: null });
      assert.equal(await store.deleteAttachment('a', 1, [deleted]), true);
      await store.insertNote(note('n1'), []);
      const noteDeleted = audit({ action: 'note.delete', target: { type: 'note', id: 'n1' } });
      assert.equal(await store.deleteNote('n1', 1, [noteDeleted]), true);
      assert.deepEqual(await store.listAudit(10), [noteDeleted, deleted, uploaded]);
    });

    it('keeps users in insertion order and replaces one in place', async () => {
      const admin = adminUser(undefined, 'u-admin', 'Admin');
      const tech = { kind: 'staff' as const, id: 'u-tech', name: 'Tech', grants: { mobile: ['attachments.view'] } };
      await store.putUser(tech, []);
      await store.putUser(admin, [audit({ target: { type: 'user', id: 'u-admin' } })]);
      await store.putUser({ ...tech, grants: { mobile: [] } }, []);
      assert.deepEqual(
        (await store.listUsers()).map((u) => u.id),
        ['u-tech', 'u-admin'],
      );
      assert.deepEqual(await store.getUser('u-tech'), { ...tech, grants: { mobile: [] } });
      assert.equal(await store.getUser('nobody'), null);
      assert.equal((await store.listAudit(10)).length, 1);
    });

    it('answers default portal settings until some are stored', async () => {
      const initial = await store.getPortalSettings();
      assert.deepEqual(initial.apps, []);
      const next = {
        ...initial,
        settings: { ...initial.settings, disableOnlineAccess: true },
        apps: ['booking'],
        paymentMethods: ['card'],
      };
      await store.putPortalSettings(next, [audit({ target: { type: 'portalSettings', id: 'portal' } })]);
      assert.deepEqual(await store.getPortalSettings(), next);
    });

    it('lists the newest audit entries first, up to the limit', async () => {
      const entries = [audit(), audit(), audit()];
      await store.putPortalSettings(await store.getPortalSettings(), entries);
      assert.deepEqual(await store.listAudit(2), [entries[2], entries[1]]);
    });

    it('keeps the records directory: unknown, registered, moved, internal', async () => {
      assert.equal(await subject.records.get(job), null);
      await subject.records.put({ ...job, clientId: 'client-a' });
      assert.deepEqual(await subject.records.get(job), { clientId: 'client-a' });
      await subject.records.put({ ...job, clientId: null });
      assert.deepEqual(await subject.records.get(job), { clientId: null });
      assert.equal(await subject.records.get({ type: 'quote', id: 'J-1' }), null);
    });
  });
}
