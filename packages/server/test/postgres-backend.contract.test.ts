/** The backend contract over HTTP against a reference server whose metadata is on PostgreSQL. */
import { after, before } from 'node:test';
import { backendContract } from '../../sdk/test/contract/backend-contract.js';
import { contractServerWorld } from './support/contract-world.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

let postgres: TestPostgres;
before(async () => {
  postgres = await startPostgres();
});
after(() => postgres?.stop());

backendContract('http + reference server on PostgreSQL', async () => contractServerWorld({ metadata: await postgres.createDatabase('contract') }));
