/** The harness for the scaled-out suites starts real PostgreSQL and a real S3-protocol server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import type { TestPostgres } from './support/postgres.js';
import type { TestS3 } from './support/s3.js';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';

describe('real-parts harness', () => {
  let world: ScaledOutWorld;
  let postgres: TestPostgres;
  let s3: TestS3;
  before(async () => {
    world = await startScaledOutWorld();
    ({ postgres, s3 } = world);
  });
  after(() => world?.stop());

  it('gives each suite its own empty PostgreSQL database', async () => {
    const [first, second] = await Promise.all([postgres.createDatabase('one'), postgres.createDatabase('two')]);
    assert.notEqual(first, second);
    const client = new pg.Client({ connectionString: first });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (x int)');
      const { rows } = await client.query<{ version: string }>('SELECT version()');
      assert.match(rows[0]!.version, /^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: second });
    await other.connect();
    try {
      const { rowCount } = await other.query("SELECT 1 FROM pg_tables WHERE tablename = 't'");
      assert.equal(rowCount, 0);
    } finally {
      await other.end();
    }
  });

  it('gives each suite its own bucket on an S3-protocol server', async () => {
    const bucket = await s3.createBucket('harness');
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b', Body: 'hello' }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b' }));
    assert.equal(await got.Body!.transformToString(), 'hello');
    assert.deepEqual(await s3.keys(bucket), ['a/b']);
    assert.deepEqual(await s3.keys(await s3.createBucket('harness')), []);
  });

  it('gives each server under test a fresh database and bucket, and their URLs', async () => {
    const one = await world.storage('world', { prefix: 'ak', query: { partSize: String(6 * 1024 * 1024) } });
    const two = await world.storage('world');
    assert.notEqual(one.metadata, two.metadata);
    assert.notEqual(one.bucket, two.bucket);
    assert.equal(one.blobs, s3.blobsUrl(one.bucket, 'ak', { partSize: String(6 * 1024 * 1024) }));
    assert.deepEqual(await s3.keys(one.bucket), []);
    const client = new pg.Client({ connectionString: one.metadata });
    await client.connect();
    try {
      assert.equal((await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public'")).rowCount, 0, 'an empty database');
    } finally {
      await client.end();
    }
  });
});
