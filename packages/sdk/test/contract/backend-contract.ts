/**
 * The backend contract: one suite every AttachKitBackend must pass (the
 * memory backend, and the HTTP backend against the reference server). A
 * fixture gives a fresh world seeded from contract-seed.ts and a backend per
 * principal.
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { AttachKitError, defaultPortalSettings, type AttachKitBackend, type Attachment, type RecordRef } from '../../src/index.js';
import { contractRecords, contractUsers, type ContractPrincipalName } from './contract-seed.js';

export interface ContractWorld {
  as(name: ContractPrincipalName): AttachKitBackend;
  /** The host moves a record to another customer (or forgets it: null). */
  moveRecord(record: RecordRef, clientId: string | null | undefined): Promise<void>;
  close(): Promise<void>;
}

export type ContractFixture = () => Promise<ContractWorld>;

const rec = (r: { type: string; id: string }): RecordRef => ({ type: r.type, id: r.id });
const jobA = rec(contractRecords.jobA);
const jobB = rec(contractRecords.jobB);

const pngBytes = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15,
  0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);
const pdfBytes = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export const contractFiles = {
  png: () => ({ name: 'before-photo.png', data: new Blob([pngBytes], { type: 'image/png' }) }),
  pdf: () => ({ name: 'quote.pdf', data: new Blob([pdfBytes], { type: 'application/pdf' }) }),
};

