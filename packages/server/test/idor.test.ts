/**
 * IDOR: every route called with another customer's ids (or ids the caller may
 * not see) answers 404 with exactly the body of a truly missing id, and
 * leaks nothing: no name, no size, no ETag, no Content-Disposition.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Attachment, Note } from '@attachkit/sdk';
import { startServer, type TestServer } from './support/harness.js';

const secretName = 'client-a-SECRET-floorplan.pdf';

describe('IDOR: foreign and invisible ids are indistinguishable from missing ones', () => {
  let server: TestServer;
  let shared: Attachment; // viewable, client-a
  let hidden: Attachment; // hidden, client-a
  let confidential: Attachment; // viewable + confidential, client-a
  let note: Note; // viewable, client-a
  let confidentialNote: Note;

  before(async () => {
    server = await startServer();
    const admin = server.backend('demo-admin');
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const job = { type: 'job', id: 'J-1001' };
    shared = await admin.patchAttachment((await admin.uploadAttachment(job, { name: secretName, data: new Blob([pdf]) })).id, {
      portal: 'viewable',
    });
    hidden = await admin.uploadAttachment(job, { name: `hidden-${secretName}`, data: new Blob([pdf]) });
    confidential = await admin.patchAttachment(
      (await admin.uploadAttachment(job, { name: `conf-${secretName}`, data: new Blob([pdf]) })).id,
      { portal: 'viewable', confidential: true },
    );
    note = await admin.createNote(job, { body: 'SECRET gate code 9911', portal: 'viewable' });
    confidentialNote = await admin.createNote(job, { body: 'SECRET dispute', confidential: true });
  });
  after(() => server.close());

  const json = { 'Content-Type': 'application/json' };
  /** Every route that takes an attachment or note id, as the request to make. */
  const routes = (kind: 'attachment' | 'note', id: string): [string, string, RequestInit?][] =>
    kind === 'attachment'
      ? [
          ['metadata', `/api/attachments/${id}`],
          ['content', `/api/attachments/${id}/content`],
          ['content inline', `/api/attachments/${id}/content?inline=1`],
          ['content range', `/api/attachments/${id}/content`, { headers: { Range: 'bytes=0-3' } }],
          ['patch', `/api/attachments/${id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ portal: 'hidden' }) }],
          [
            'patch with If-Match',
            `/api/attachments/${id}`,
            { method: 'PATCH', headers: { ...json, 'If-Match': '"1"' }, body: JSON.stringify({ name: 'x.pdf' }) },
          ],
          [
            'bulk',
            '/api/attachments/bulk',
            { method: 'POST', headers: json, body: JSON.stringify({ ids: [id], set: { portal: 'hidden' } }) },
          ],
          ['delete', `/api/attachments/${id}`, { method: 'DELETE' }],
        ]
      : [
          ['note get', `/api/notes/${id}`],
          ['note patch', `/api/notes/${id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ body: 'overwritten' }) }],
          [
            'note bulk',
            '/api/notes/bulk',
            { method: 'POST', headers: json, body: JSON.stringify({ ids: [id], set: { portal: 'hidden' } }) },
          ],
          ['note delete', `/api/notes/${id}`, { method: 'DELETE' }],
        ];

  async function answer(token: string, path: string, init?: RequestInit) {
    const response = await server.fetch(path, token, init);
    return { status: response.status, body: await response.text(), headers: response.headers };
  }

  async function assertIndistinguishable(token: string, kind: 'attachment' | 'note', id: string, leaks: string[]) {
    const missing = randomUUID();
    const missingRoutes = routes(kind, missing);
    for (const [i, [label, path, init]] of routes(kind, id).entries()) {
      const real = await answer(token, path, init);
      const [, missingPath, missingInit] = missingRoutes[i]!;
      const absent = await answer(token, missingPath, missingInit);
      // Bulk routes are authorized before the ids are read: who may share nothing gets the same 403 for any ids.
      assert.equal(real.status, label.includes('bulk') ? 403 : 404, `${label}: ${real.status} ${real.body}`);
      assert.equal(real.body, absent.body, `${label}: the body differs from a missing id's`);
      assert.equal(real.headers.get('content-type'), 'application/problem+json; charset=utf-8', label);
      for (const header of ['etag', 'content-disposition', 'content-range', 'location'])
        assert.equal(real.headers.get(header), null, `${label}: ${header}`);
      for (const leak of leaks) assert.ok(!real.body.includes(leak), `${label}: the body leaks ${leak}`);
    }
  }

  it('client B gets 404 for every route on client A attachments (shared, hidden, confidential)', async () => {
    for (const item of [shared, hidden, confidential])
      await assertIndistinguishable('demo-client-b', 'attachment', item.id, [item.name, item.checksum, `"size"`, String(item.size)]);
  });

  it('client A gets 404 for its own hidden attachment on every route', async () => {
    await assertIndistinguishable('demo-client-a', 'attachment', hidden.id, [hidden.name, `"size"`]);
  });

  it('a tech without the confidential grant gets 404 for a confidential attachment and note', async () => {
    await assertIndistinguishable('demo-tech', 'attachment', confidential.id, [confidential.name, `"size"`]);
    await assertIndistinguishable('demo-tech', 'note', confidentialNote.id, ['SECRET']);
  });

  it('client B gets 404 for client A notes on every route', async () => {
    await assertIndistinguishable('demo-client-b', 'note', note.id, ['SECRET']);
    await assertIndistinguishable('demo-client-b', 'note', confidentialNote.id, ['SECRET']);
  });

  it("client B gets 404 for client A's record on list, upload and note routes, like an unknown record", async () => {
    const record = (id: string): [string, string, RequestInit?][] => {
      const form = new FormData();
      form.append('file', new Blob(['hello']), 'probe.txt');
      return [
        ['list attachments', `/api/records/job/${id}/attachments`],
        ['upload', `/api/records/job/${id}/attachments`, { method: 'POST', body: form }],
        ['list notes', `/api/records/job/${id}/notes`],
        ['create note', `/api/records/job/${id}/notes`, { method: 'POST', headers: json, body: JSON.stringify({ body: 'probe' }) }],
      ];
    };
    const unknown = record('J-404404');
    for (const [i, [label, path, init]] of record('J-1001').entries()) {
      const real = await answer('demo-client-b', path, init);
      const absent = await answer('demo-client-b', unknown[i]![1], unknown[i]![2]);
      assert.equal(real.status, 404, label);
      assert.equal(real.body, absent.body, label);
      assert.ok(!real.body.includes('SECRET') && !real.body.includes(secretName), label);
    }
  });

  it('a bulk update mixing own and foreign ids changes nothing (a client may not bulk-update at all: 403)', async () => {
    const own = await server.backend('demo-admin').listAttachments({ type: 'job', id: 'J-2001' });
    const mixed = await answer('demo-client-b', '/api/attachments/bulk', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ids: [own[0]!.id, shared.id], set: { portal: 'hidden' } }),
    });
    assert.equal(mixed.status, 403);
    assert.equal(JSON.parse(mixed.body).code, 'client.notAllowed');
    assert.equal((await server.backend('demo-admin').getAttachment(shared.id)).portal, 'viewable');
  });

  it('nothing was changed by the attempts', async () => {
    const admin = server.backend('demo-admin');
    assert.deepEqual(await admin.getAttachment(shared.id), shared);
    assert.deepEqual(await admin.getAttachment(hidden.id), hidden);
    assert.deepEqual(await admin.getAttachment(confidential.id), confidential);
    assert.equal(
      (await admin.listNotes({ type: 'job', id: 'J-1001' })).filter((n) => n.id === note.id || n.id === confidentialNote.id).length,
      2,
    );
  });
});
