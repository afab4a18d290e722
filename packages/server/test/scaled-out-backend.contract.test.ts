/** The backend contract over HTTP against the scaled-out stack: metadata on PostgreSQL, content on S3. */
import { after, before } from 'node:test';
import { backendContract } from '../../sdk/test/contract/backend-contract.js';
import { contractServerWorld } from './support/contract-world.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import { startS3, type TestS3 } from './support/s3.js';

let postgres: TestPostgres;
let s3: TestS3;
before(async () => {
  [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
});
after(async () => {
  await Promise.all([postgres?.stop(), s3?.stop()]);
});

backendContract('http + reference server on PostgreSQL and S3', async () =>
  contractServerWorld({
    metadata: await postgres.createDatabase('contract'),
    blobs: s3.blobsUrl(await s3.createBucket('contract'), 'attachkit'),
  }),
);