async function sha256(data: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await data.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Asserts the promise rejects with an AttachKitError of that status (and code, when given). */
export async function rejectsWith(promise: Promise<unknown>, status: number, code?: string): Promise<AttachKitError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AttachKitError, `expected an AttachKitError, got ${String(error)}`);
    assert.equal(error.status, status, `expected status ${status}, got ${error.status} (${error.code}: ${error.message})`);
    if (code) assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected a ${status} rejection`);
}

export function backendContract(name: string, fixture: ContractFixture): void {
  describe(`backend contract: ${name}`, () => {
    let world: ContractWorld;
    const as = (n: ContractPrincipalName) => world.as(n);
    beforeEach(async () => {
      world = await fixture();
    });
    // Each test closes its own world (even when it fails), so servers and temp dirs never leak.
    const withWorld = (title: string, body: () => Promise<void>): void => {
      it(title, async () => {
        try {
          await body();
        } finally {
          await world.close();
        }
      });
    };

    async function upload(file = contractFiles.pdf(), record = jobA): Promise<Attachment> {
      return as('admin').uploadAttachment(record, file);
    }

    withWorld('tells who the caller is', async () => {
      const session = await as('tech').session();
      assert.equal(session.principal.id, contractUsers.tech.id);
      assert.equal(session.level, 'mobile');
      assert.equal((await as('clientA').session()).principal.kind, 'client');
    });

    withWorld('uploads a file as a Hidden, non-confidential attachment with its checksum and progress', async () => {
      const file = contractFiles.png();
      const progress: number[] = [];
      const attachment = await as('admin').uploadAttachment(jobA, file, { onProgress: (p) => progress.push(p.loaded) });
      assert.equal(attachment.name, 'before-photo.png');
      assert.equal(attachment.size, file.data.size);
      assert.equal(attachment.mimeType, 'image/png');
      assert.equal(attachment.portal, 'hidden');
      assert.equal(attachment.confidential, false);
      assert.equal(attachment.clientId, 'client-a');
      assert.equal(attachment.checksum, await sha256(file.data));
      assert.equal(attachment.revision, 1);
      assert.ok(progress.length > 0 && progress.at(-1) === file.data.size, 'progress reaches the file size');
      const listed = await as('admin').listAttachments(jobA);
      assert.deepEqual(
        listed.map((a) => a.id),
        [attachment.id],
      );
      const content = await as('admin').getAttachmentContent(attachment.id);
      assert.deepEqual(new Uint8Array(await content.arrayBuffer()), new Uint8Array(await file.data.arrayBuffer()));
    });

    withWorld('refuses blocked, double-extension and empty files with the reason, and stores nothing', async () => {
      const admin = as('admin');
      const blocked = await rejectsWith(
        admin.uploadAttachment(jobA, { name: 'setup.exe', data: new Blob(['MZ']) }),
        422,
        'upload.blockedExtension',
      );
      assert.match(blocked.message, /setup\.exe/);
      await rejectsWith(admin.uploadAttachment(jobA, { name: 'invoice.pdf.EXE', data: new Blob(['MZ']) }), 422, 'upload.blockedExtension');
      await rejectsWith(admin.uploadAttachment(jobA, { name: 'empty.txt', data: new Blob([]) }), 422, 'upload.empty');
      assert.deepEqual(await admin.listAttachments(jobA), []);
    });

    withWorld('an aborted upload rejects with request.aborted and leaves nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(as('admin').uploadAttachment(jobA, contractFiles.pdf(), { signal: controller.signal }), 499, 'request.aborted');
      assert.deepEqual(await as('admin').listAttachments(jobA), []);
    });

    withWorld('an unknown record is a 404', async () => {
      await rejectsWith(as('admin').listAttachments({ type: 'job', id: 'NOPE-1' }), 404);
      await rejectsWith(as('admin').uploadAttachment({ type: 'job', id: 'NOPE-1' }, contractFiles.pdf()), 404);
    });

    withWorld('sharing makes it Viewable for its own client only; the other client learns nothing', async () => {
      const attachment = await upload();
      assert.deepEqual(await as('clientA').listAttachments(jobA), [], 'hidden by default');
      await rejectsWith(as('clientA').getAttachment(attachment.id), 404);
      const shared = await as('admin').patchAttachment(attachment.id, { portal: 'viewable' });
      assert.equal(shared.portal, 'viewable');
      assert.equal(shared.revision, attachment.revision + 1);
      assert.deepEqual(
        (await as('clientA').listAttachments(jobA)).map((a) => a.id),
        [attachment.id],
      );
      assert.equal((await as('clientA').getAttachment(attachment.id)).id, attachment.id);
      assert.ok((await as('clientA').getAttachmentContent(attachment.id)).size > 0);
      const foreign = await rejectsWith(as('clientB').getAttachment(attachment.id), 404);
      assert.doesNotMatch(foreign.message, /quote\.pdf/);
      await rejectsWith(as('clientB').getAttachmentContent(attachment.id), 404);
      await rejectsWith(as('clientB').listAttachments(jobA), 404);
      await rejectsWith(as('clientB').patchAttachment(attachment.id, { portal: 'hidden' }), 404);
    });

    withWorld('portal clients do not receive internal metadata (staff ids, the Confidential mark)', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { portal: 'viewable', confidential: true });
      const [seen] = await as('clientA').listAttachments(jobA);
      assert.equal(seen?.id, attachment.id);
      assert.equal(seen.createdBy, 'staff');
      assert.equal(seen.confidential, false);
      assert.equal((await as('clientA').getAttachment(attachment.id)).createdBy, 'staff');
      const staffView = await as('admin').getAttachment(attachment.id);
      assert.equal(staffView.confidential, true, 'staff still see the stored values');
      assert.equal(staffView.createdBy, contractUsers.admin.id);
      const note = await as('admin').createNote(jobA, { body: 'Shared and confidential', portal: 'viewable', confidential: true });
      const [seenNote] = await as('clientA').listNotes(jobA);
      assert.equal(seenNote?.id, note.id);
      assert.deepEqual([seenNote.createdBy, seenNote.confidential], ['staff', false]);
    });

    withWorld('a record moved to another customer fails closed: its shared items become Hidden, audited', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { portal: 'viewable' });
      const note = await as('admin').createNote(jobA, { body: 'Shared note', portal: 'viewable' });
      const internal = await as('admin').createNote(jobA, { body: 'Internal note' });
      assert.equal((await as('clientA').getAttachment(attachment.id)).id, attachment.id);
      await world.moveRecord(jobA, 'client-b');
      // A loses them,
      await rejectsWith(as('clientA').getAttachment(attachment.id), 404);
      await rejectsWith(as('clientA').getAttachmentContent(attachment.id), 404);
      await rejectsWith(as('clientA').listAttachments(jobA), 404);
      // B sees nothing until staff share again,
      assert.deepEqual(await as('clientB').listAttachments(jobA), []);
      assert.deepEqual(await as('clientB').listNotes(jobA), []);
      await rejectsWith(as('clientB').getAttachment(attachment.id), 404);
      // and staff see the items Hidden and owned by B (stored so).
      const moved = await as('admin').getAttachment(attachment.id);
      assert.deepEqual([moved.portal, moved.clientId], ['hidden', 'client-b']);
      // (Notes created in the same millisecond are listed in id order: compare as sets.)
      assert.deepEqual(
        (await as('admin').listNotes(jobA)).map((n) => [n.id, n.portal, n.clientId]).sort(),
        [
          [note.id, 'hidden', 'client-b'],
          [internal.id, 'hidden', 'client-b'],
        ].sort(),
      );
      const entries = (await as('admin').listAudit()).filter((e) => e.action.endsWith('.customerChanged'));
      assert.deepEqual(
        entries.map((e) => [e.action, e.target.id]).sort(),
        [
          ['attachment.customerChanged', attachment.id],
          ['note.customerChanged', note.id],
        ].sort(),
      );
      for (const entry of entries) {
        assert.equal(entry.actor.kind, 'host');
        assert.deepEqual(entry.before, { clientId: 'client-a', portal: 'viewable' });
        assert.deepEqual(entry.after, { clientId: 'client-b', portal: 'hidden' });
      }
      // Sharing again shows it to B only.
      await as('admin').patchAttachment(attachment.id, { portal: 'viewable' });
      assert.deepEqual(
        (await as('clientB').listAttachments(jobA)).map((a) => a.id),
        [attachment.id],
      );
      await rejectsWith(as('clientA').getAttachment(attachment.id), 404);
    });

    withWorld('confidential attachments are hidden from staff without the grant, with a 404', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { confidential: true });
      assert.deepEqual(await as('tech').listAttachments(jobA), []);
      await rejectsWith(as('tech').getAttachment(attachment.id), 404);
      await rejectsWith(as('tech').getAttachmentContent(attachment.id), 404);
      assert.deepEqual(
        (await as('techConfidential').listAttachments(jobA)).map((a) => a.id),
        [attachment.id],
      );
    });

    withWorld('a forbidden write is a 403 with the reason; nothing changes', async () => {
      const attachment = await upload();
      const denied = await rejectsWith(as('tech').patchAttachment(attachment.id, { portal: 'viewable' }), 403, 'permission.missing');
      assert.equal(denied.reasons[0]?.permission, 'attachments.share');
      await rejectsWith(as('tech').deleteAttachment(attachment.id), 403, 'permission.missing');
      await rejectsWith(as('clientA').uploadAttachment(jobA, contractFiles.pdf()), 403, 'client.notAllowed');
      assert.equal((await as('admin').getAttachment(attachment.id)).portal, 'hidden');
    });

    withWorld('a stale revision is a 412 and the newer change stays', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { confidential: true }, { ifRevision: 1 });
      await rejectsWith(as('admin').patchAttachment(attachment.id, { portal: 'viewable' }, { ifRevision: 1 }), 412, 'revision.stale');
      const now = await as('admin').getAttachment(attachment.id);
      assert.equal(now.portal, 'hidden');
      assert.equal(now.confidential, true);
      assert.equal(now.revision, 2);
    });

    withWorld('a patch with unknown or bad fields is refused and names the field', async () => {
      const attachment = await upload();
      const bad = await rejectsWith(as('admin').patchAttachment(attachment.id, { portal: 'public' } as never), 400, 'validation.invalid');
      assert.ok(bad.issues.some((i) => i.path === 'portal'));
      const mass = await rejectsWith(
        as('admin').patchAttachment(attachment.id, { checksum: '0'.repeat(64) } as never),
        400,
        'validation.invalid',
      );
      assert.match(mass.message, /checksum/);
    });

    withWorld('renaming stores a safe display name', async () => {
      const attachment = await upload();
      const renamed = await as('admin').patchAttachment(attachment.id, { name: '../../etc/\u202Epasswd\u0000.pdf' });
      assert.equal(renamed.name, '.._.._etc_passwd.pdf');
    });

    withWorld('a rename runs the upload name rules: no executable or markup extension', async () => {
      const text = await as('admin').uploadAttachment(jobA, { name: 'run.txt', data: new Blob(['echo hello']) });
      for (const name of ['run.bat', 'run.exe', 'run.e\u00adxe', 'disk.iso', 'run.txt.cmd ']) {
        await rejectsWith(as('admin').patchAttachment(text.id, { name }), 422, 'upload.blockedExtension');
      }
      await rejectsWith(as('admin').patchAttachment(text.id, { name: 'run.html' }), 422, 'upload.contentMismatch');
      assert.equal((await as('admin').getAttachment(text.id)).name, 'run.txt');
      assert.equal((await as('admin').patchAttachment(text.id, { name: 'Run  notes.txt' })).name, 'Run  notes.txt');
    });

    withWorld('bulk updates are all or nothing', async () => {
      const a = await upload();
      const b = await upload(contractFiles.png());
      const foreign = await upload(contractFiles.pdf(), jobB);
      await as('admin').patchAttachment(b.id, { confidential: true });
      // Who may share nothing is refused before the ids are read.
      await rejectsWith(as('tech').bulkUpdateAttachments([a.id, b.id], { portal: 'viewable' }), 403, 'permission.missing');
      await rejectsWith(as('clientA').bulkUpdateAttachments([a.id, foreign.id], { portal: 'viewable' }), 403, 'client.notAllowed');
      // A tech who may share but not see b (confidential): the whole request is a 404 and a stays hidden.
      await as('admin').updateGrants(contractUsers.tech.id, { mobile: [...(contractUsers.tech.grants.mobile ?? []), 'attachments.share'] });
      await rejectsWith(as('tech').bulkUpdateAttachments([a.id, b.id], { portal: 'viewable' }), 404);
      await rejectsWith(as('admin').bulkUpdateAttachments([a.id, 'no-such-id'], { portal: 'viewable' }), 404);
      assert.equal((await as('admin').getAttachment(a.id)).portal, 'hidden');
      const updated = await as('admin').bulkUpdateAttachments([a.id, b.id], { portal: 'viewable' });
      assert.deepEqual(
        updated.map((x) => x.portal),
        ['viewable', 'viewable'],
      );
      assert.deepEqual((await as('clientA').listAttachments(jobA)).map((x) => x.id).sort(), [a.id, b.id].sort());
    });

    withWorld('delete removes the attachment and its content', async () => {
      const attachment = await upload();
      await as('admin').deleteAttachment(attachment.id);
      await rejectsWith(as('admin').getAttachment(attachment.id), 404);
      await rejectsWith(as('admin').getAttachmentContent(attachment.id), 404);
      await rejectsWith(as('admin').deleteAttachment(attachment.id), 404);
    });

    withWorld('notes follow the same sharing rules', async () => {
      const admin = as('admin');
      const note = await admin.createNote(jobA, { body: 'Gate code 4412' });
      assert.equal(note.portal, 'hidden');
      assert.equal(note.confidential, false);
      assert.deepEqual(await as('clientA').listNotes(jobA), []);
      await admin.patchNote(note.id, { portal: 'viewable' });
      assert.deepEqual(
        (await as('clientA').listNotes(jobA)).map((n) => n.body),
        ['Gate code 4412'],
      );
      await rejectsWith(as('clientB').listNotes(jobA), 404);
      const secret = await admin.createNote(jobA, { body: 'Customer is disputing the invoice', confidential: true });
      assert.deepEqual(
        (await as('tech').listNotes(jobA)).map((n) => n.id),
        [note.id],
      );
      assert.deepEqual((await as('techConfidential').listNotes(jobA)).map((n) => n.id).sort(), [note.id, secret.id].sort());
      await rejectsWith(as('tech').patchNote(note.id, { portal: 'hidden' }), 403, 'permission.missing');
      const bulk = await admin.bulkUpdateNotes([note.id, secret.id], { portal: 'hidden' });
      assert.deepEqual(
        bulk.map((n) => n.portal),
        ['hidden', 'hidden'],
      );
      await admin.deleteNote(note.id);
      await rejectsWith(admin.patchNote(note.id, { body: 'x' }), 404);
      await rejectsWith(admin.createNote(jobA, { body: '' }), 400, 'validation.invalid');
    });

    withWorld('notes belong to their author: others need notes.editOthers; every edit is recorded and audited', async () => {
      const adminNote = await as('admin').createNote(jobA, { body: 'Gate code 4412', portal: 'viewable' });
      const techNote = await as('tech').createNote(jobA, { body: 'Tap leaking' });
      const denied = await rejectsWith(as('tech').patchNote(adminNote.id, { body: 'Gate code 0000' }), 403, 'note.notAuthor');
      assert.equal(denied.reasons[0]?.permission, 'notes.editOthers');
      const bodyOf = async (id: string) => (await as('admin').listNotes(jobA)).find((n) => n.id === id)?.body;
      assert.equal(await bodyOf(adminNote.id), 'Gate code 4412');
      const own = await as('tech').patchNote(techNote.id, { body: 'Tap leaking under the sink' });
      assert.deepEqual(
        [own.body, own.createdBy, own.updatedBy],
        ['Tap leaking under the sink', contractUsers.tech.id, contractUsers.tech.id],
      );
      assert.ok(own.updatedAt);
      const byAdmin = await as('admin').patchNote(techNote.id, { body: 'Tap replaced' });
      assert.deepEqual([byAdmin.createdBy, byAdmin.updatedBy], [contractUsers.tech.id, contractUsers.admin.id]);
      const edits = (await as('admin').listAudit()).filter((e) => e.action === 'note.edit');
      assert.deepEqual(
        edits.map((e) => [e.actor.id, e.before, e.after]),
        [
          [contractUsers.admin.id, { body: 'Tap leaking under the sink' }, { body: 'Tap replaced' }],
          [contractUsers.tech.id, { body: 'Tap leaking' }, { body: 'Tap leaking under the sink' }],
        ],
      );
      // Deleting needs notes.delete, and notes.editOthers for someone else's note.
      await as('admin').updateGrants(contractUsers.tech.id, { mobile: [...(contractUsers.tech.grants.mobile ?? []), 'notes.delete'] });
      await rejectsWith(as('tech').deleteNote(adminNote.id), 403, 'note.notAuthor');
      await as('tech').deleteNote(techNote.id);
      assert.equal(await bodyOf(techNote.id), undefined);
      // The portal client sees neither staff id.
      const seen = (await as('clientA').listNotes(jobA))[0]!;
      assert.deepEqual([seen.createdBy, seen.updatedBy], ['staff', undefined]);
    });

    withWorld('uploads, renames and deletes are audited with who did them', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { name: 'Signed quote.pdf' });
      await as('admin').deleteAttachment(attachment.id);
      const entries = (await as('admin').listAudit()).filter((e) => e.target.id === attachment.id);
      assert.deepEqual(
        entries.map((e) => [e.action, e.actor.id]),
        [
          ['attachment.delete', contractUsers.admin.id],
          ['attachment.rename', contractUsers.admin.id],
          ['attachment.upload', contractUsers.admin.id],
        ],
      );
      assert.deepEqual(entries[1]!.before, { name: 'quote.pdf' });
      assert.deepEqual(entries[1]!.after, { name: 'Signed quote.pdf' });
      assert.equal((entries[2]!.after as { name: string }).name, 'quote.pdf');
      assert.equal((entries[0]!.before as { name: string }).name, 'Signed quote.pdf');
    });

    withWorld('authorization comes before validation: who may not act learns nothing of the schema', async () => {
      const attachment = await upload();
      const note = await as('admin').createNote(jobA, { body: 'Office note' });
      const garbage = { nonsense: true } as never;
      await rejectsWith(as('tech').updatePortalSettings(garbage), 403, 'permission.missing');
      await rejectsWith(as('tech').updateGrants(contractUsers.tech.id, garbage), 403, 'permission.missing');
      await rejectsWith(as('tech').bulkUpdateAttachments(garbage, garbage), 403, 'permission.missing');
      await rejectsWith(as('tech').bulkUpdateNotes(garbage, garbage), 403, 'permission.missing');
      await rejectsWith(as('tech').patchAttachment(attachment.id, garbage), 403, 'permission.missing');
      await rejectsWith(as('tech').patchNote(note.id, garbage), 403);
      await rejectsWith(as('clientA').createNote(jobA, garbage), 403, 'client.notAllowed');
      // Who may act gets the field-level answer.
      await rejectsWith(as('admin').updatePortalSettings(garbage), 400, 'validation.invalid');
    });

    withWorld("users' grants are for admins: other staff and clients get 403", async () => {
      const denied = await rejectsWith(as('tech').listUsers(), 403, 'permission.missing');
      assert.equal(denied.reasons[0]?.permission, 'users.managePermissions');
      assert.ok(!JSON.stringify(denied).includes('attachments.viewConfidential'));
      assert.ok((await as('admin').listUsers()).every((u) => Array.isArray(u.grants.mobile ?? [])));
    });

    withWorld("a client's version of an item moves only with what the client sees", async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { portal: 'viewable' });
      const before = await as('clientA').getAttachment(attachment.id);
      await as('admin').patchAttachment(attachment.id, { confidential: true });
      const afterMark = await as('clientA').getAttachment(attachment.id);
      assert.equal(afterMark.revision, before.revision, 'marking Confidential is staff-only');
      assert.deepEqual(afterMark, before);
      await as('admin').patchAttachment(attachment.id, { name: 'Renamed.pdf' });
      assert.notEqual((await as('clientA').getAttachment(attachment.id)).revision, before.revision, 'a rename is visible');
      const listed = await as('clientA').listAttachments(jobA);
      assert.equal(listed[0]!.revision, (await as('clientA').getAttachment(attachment.id)).revision);
    });

    withWorld('serves the permission catalog with the mobile General section', async () => {
      const catalog = await as('tech').getPermissionCatalog();
      const mobile = catalog.levels.find((l) => l.level === 'mobile');
      const general = mobile?.sections.find((s) => s.label === 'General');
      assert.ok(
        general?.permissions.some(
          (p) => p.key === 'attachments.viewConfidential' && p.label === 'Can view attachments that have been marked as Confidential',
        ),
      );
    });

    withWorld('grants: admins change them, the change applies at once, bad keys are refused', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { confidential: true });
      assert.deepEqual(await as('tech').listAttachments(jobA), []);
      const mobile = [...(contractUsers.tech.grants.mobile ?? []), 'attachments.viewConfidential'];
      const saved = await as('admin').updateGrants(contractUsers.tech.id, { mobile });
      assert.ok(saved.grants.mobile?.includes('attachments.viewConfidential'));
      assert.deepEqual(
        (await as('tech').listAttachments(jobA)).map((a) => a.id),
        [attachment.id],
      );
      await rejectsWith(as('admin').updateGrants(contractUsers.tech.id, { mobile: ['attachments.teleport'] }), 400, 'validation.invalid');
      await rejectsWith(
        as('admin').updateGrants(contractUsers.tech.id, { mobile: ['attachments.viewConfidential'] }),
        400,
        'validation.invalid',
      );
      await rejectsWith(as('admin').updateGrants('u-nobody', { mobile: [] }), 404);
      await rejectsWith(as('tech').updateGrants(contractUsers.tech.id, { mobile: [] }), 403, 'permission.missing');
      const users = await as('admin').listUsers();
      assert.ok(users.some((u) => u.id === contractUsers.techConfidential.id));
      await rejectsWith(as('clientA').listUsers(), 403, 'client.notAllowed');
    });

    withWorld('portal settings gate what clients see; only admins change them', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { portal: 'viewable' });
      const document = await as('clientA').getPortalSettings();
      assert.deepEqual(document.settings, defaultPortalSettings);
      assert.deepEqual(document.apps, ['workOrders']);
      await rejectsWith(
        as('tech').updatePortalSettings({ ...defaultPortalSettings, viewSharedNotesAttachments: false }),
        403,
        'permission.missing',
      );
      await as('admin').updatePortalSettings({ ...defaultPortalSettings, viewSharedNotesAttachments: false });
      assert.deepEqual(await as('clientA').listAttachments(jobA), []);
      await as('admin').updatePortalSettings({ ...defaultPortalSettings, disableOnlineAccess: true });
      assert.deepEqual(await as('clientA').listAttachments(jobA), []);
      await as('admin').updatePortalSettings(defaultPortalSettings);
      assert.equal((await as('clientA').listAttachments(jobA)).length, 1);
      await rejectsWith(as('admin').updatePortalSettings({ ...defaultPortalSettings, extra: true } as never), 400, 'validation.invalid');
    });

    withWorld('every sharing, confidential, grant and settings change is audited for admins', async () => {
      const attachment = await upload();
      await as('admin').patchAttachment(attachment.id, { portal: 'viewable', confidential: true });
      await as('admin').updateGrants(contractUsers.tech.id, { mobile: ['attachments.view'] });
      await as('admin').updatePortalSettings({ ...defaultPortalSettings, viewProfile: false });
      const entries = await as('admin').listAudit();
      const actions = entries.map((e) => e.action);
      for (const action of ['attachment.share', 'attachment.markConfidential', 'grants.edit', 'portalSettings.edit']) {
        assert.ok(actions.includes(action), `audit has ${action}`);
      }
      const share = entries.find((e) => e.action === 'attachment.share')!;
      assert.equal(share.actor.id, contractUsers.admin.id);
      assert.deepEqual(share.before, { portal: 'hidden' });
      assert.deepEqual(share.after, { portal: 'viewable' });
      await rejectsWith(as('tech').listAudit(), 403, 'permission.missing');
    });
  });
}
