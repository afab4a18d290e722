/** The backend contract over HTTP against the scaled-out stack: metadata on PostgreSQL, content on S3. */
import { after, before } from 'node:test';
import { backendContract } from '../../sdk/test/contract/backend-contract.js';
import { contractServerWorld } from './support/contract-world.js';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';

let world: ScaledOutWorld;
before(async () => (world = await startScaledOutWorld()));
after(() => world?.stop());

backendContract('http + reference server on PostgreSQL and S3', async () => {
  const { metadata, blobs } = await world.storage('contract', { prefix: 'attachkit' });
  return contractServerWorld({ metadata, blobs });
});
