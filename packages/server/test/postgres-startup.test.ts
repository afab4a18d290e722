/** Starting on PostgreSQL: migrations and the demo seed run once however many processes start together; clear errors. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDemoServer } from '../src/index.js';
import { openPostgres, postgresSchemaVersion } from '../src/storage/postgres-database.js';
import { parseMetadataUrl } from '../src/storage/open-storage.js';
import { freePort, startPostgres, type TestPostgres } from './support/postgres.js';

describe('PostgreSQL start-up', () => {
  let postgres: TestPostgres;
  before(async () => {
    postgres = await startPostgres();
  });
  after(() => postgres?.stop());

  async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  it('migrates once when several processes open a fresh database at the same moment', async () => {
    const url = await postgres.createDatabase('migrate');
    const databases = await Promise.all(Array.from({ length: 6 }, () => openPostgres(url, { poolSize: 2 })));
    await Promise.all(databases.map((d) => d.close()));
    const rows = await query<{ version: number }>(url, 'SELECT version FROM attachkit_migrations ORDER BY version');
    assert.deepEqual(
      rows.map((r) => r.version),
      Array.from({ length: postgresSchemaVersion }, (_, i) => i + 1),
    );
  });

  it('refuses a database written by a newer server', async () => {
    const url = await postgres.createDatabase('newer');
    await (await openPostgres(url)).close();
    await query(url, `INSERT INTO attachkit_migrations (version) VALUES (${postgresSchemaVersion + 5})`);
    await assert.rejects(openPostgres(url), /has schema version \d+; this server knows up to/);
  });

  it('says which database it cannot reach, without the password', async () => {
    const url = `postgres://postgres:secret@127.0.0.1:${await freePort()}/nowhere`;
    await assert.rejects(openPostgres(url), (error: Error) => {
      assert.match(error.message, /^Cannot reach the metadata database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/nowhere: /);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
  });

  it('refuses a metadata URL that is not postgres://', () => {
    assert.throws(() => parseMetadataUrl('mysql://db/attachkit'), /scheme mysql: expected postgres:\/\//);
    assert.throws(() => parseMetadataUrl('not a url'), /not a URL/);
  });

  it('seeds the demo exactly once when several servers start on one database at the same moment', async () => {
    const url = await postgres.createDatabase('seed');
    await (await openPostgres(url)).close(); // migrated already, so the servers race straight to the seed
    const dirs = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), 'attachkit-seed-'))));
    const servers = await Promise.all(dirs.map((dataDir) => createDemoServer({ dataDir, metadata: url })));
    try {
      const { store } = servers[0]!.attachkit;
      assert.equal((await store.listUsers()).length, 3);
      const [attachments] = await query<{ count: string }>(url, 'SELECT count(*) AS count FROM attachments');
      assert.equal(Number(attachments!.count), 13, 'the thirteen demo files, once');
      const notes = await query<{ count: string }>(url, 'SELECT count(*) AS count FROM notes');
      assert.equal(Number(notes[0]!.count), 6);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    }
  });
});
