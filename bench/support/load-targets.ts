/**
 * Child process of the server-load benchmark: starts the reference server
 * (SQLite in a temp dir; PostgreSQL when BENCH_METADATA is a postgres:// URL,
 * with the per-process read cache when BENCH_READ_CACHE=1; BENCH_READ_CACHE=0 turns
 * SQLite's off; BENCH_POOL sets the PostgreSQL pool size) with one record of
 * 100 attachments, and a bare Fastify route returning the same JSON, then
 * prints both URLs as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { adminUser, type Attachment } from '@attachkit/sdk';
import { createBearerAuthenticator, createServer } from '@attachkit/server';

const admin = adminUser(undefined, 'u-admin', 'Admin');
const dataDir = mkdtempSync(join(tmpdir(), 'attachkit-load-'));
const app = await createServer({
  dataDir,
  metadata: process.env.BENCH_METADATA || undefined,
  postgresPoolSize: process.env.BENCH_POOL ? Number(process.env.BENCH_POOL) : undefined,
  readCache: process.env.BENCH_READ_CACHE === undefined ? undefined : process.env.BENCH_READ_CACHE === '1',
  authenticate: createBearerAuthenticator({ 'bench-admin': { principal: admin, level: 'web' } }),
  resolveRecord: (record) => (record.type === 'job' && record.id === 'J-100' ? { clientId: 'client-a' } : null),
});
const { store } = app.attachkit;
await store.putUser(admin, []);
for (let i = 0; i < 100; i++) {
  const attachment: Attachment = {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    record: { type: 'job', id: 'J-100' },
    clientId: 'client-a',
    name: `photo-${i}.jpg`,
    size: 100_000 + i,
    mimeType: 'image/jpeg',
    checksum: i.toString(16).padStart(64, '0'),
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    createdBy: admin.id,
    portal: i % 2 ? 'viewable' : 'hidden',
    confidential: i % 5 === 0,
    revision: 1,
  };
  await store.insertAttachment(attachment, []);
}
await app.listen({ port: 0, host: '127.0.0.1' });
const ours = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/records/job/J-100/attachments`;
const body = await (await fetch(ours, { headers: { authorization: 'Bearer bench-admin' } })).text();

// The baseline serialises the same objects on every request, as any JSON route does.
const items = JSON.parse(body) as Attachment[];
const bare = Fastify();
bare.get('/list', async () => items);
await bare.listen({ port: 0, host: '127.0.0.1' });
const baseline = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/list`;

process.stdout.write(`${JSON.stringify({ ours, baseline, bytes: body.length })}\n`);
const stop = async () => {
  await Promise.all([app.close(), bare.close()]);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
