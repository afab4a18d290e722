/**
 * Concurrency: writers racing on the same revision — exactly one wins, the
 * others get 412 and change nothing (no lost updates), over real HTTP and SQLite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Attachment } from '@attachkit/sdk';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';

describe('concurrency', () => {
  let server: TestServer;
  before(async () => {
    server = await startAdminWorld();
  });
  after(() => server.close());

  const patch = (id: string, revision: number, body: object) =>
    server.fetch(`/api/attachments/${id}`, 'admin', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${revision}"` },
      body: JSON.stringify(body),
    });

  it('two PATCHes with the same revision: one 200, one 412, and the winner’s change stays', async () => {
    const attachment = await server
      .backend('admin')
      .uploadAttachment({ type: 'job', id: 'J-1001' }, { name: 'a.txt', data: new Blob(['a']) });
    const [first, second] = await Promise.all([
      patch(attachment.id, 1, { portal: 'viewable' }),
      patch(attachment.id, 1, { confidential: true }),
    ]);
    const statuses = [first.status, second.status].sort();
    assert.deepEqual(statuses, [200, 412]);
    const winner = first.status === 200 ? first : second;
    const loser = first.status === 200 ? second : first;
    const won = (await winner.json()) as Attachment;
    const problem = (await loser.json()) as { code: string };
    assert.equal(problem.code, 'revision.stale');
    assert.equal(winner.headers.get('etag'), '"2"');
    const now = await server.backend('admin').getAttachment(attachment.id);
    assert.equal(now.revision, 2);
    assert.equal(now.portal, won.portal);
    assert.equal(now.confidential, won.confidential);
    assert.ok((now.portal === 'viewable') !== now.confidential, 'exactly one of the two changes was applied');
  });

  it('ten racing PATCHes with the same revision: exactly one wins', async () => {
    const attachment = await server
      .backend('admin')
      .uploadAttachment({ type: 'job', id: 'J-1001' }, { name: 'b.txt', data: new Blob(['b']) });
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => patch(attachment.id, 1, { name: `name-${i}.txt` })));
    const statuses = responses.map((r) => r.status);
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    assert.equal(statuses.filter((s) => s === 200).length, 1);
    assert.equal(statuses.filter((s) => s === 412).length, 9);
    assert.equal((await server.backend('admin').getAttachment(attachment.id)).revision, 2);
  });

  it('a stale If-Match on delete is a 412 and the attachment stays; a malformed one is a 400', async () => {
    const attachment = await server
      .backend('admin')
      .uploadAttachment({ type: 'job', id: 'J-1001' }, { name: 'c.txt', data: new Blob(['c']) });
    await patch(attachment.id, 1, { portal: 'viewable' }).then((r) => r.arrayBuffer());
    const stale = await server.fetch(`/api/attachments/${attachment.id}`, 'admin', { method: 'DELETE', headers: { 'If-Match': '"1"' } });
    assert.equal(stale.status, 412);
    const malformed = await server.fetch(`/api/attachments/${attachment.id}`, 'admin', {
      method: 'DELETE',
      headers: { 'If-Match': 'yesterday' },
    });
    assert.equal(malformed.status, 400);
    assert.equal((await server.backend('admin').getAttachment(attachment.id)).revision, 2);
    const current = await server.fetch(`/api/attachments/${attachment.id}`, 'admin', { method: 'DELETE', headers: { 'If-Match': '"2"' } });
    assert.equal(current.status, 204);
  });

  it('racing bulk updates are all or nothing: one wins, the other changes no item', async () => {
    const backend = server.backend('admin');
    const items = await Promise.all(
      ['d', 'e', 'f'].map((n) => backend.uploadAttachment({ type: 'job', id: 'J-1001' }, { name: `${n}.txt`, data: new Blob([n]) })),
    );
    const ids = items.map((i) => i.id);
    const bulk = (set: object) =>
      server.fetch('/api/attachments/bulk', 'admin', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids, set }),
      });
    const results = await Promise.all([
      bulk({ portal: 'viewable' }),
      bulk({ confidential: true }),
      bulk({ portal: 'viewable', confidential: true }),
    ]);
    await Promise.all(results.map((r) => r.arrayBuffer()));
    assert.ok(results.every((r) => r.status === 200 || r.status === 412));
    const after = await Promise.all(ids.map((id) => backend.getAttachment(id)));
    // Every item carries the same revision: each successful bulk touched all three, a failed one none.
    assert.equal(new Set(after.map((a) => a.revision)).size, 1);
    assert.equal(after[0]!.revision, 1 + results.filter((r) => r.status === 200).length);
  });
});
