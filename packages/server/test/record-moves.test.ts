/**
 * A record the host moves to another customer fails closed over real HTTP:
 * `PUT /api/records/:type/:id` hides its shared items at once (audited as
 * the host), and the stored client_id follows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Attachment, AuditEntry, Note } from '@attachkit/sdk';
import { startServer, type TestServer } from './support/harness.js';

describe('records moved by the host', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  const json = { 'Content-Type': 'application/json' };
  const put = (clientId: string | null) =>
    server.fetch('/api/records/job/J-1002', 'demo-host', { method: 'PUT', headers: json, body: JSON.stringify({ clientId }) });

  it('PUT /api/records to another customer hides the shared items at once; the new customer sees nothing', async () => {
    const admin = server.backend('demo-admin');
    const job = { type: 'job', id: 'J-1002' };
    const [plan] = await admin.listAttachments(job);
    await admin.patchAttachment(plan!.id, { portal: 'viewable' });
    const note = await admin.createNote(job, { body: 'Floor plan attached', portal: 'viewable' });
    assert.equal((await server.backend('demo-client-a').listAttachments(job)).length, 1);

    assert.equal((await put('client-b')).status, 200);
    // Audited at the move, before anyone reads the record again.
    const audit = (await (await server.fetch('/api/audit', 'demo-admin')).json()) as AuditEntry[];
    const moves = audit.filter((e) => e.action.endsWith('.customerChanged'));
    assert.deepEqual(moves.map((e) => [e.action, e.target.id, e.actor.kind, e.actor.id]).sort(), [
      ['attachment.customerChanged', plan!.id, 'host', 'demo-host'],
      ['note.customerChanged', note.id, 'host', 'demo-host'],
    ]);
    assert.deepEqual(moves[0]!.before, { clientId: 'client-a', portal: 'viewable' });
    assert.deepEqual(moves[0]!.after, { clientId: 'client-b', portal: 'hidden' });

    assert.equal((await server.fetch('/api/records/job/J-1002/attachments', 'demo-client-a')).status, 404);
    assert.deepEqual(await (await server.fetch('/api/records/job/J-1002/attachments', 'demo-client-b')).json(), []);
    assert.deepEqual(await (await server.fetch('/api/records/job/J-1002/notes', 'demo-client-b')).json(), []);
    assert.equal((await server.fetch(`/api/attachments/${plan!.id}/content`, 'demo-client-b')).status, 404);

    // The stored row holds the new customer (not only the answer).
    const [stored] = await server.app.attachkit.store.getAttachments([plan!.id]);
    assert.deepEqual([stored!.clientId, stored!.portal], ['client-b', 'hidden']);
    const [storedNote] = await server.app.attachkit.store.getNotes([note.id]);
    assert.deepEqual([storedNote!.clientId, storedNote!.portal], ['client-b', 'hidden']);
  });

  it('registering the same customer again changes nothing', async () => {
    const before = (await (await server.fetch('/api/records/job/J-1002/attachments', 'demo-admin')).json()) as Attachment[];
    assert.equal((await put('client-b')).status, 200);
    const after = (await (await server.fetch('/api/records/job/J-1002/attachments', 'demo-admin')).json()) as Attachment[];
    assert.deepEqual(after, before);
  });

  it('a record moved to no customer (internal) keeps its items Hidden from every client', async () => {
    const admin = server.backend('demo-admin');
    const job = { type: 'job', id: 'J-1002' };
    const notes: Note[] = await admin.listNotes(job);
    await admin.patchNote(notes[0]!.id, { portal: 'viewable' });
    assert.equal((await put(null)).status, 200);
    const [moved] = await admin.listNotes(job);
    assert.deepEqual([moved!.portal, moved!.clientId], ['hidden', null]);
    assert.equal((await server.fetch('/api/records/job/J-1002/notes', 'demo-client-b')).status, 404);
  });
});
