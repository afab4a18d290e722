/**
 * Upload throughput on loopback: a 200 MB and a 1 GB file through the
 * reference server, sent from disk by `@attachkit/sdk/node` (`uploadFile`,
 * streamed by axios — the budget rows), by the SDK's HTTP backend in Node
 * (the file read into a Blob beforehand, as the bytes of a browser upload or
 * a generated document would be; reported) and by `curl -F` to the same
 * route, alternately in the same run. The 200 MB file is also sent from a file-backed Blob
 * (`fs.openAsBlob`), reported only: Node's reading of such Blobs costs more
 * CPU than all the rest of the client (see docs/benchmarks.md). Also the server's peak RSS
 * growth during each upload (/proc/<pid>/status VmHWM, reset through
 * /proc/<pid>/clear_refs before each one), and the CPU time the server and
 * each client spend per upload, which says where the time goes when the two
 * cores are shared.
 *
 * Environment: BENCH_UPLOAD_SIZES (MB, comma-separated; "200,1024"),
 * BENCH_UPLOAD_ROUNDS (3), BENCH_UPLOAD_STAGES=0 to skip the per-stage figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createHttpBackend } from '@attachkit/sdk';
import { createNodeUploads } from '@attachkit/sdk/node';
import { prng, summarize, type BenchRow, type Sample } from './stats.js';
import { curlUpload } from './support/curl.js';
import { nodePipeUpload } from './support/node-pipe-upload.js';
import { measureServerStages } from './support/upload-stages.js';

const token = 'bench-admin';
const record = { type: 'job', id: 'BENCH-1' };
const sizes = (process.env.BENCH_UPLOAD_SIZES ?? '200,1024').split(',').map(Number);
const rounds = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 3);
const MB = 1024 * 1024;

/** Writes `megabytes` of seeded pseudo-random bytes (the same file every run). */
export async function writeSeededFile(path: string, megabytes: number, seed: number): Promise<void> {
  const random = prng(seed);
  const block = Buffer.alloc(MB);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
  const out = createWriteStream(path);
  for (let i = 0; i < megabytes; i++) {
    const chunk = Buffer.from(block);
    chunk.writeUInt32LE(i, 0); // no two megabytes alike
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function procStat(pid: number): Promise<{ rss: number; peak: number; cpuMs: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 Hz on Linux)
  return { rss: kb('VmRSS'), peak: kb('VmHWM'), cpuMs: ticks * 10 };
}

/** CPU time of this process and of its waited-for children (curl), in ms. */
async function ownCpuMs(): Promise<{ self: number; children: number }> {
  const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' ');
  return { self: (Number(fields[11]) + Number(fields[12])) * 10, children: (Number(fields[13]) + Number(fields[14])) * 10 };
}

/** The reference server of bench/support/upload-server.ts in a child process (its RSS and CPU read from /proc). */
export async function startServer(dataDir: string, maxMegabytes: number): Promise<{ child: ChildProcess; baseURL: string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      new URL('./support/upload-server.ts', import.meta.url).pathname,
      dataDir,
      String(maxMegabytes),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the upload server exited (${code})`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return { child, baseURL: `http://127.0.0.1:${port}` };
}

type Client = 'node' | 'sdk' | 'curl' | 'sdkFile' | 'nodePipe';
interface Upload {
  seconds: number;
  peakGrowth: number;
  serverCpuMs: number;
  clientCpuMs: number;
}

