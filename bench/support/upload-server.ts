/**
 * Child process of the upload benchmark: the reference server (SQLite and
 * blobs in the data dir given as argv[2], on the same disk as the files
 * uploaded) with one record and an admin token, listening on loopback. It
 * prints {"port"} once ready. With BENCH_BLOBS (an s3:// URL) the content goes
 * to that bucket instead. Running it apart lets the bench read its RSS
 * and CPU time from /proc alone.
 */
import { adminUser } from '@attachkit/sdk';
import { createBearerAuthenticator, createServer } from '@attachkit/server';

export const uploadBenchToken = 'bench-admin';
export const uploadBenchRecord = { type: 'job', id: 'BENCH-1' } as const;

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: upload-server.ts <dataDir> <maxMegabytes>');
const maxMegabytes = Number(process.argv[3] ?? 2048);
const admin = adminUser(undefined, 'u-bench', 'Bench Admin');
const app = await createServer({
  dataDir,
  blobs: process.env.BENCH_BLOBS || undefined,
  authenticate: createBearerAuthenticator({ [uploadBenchToken]: { principal: admin, level: 'web' } }),
  limits: { maxBytes: maxMegabytes * 1024 * 1024 },
  // A 1 GB upload on a busy shared machine can take longer than the default 120 s; the bench measures speed, not deadlines.
  requestTimeout: 0,
});
await app.attachkit.store.putUser(admin, []);
await app.attachkit.records.put({ ...uploadBenchRecord, clientId: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
