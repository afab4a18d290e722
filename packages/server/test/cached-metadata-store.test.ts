import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPortalSettings, type Attachment } from '@attachkit/sdk';
import { createMemoryMetadataStore, type MetadataStore } from '@attachkit/sdk/server';
import { withReadCache } from '../src/storage/cached-metadata-store.js';

const record = { type: 'job', id: 'J-1' };
const item = (id: string, overrides: Partial<Attachment> = {}): Attachment => ({
  id,
  record,
  clientId: 'c',
  name: `${id}.pdf`,
  size: 1,
  mimeType: 'application/pdf',
  checksum: '0'.repeat(64),
  createdAt: `2026-01-01T00:00:0${id.length}.000Z`,
  createdBy: 'u',
  portal: 'hidden',
  confidential: false,
  revision: 1,
  ...overrides,
});

function counting() {
  const inner = createMemoryMetadataStore({ portal: { settings: defaultPortalSettings, apps: [], paymentMethods: [] } });
  const calls = { list: 0 };
  const store: MetadataStore = { ...inner, listAttachments: (r) => (calls.list++, inner.listAttachments(r)) };
  return { inner: store, calls };
}

describe('read cache', () => {
  it('serves repeated list reads from memory, frozen', async () => {
    const { inner, calls } = counting();
    const cached = withReadCache(inner);
    await cached.insertAttachment(item('a'), []);
    const first = await cached.listAttachments(record);
    const second = await cached.listAttachments(record);
    assert.equal(calls.list, 1);
    assert.equal(first, second);
    assert.ok(Object.isFrozen(first[0]) && Object.isFrozen(first[0]!.record));
  });

  it('forgets what a write touched: insert, replace, delete', async () => {
    const { inner } = counting();
    const cached = withReadCache(inner);
    await cached.insertAttachment(item('a'), []);
    assert.equal((await cached.listAttachments(record)).length, 1);
    await cached.insertAttachment(item('b'), []);
    assert.equal((await cached.listAttachments(record)).length, 2);
    assert.equal(await cached.replaceAttachments([item('a', { portal: 'viewable', revision: 2 })], new Map([['a', 1]]), []), true);
    assert.equal((await cached.listAttachments(record)).find((x) => x.id === 'a')?.portal, 'viewable');
    assert.equal(await cached.deleteAttachment('b', 1, []), true);
    assert.deepEqual(
      (await cached.listAttachments(record)).map((x) => x.id),
      ['a'],
    );
  });

  it('does not cache a read that raced a write', async () => {
    const { inner } = counting();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: MetadataStore = {
      ...inner,
      listAttachments: async (r) => {
        const items = await inner.listAttachments(r); // read before the write…
        await gate; // …returned after it
        return items;
      },
    };
    const cached = withReadCache(slow);
    const racing = cached.listAttachments(record);
    await cached.insertAttachment(item('a'), []);
    release();
    assert.deepEqual(await racing, [], 'the racing read saw the old state');
    const fresh = withReadCache(inner);
    assert.equal((await fresh.listAttachments(record)).length, 1);
    // The next read through the same cache must not be the stale empty list.
    const after = cached.listAttachments(record);
    assert.equal((await after).length, 1);
  });

  it('caches users and portal settings until they are written', async () => {
    const { inner } = counting();
    const cached = withReadCache(inner);
    assert.equal(await cached.getUser('u'), null);
    await cached.putUser({ kind: 'staff', id: 'u', name: 'U', grants: { web: ['attachments.view'] } }, []);
    assert.deepEqual((await cached.getUser('u'))?.grants, { web: ['attachments.view'] });
    const before = await cached.getPortalSettings();
    await cached.putPortalSettings({ ...before, settings: { ...before.settings, viewProfile: false } }, []);
    assert.equal((await cached.getPortalSettings()).settings.viewProfile, false);
  });
});