export async function runUploadBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-upload-'));
  const dataDir = join(scratch, 'data');
  const { child, baseURL } = await startServer(dataDir, Math.max(...sizes) + 16);
  const pid = child.pid!;
  const url = `${baseURL}/api/records/${record.type}/${record.id}/attachments`;
  const backend = createHttpBackend({ baseURL, getToken: () => token });
  const nodeUploads = createNodeUploads({ baseURL, getToken: () => token });
  const results = new Map<number, Record<Client, Upload[]>>();
  let inMemory: { file: string; blob: Blob } | undefined;
  const blobOf = async (file: string) => {
    if (inMemory?.file !== file) inMemory = { file, blob: new Blob([await readFile(file)]) };
    return inMemory.blob;
  };
  const details: string[] = [];
  try {
    const send: Record<Client, (file: string, name: string, size: number) => Promise<void>> = {
      async node(file, name, size) {
        const attachment = await nodeUploads.uploadFile(record, file, { name });
        if (attachment.size !== size) throw new Error(`Node upload stored ${attachment.size} bytes, not ${size}`);
      },
      async sdk(file, name, size) {
        const attachment = await backend.uploadAttachment(record, { name, data: await blobOf(file) });
        if (attachment.size !== size) throw new Error(`HTTP backend upload stored ${attachment.size} bytes, not ${size}`);
      },
      async sdkFile(file, name, size) {
        const data = await openAsBlob(file);
        const attachment = await backend.uploadAttachment(record, { name, data });
        if (attachment.size !== size) throw new Error(`HTTP backend upload stored ${attachment.size} bytes, not ${size}`);
      },
      curl: (file, name) => curlUpload(url, token, file, name),
      nodePipe: (file, name) => nodePipeUpload(url, token, file, name),
    };
    const measure = async (client: Client, file: string, name: string, size: number): Promise<Upload> => {
      if (client === 'sdk') await blobOf(file); // read before the clock starts, as curl's file is in the page cache
      await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => {}); // 5: reset the peak RSS (Linux)
      const before = await procStat(pid);
      const cpuBefore = await ownCpuMs();
      const start = process.hrtime.bigint();
      await send[client](file, name, size);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const after = await procStat(pid);
      const cpuAfter = await ownCpuMs();
      const clientCpuMs = client === 'curl' ? cpuAfter.children - cpuBefore.children : cpuAfter.self - cpuBefore.self;
      return { seconds, peakGrowth: Math.max(0, after.peak - before.rss), serverCpuMs: after.cpuMs - before.cpuMs, clientCpuMs };
    };

    // Warm-up: JIT, connection, SQLite, both clients.
    const warmFile = join(scratch, 'warm-up.bin');
    await writeSeededFile(warmFile, 8, 7);
    for (const client of ['node', 'sdk', 'curl', 'sdkFile', 'nodePipe'] as const)
      await measure(client, warmFile, `warm-up-${client}.bin`, 8 * MB);

    for (const megabytes of sizes) {
      const file = join(scratch, `upload-${megabytes}.bin`);
      await writeSeededFile(file, megabytes, 20261125 + megabytes);
      const byClient: Record<Client, Upload[]> = { node: [], sdk: [], curl: [], sdkFile: [], nodePipe: [] };
      for (let round = 0; round < rounds; round++) {
        // Alternate the order so none always follows another's disk writes.
        const order: Client[] = round % 2 ? ['node', 'nodePipe', 'sdk', 'curl'] : ['curl', 'sdk', 'nodePipe', 'node'];
        if (megabytes === Math.min(...sizes)) order.push('sdkFile');
        for (const client of order)
          byClient[client].push(await measure(client, file, `${client}-${megabytes}-${round}.bin`, megabytes * MB));
      }
      results.set(megabytes, byClient);
      inMemory = undefined;
      await rm(file, { force: true });
      await rm(join(dataDir, 'blobs'), { recursive: true, force: true }); // the stored copies: gigabytes we no longer need
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => {});
    await rm(scratch, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  const rate = (megabytes: number, uploads: Upload[]): Sample => summarize(uploads.map((u) => megabytes / u.seconds));
  const label = (megabytes: number) => (megabytes >= 1024 ? `${megabytes / 1024} GB` : `${megabytes} MB`);
  details.push(`Upload throughput (loopback, ${rounds} alternating rounds per size after a warm-up; CPU ms per upload, medians):`);
  for (const [megabytes, byClient] of results) {
    const sizeId = megabytes >= 1024 ? `${megabytes / 1024}GB` : `${megabytes}MB`;
    const curl = rate(megabytes, byClient.curl);
    const ours = rate(megabytes, byClient.node);
    rows.push({
      id: `upload.throughput${sizeId}`,
      name: `upload: ${label(megabytes)} from disk with @attachkit/sdk/node (uploadFile)`,
      unit: 'MB/s',
      ours,
      baseline: { name: 'curl -F, same route', sample: curl },
      ratio: ours.median / curl.median,
    });
    const pipe = rate(megabytes, byClient.nodePipe);
    rows.push({
      id: `upload.nodePipe${sizeId}`,
      name: `upload: ${label(megabytes)} from disk with bare node:http + fs stream (no library: Node's floor)`,
      unit: 'MB/s',
      ours: pipe,
      baseline: { name: 'curl -F, same route', sample: curl },
      ratio: pipe.median / curl.median,
    });
    const blob = rate(megabytes, byClient.sdk);
    rows.push({
      id: `upload.blob${sizeId}`,
      name: `upload: ${label(megabytes)} from an in-memory Blob through the HTTP backend (Node)`,
      unit: 'MB/s',
      ours: blob,
      baseline: { name: 'curl -F, same route', sample: curl },
      ratio: blob.median / curl.median,
    });
    if (byClient.sdkFile.length > 0) {
      const fromFile = rate(megabytes, byClient.sdkFile);
      rows.push({
        id: `upload.fileBlob${megabytes}MB`,
        name: `upload: ${label(megabytes)} through the HTTP backend from fs.openAsBlob`,
        unit: 'MB/s',
        ours: fromFile,
        baseline: { name: 'curl -F, same route', sample: curl },
        ratio: fromFile.median / curl.median,
      });
    }
    const clientLabel: Record<Client, string> = {
      node: 'sdk/node',
      nodePipe: 'node:http pipe',
      sdk: 'HTTP backend',
      curl: 'curl -F',
      sdkFile: 'openAsBlob',
    };
    for (const client of ['node', 'nodePipe', 'sdk', 'curl', 'sdkFile'] as const) {
      const uploads = byClient[client];
      if (uploads.length === 0) continue;
      const median = (pick: (u: Upload) => number) => summarize(uploads.map(pick)).median;
      details.push(
        `  ${label(megabytes).padEnd(7)} ${clientLabel[client].padEnd(13)} ${median((u) => megabytes / u.seconds)
          .toFixed(0)
          .padStart(5)} MB/s` +
          `   server CPU ${median((u) => u.serverCpuMs)
            .toFixed(0)
            .padStart(5)} ms   client CPU ${median((u) => u.clientCpuMs)
            .toFixed(0)
            .padStart(5)} ms` +
          `   server peak RSS growth ${(Math.max(...uploads.map((u) => u.peakGrowth)) / MB).toFixed(1).padStart(5)} MB (max)`,
      );
    }
    const growth = [...byClient.node, ...byClient.nodePipe, ...byClient.sdk, ...byClient.curl, ...byClient.sdkFile].map(
      (u) => u.peakGrowth / MB,
    );
    const worst = Math.max(...growth);
    rows.push({
      id: `upload.peakRssGrowth${megabytes >= 1024 ? `${megabytes / 1024}GB` : `${megabytes}MB`}`,
      name: `upload: server peak RSS growth during a ${label(megabytes)} upload (worst of ${growth.length})`,
      unit: 'MB',
      // The budget is on the worst upload, so the row's figure is the maximum.
      ours: { median: worst, min: Math.min(...growth), max: worst, spread: 0 },
    });
  }
  if (process.env.BENCH_UPLOAD_STAGES !== '0') details.push(await measureServerStages(200));
  return { rows, details: details.join('\n') };
}
