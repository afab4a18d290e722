/**
 * `npm run bench:upload` (a benchmark, not a test): uploads a 200 MB file to
 * the reference server through the SDK's HTTP backend (axios, Node) and with
 * `curl -F` to the same route in the same run, and prints the throughput of
 * both, their ratio, and the server's peak RSS growth during each.
 *
 * The server runs in a child process (this file with `--serve`) so its memory
 * is measured alone: /proc/<pid>/status VmHWM, reset before each upload
 * through /proc/<pid>/clear_refs.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { adminUser, createHttpBackend } from '@attachkit/sdk';
import { createBearerAuthenticator, createServer } from '../src/index.js';

const megabytes = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const rounds = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 2);
const token = 'bench-admin';
const job = { type: 'job', id: 'BENCH-1' };

async function serve(dataDir: string): Promise<void> {
  const admin = adminUser(undefined, 'u-bench', 'Bench Admin');
  const app = await createServer({
    dataDir,
    authenticate: createBearerAuthenticator({ [token]: { principal: admin, level: 'web' } }),
    limits: { maxBytes: (megabytes + 10) * 1024 * 1024 },
  });
  await app.attachkit.store.putUser(admin, []);
  await app.attachkit.records.put({ ...job, clientId: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

async function statusOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => {}); // 5: reset the peak RSS (Linux)
}

const mb = (bytes: number) => bytes / (1024 * 1024);

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'attachkit-bench-data-'));
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-file-'));
  const child = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--serve', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
    });
    const { port } = JSON.parse(first) as { port: number };
    const baseURL = `http://127.0.0.1:${port}`;
    const url = `${baseURL}/api/records/${job.type}/${job.id}/attachments`;

    console.log(`attachkit upload bench: ${megabytes} MB, ${rounds} round(s) each, server pid ${child.pid}`);
    const bytes = randomBytes(megabytes * 1024 * 1024);
    const file = join(scratch, 'bench.bin');
    await writeFile(file, bytes);
    const blob = new Blob([bytes]);
    const backend = createHttpBackend({ baseURL, getToken: () => token });
    await backend.uploadAttachment(job, { name: 'warm-up.bin', data: new Blob([bytes.subarray(0, 1024 * 1024)]) });

    const results: Record<'sdk' | 'curl', { seconds: number[]; peakGrowth: number[] }> = { sdk: { seconds: [], peakGrowth: [] }, curl: { seconds: [], peakGrowth: [] } };
    const measure = async (kind: 'sdk' | 'curl', run: () => Promise<void>) => {
      await resetPeak(child.pid!);
      const before = await statusOf(child.pid!);
      const start = process.hrtime.bigint();
      await run();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const after = await statusOf(child.pid!);
      results[kind].seconds.push(seconds);
      results[kind].peakGrowth.push(Math.max(0, after.peak - before.rss));
    };
    for (let round = 0; round < rounds; round++) {
      await measure('curl', async () => {
        const { stdout } = await promisify(execFile)('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${token}`, '-F', `file=@${file};filename=curl-${round}.bin`, url], { maxBuffer: 1024 * 1024 });
        if (stdout.trim() !== '201') throw new Error(`curl upload answered ${stdout}`);
      });
      await measure('sdk', async () => {
        const attachment = await backend.uploadAttachment(job, { name: `sdk-${round}.bin`, data: blob });
        if (attachment.size !== bytes.length) throw new Error('size mismatch');
      });
    }

    const best = (kind: 'sdk' | 'curl') => Math.min(...results[kind].seconds);
    const rate = (kind: 'sdk' | 'curl') => megabytes / best(kind);
    const peak = (kind: 'sdk' | 'curl') => Math.max(...results[kind].peakGrowth);
    const line = (label: string, kind: 'sdk' | 'curl') =>
      `${label.padEnd(28)} ${rate(kind).toFixed(1).padStart(8)} MB/s  (best of ${rounds}: ${best(kind).toFixed(2)} s)   server peak RSS growth ${mb(peak(kind)).toFixed(1).padStart(6)} MB`;
    console.log(line('HTTP backend (axios, Node)', 'sdk'));
    console.log(line('curl -F (baseline)', 'curl'));
    console.log(`ratio HTTP backend / curl: ${(rate('sdk') / rate('curl')).toFixed(2)}`);
    console.log(`server peak RSS growth during an upload: ${mb(Math.max(peak('sdk'), peak('curl'))).toFixed(1)} MB for a ${megabytes} MB file (streaming: it should stay far below the file size)`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]!);
else await main();
