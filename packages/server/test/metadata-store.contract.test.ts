/** The SQLite and the PostgreSQL metadata stores pass the same store-level suite. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { openMetadata } from '../src/storage/open-storage.js';
import { metadataStoreContract } from './support/metadata-store-contract.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(() => postgres?.stop());

metadataStoreContract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'attachkit-store-'));
  const storage = await openMetadata(dir);
  return {
    ...storage,
    close: async () => {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

metadataStoreContract('PostgreSQL', async () => openMetadata('', await postgres.createDatabase('store')));
