/**
 * Reads on PostgreSQL that a request asks for at once travel in one
 * statement (storage/postgres-reads.ts): a list request is one round trip,
 * answers exactly as the reads one by one, sees every change committed
 * before it, and a read PostgreSQL refuses fails alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminUser, type Attachment } from '@attachkit/sdk';
import { createAttachKitService, type MetadataStore } from '@attachkit/sdk/server';
import type pg from 'pg';
import { openPostgres, type PostgresDatabase } from '../src/storage/postgres-database.js';
import { createPostgresMetadataStore } from '../src/storage/postgres-metadata-store.js';
import { createPostgresReads } from '../src/storage/postgres-reads.js';
import { createPostgresRecordDirectory } from '../src/storage/postgres-record-directory.js';
import type { RecordDirectory } from '../src/storage/record-directory.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

const job = { type: 'job', id: 'J-7' };
const admin = adminUser(undefined, 'u-admin', 'Admin');

const attachment = (i: number): Attachment => ({
  id: `a-${i}`,
  record: job,
  clientId: 'client-a',
  name: `photo-${i}.jpg`,
  size: 3_000_000_000 + i,
  mimeType: 'image/jpeg',
  checksum: String(i).padStart(64, '0'),
  createdAt: `2026-01-0${3 - i}T00:00:00.000Z`,
  createdBy: admin.id,
  portal: i % 2 ? 'viewable' : 'hidden',
  confidential: i === 0,
  revision: 1,
  ...(i === 1 ? { capturedAt: '2025-12-24T10:00:00.000Z' } : {}),
});

describe('PostgreSQL reads asked for together', () => {
  let postgres: TestPostgres;
  let database: PostgresDatabase;
  let statements: string[];
  let store: MetadataStore;
  let records: RecordDirectory;

  before(async () => {
    postgres = await startPostgres();
    database = await openPostgres(await postgres.createDatabase('reads'));
    statements = [];
    // Counts what reaches the real pool; the statements themselves run on PostgreSQL.
    const counted = {
      query: ((config: pg.QueryConfig) => {
        statements.push(config.text);
        return database.pool.query(config);
      }) as pg.Pool['query'],
    };
    const reads = createPostgresReads(counted);
    store = createPostgresMetadataStore(database.pool, reads);
    records = createPostgresRecordDirectory(database.pool, reads);
    await store.putUser(admin, []);
    for (const i of [0, 1, 2]) await store.insertAttachment(attachment(i), []);
    await records.put({ ...job, clientId: 'client-a' });
  });
  after(async () => {
    await database?.close();
    await postgres?.stop();
  });

  it('answers reads asked for at once with one statement, exactly as one by one', async () => {
    statements.length = 0;
    const together = await Promise.all([
      store.getPortalSettings(),
      store.getUser(admin.id),
      store.listAttachments(job),
      store.getAttachments(['a-2', 'missing', 'a-0']),
      store.listNotes(job),
      records.get(job),
      records.get({ type: 'job', id: 'unknown' }),
      store.getUser('nobody'),
    ]);
    assert.equal(statements.length, 1, 'one statement');
    const alone = [
      await store.getPortalSettings(),
      await store.getUser(admin.id),
      await store.listAttachments(job),
      await store.getAttachments(['a-2', 'missing', 'a-0']),
      await store.listNotes(job),
      await records.get(job),
      await records.get({ type: 'job', id: 'unknown' }),
      await store.getUser('nobody'),
    ];
    assert.equal(statements.length, 1 + alone.length, 'one statement each');
    assert.deepEqual(together, alone);
    const [, user, list, picked, notes, owner, unknown, nobody] = together;
    assert.deepEqual(user, admin);
    assert.deepEqual(list, [attachment(2), attachment(1), attachment(0)], 'oldest first, every field as written');
    assert.deepEqual(picked, [attachment(2), attachment(0)], 'in the order asked, missing ones skipped');
    assert.deepEqual(notes, []);
    assert.deepEqual(owner, { clientId: 'client-a' });
    assert.equal(unknown, null);
    assert.equal(nobody, null);
  });

  it('makes a list request one round trip, and sees a revocation committed just before it', async () => {
    const service = createAttachKitService({ store, resolveRecord: (record) => records.get(record) });
    const session = { principal: admin, level: 'web' as const };
    statements.length = 0;
    assert.equal((await service.listAttachments(session, job)).length, 3);
    assert.equal(statements.length, 1, 'the caller, the portal settings, the owner and the list in one statement');

    await store.putUser({ ...admin, grants: { web: [] } }, []);
    statements.length = 0;
    const revoked = await service.listAttachments(session, job);
    assert.equal(statements.length, 1);
    assert.ok(revoked.length < 3, 'the revocation holds on the very next request');
    await store.putUser(admin, []);
  });

  it('fails only the read PostgreSQL refuses, not those it travelled with', async () => {
    const [bad, good] = await Promise.allSettled([store.getUser('nul\u0000byte'), store.listAttachments(job)]);
    assert.equal(bad.status, 'rejected');
    assert.equal(good.status, 'fulfilled');
    assert.equal(good.value.length, 3);
  });
});
