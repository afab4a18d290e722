/**
 * The scaled-out stack against the embedded one, in the same run:
 *  - the list route (100 attachments) on PostgreSQL vs SQLite: req/s and p99;
 *    and on PostgreSQL with the per-process read cache forced on, which is what
 *    a LISTEN/NOTIFY-invalidated cache could at best buy, beside the delivery
 *    latency of a NOTIFY (the window in which such a cache serves a revoked grant);
 *    and SQLite without its cache (the two stores alike, for reference); each
 *    round starts with another of the four;
 *  - a 200 MB upload with curl -F through the server to S3 vs a direct
 *    @aws-sdk/lib-storage upload of the same file to the same bucket;
 *  - the server's peak RSS growth during a 1 GB upload to S3.
 * PostgreSQL and s3rver come from the tests' harness (packages/server/test/support).
 *
 * Environment: BENCH_SCALEOUT_ROUNDS (3; the list runs at least 5), BENCH_SCALEOUT_BIG_MB (1024).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import autocannon from 'autocannon';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../packages/server/test/support/postgres.js';
import { s3TestCredentials, s3TestEnv } from '../packages/server/test/support/s3.js';
import { summarize, type BenchRow, type Sample } from './stats.js';
import { procStat, writeSeededFile } from './upload.bench.js';
import { startChild as child, stopChild as stop } from './support/child-process.js';
import { curlUpload } from './support/curl.js';

const rounds = Number(process.env.BENCH_SCALEOUT_ROUNDS ?? 3);
/** The list runs are short and their p99 noisy on a shared machine: at least 5 rounds. */
const listRounds = Math.max(rounds, 5);
const bigMegabytes = Number(process.env.BENCH_SCALEOUT_BIG_MB ?? 1024);
const MB = 1024 * 1024;
const partSize = 8 * MB; // the S3 blob store's default, used by both sides of the upload comparison
const queueSize = 4;

async function load(url: string, seconds: number): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers: { authorization: 'Bearer bench-admin' } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** Milliseconds from a NOTIFY's COMMIT until a LISTENing connection has it. */
async function notifyLatencies(url: string, samples: number): Promise<number[]> {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  try {
    await listener.query('LISTEN attachkit_bench');
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const received = new Promise<bigint>((resolve) => listener.once('notification', () => resolve(process.hrtime.bigint())));
      await sender.query('BEGIN');
      await sender.query(`NOTIFY attachkit_bench, '${i}'`);
      const committed = process.hrtime.bigint();
      await sender.query('COMMIT');
      latencies.push(Number((await received) - committed) / 1e6);
    }
    return latencies;
  } finally {
    await Promise.all([listener.end(), sender.end()]);
  }
}

interface LoadSummary {
  rps: Sample;
  p99: Sample;
}

/** A row of one figure (`rps` or `p99`) of a load target against a baseline target's. */
function compared(
  id: string,
  name: string,
  unit: string,
  ours: LoadSummary,
  baseline: { name: string; sample: LoadSummary },
  figure: keyof LoadSummary,
): BenchRow {
  const sample = baseline.sample[figure];
  return { id, name, unit, ours: ours[figure], baseline: { name: baseline.name, sample }, ratio: ours[figure].median / sample.median };
}

async function listBench(postgres: TestPostgres): Promise<BenchRow[]> {
  const [plain, cache] = [await postgres.createDatabase('bench'), await postgres.createDatabase('bench_cache')];
  const targets = await Promise.all([
    child('./support/load-targets.ts', []),
    child('./support/load-targets.ts', [], { BENCH_METADATA: plain }),
    child('./support/load-targets.ts', [], { BENCH_METADATA: cache, BENCH_READ_CACHE: '1' }),
    child('./support/load-targets.ts', [], { BENCH_READ_CACHE: '0' }),
  ]);
  try {
    const urls = targets.map((t) => (JSON.parse(t.line) as { ours: string }).ours);
    for (const url of urls) await load(url, 2); // warm-up: JIT, page caches, pool
    const results: { rps: number; p99: number }[][] = urls.map(() => []);
    // The machine's load drifts: each round starts with another target, so none always runs in the same slot.
    for (let round = 0; round < listRounds; round++) {
      for (let k = 0; k < urls.length; k++) {
        const i = (round + k) % urls.length;
        results[i]!.push(await load(urls[i]!, 4));
      }
    }
    const [sqlite, postgres, cached, uncachedSqlite] = results.map((r) => ({
      rps: summarize(r.map((x) => x.rps)),
      p99: summarize(r.map((x) => x.p99)),
    }));
    const notify = summarize(await notifyLatencies(plain, 200));
    const sqliteBaseline = { name: 'SQLite, same data', sample: sqlite! };
    const postgresBaseline = { name: 'PostgreSQL, no cache', sample: postgres! };
    return [
      compared('scaleout.listRps', 'scale-out: list route req/s on PostgreSQL', 'req/s', postgres!, sqliteBaseline, 'rps'),
      compared('scaleout.listP99', 'scale-out: list route p99 on PostgreSQL', 'ms', postgres!, sqliteBaseline, 'p99'),
      compared(
        'scaleout.cachedListP99',
        'scale-out: list p99, PostgreSQL + per-process read cache',
        'ms',
        cached!,
        postgresBaseline,
        'p99',
      ),
      compared(
        'scaleout.cachedListRps',
        'scale-out: list req/s, PostgreSQL + per-process read cache',
        'req/s',
        cached!,
        postgresBaseline,
        'rps',
      ),
      compared(
        'scaleout.uncachedSqliteListP99',
        'scale-out: list p99, SQLite without its read cache',
        'ms',
        uncachedSqlite!,
        { name: 'SQLite with it (embedded default)', sample: sqlite! },
        'p99',
      ),
      { id: 'scaleout.notifyLatency', name: 'scale-out: NOTIFY delivery after COMMIT (median of 200; max in ±)', unit: 'ms', ours: notify },
    ];
  } finally {
    await Promise.all(targets.map((t) => stop(t.process)));
  }
}

async function uploadBench(): Promise<BenchRow[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-s3-'));
  const s3 = await child('./support/s3-server.ts', []);
  const { endpoint, bucket } = JSON.parse(s3.line) as { endpoint: string; bucket: string };
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3TestCredentials });
  const blobs = `s3://${bucket}/server?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true&partSize=${partSize}`;
  const server = await child('./support/upload-server.ts', [join(scratch, 'data'), String(bigMegabytes + 16)], {
    ...s3TestEnv,
    BENCH_BLOBS: blobs,
  });
  const pid = server.process.pid!;
  const { port } = JSON.parse(server.line) as { port: number };
  const url = `http://127.0.0.1:${port}/api/records/job/BENCH-1/attachments`;
  const emptyBucket = async () => {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const item of page.Contents ?? []) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: item.Key! }));
  };
  const curl = (file: string, name: string) => curlUpload(url, 'bench-admin', file, name);
  const direct = async (file: string, key: string) => {
    await new Upload({
      client,
      params: { Bucket: bucket, Key: `direct/${key}`, Body: createReadStream(file, { highWaterMark: MB }) },
      partSize,
      queueSize,
    }).done();
  };
  const timed = async (run: () => Promise<void>) => {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  try {
    const file = join(scratch, 'upload-200.bin');
    await writeSeededFile(file, 200, 20261201);
    await curl(file, 'warm-up.bin');
    await direct(file, 'warm-up');
    await emptyBucket();
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['ours', 'direct'] : ['direct', 'ours'];
      for (const which of order) {
        if (which === 'ours') ours.push(200 / (await timed(() => curl(file, `ours-${round}.bin`))));
        else baseline.push(200 / (await timed(() => direct(file, `direct-${round}`))));
      }
      await emptyBucket();
    }
    await rm(file, { force: true });

    const big = join(scratch, `upload-${bigMegabytes}.bin`);
    await writeSeededFile(big, bigMegabytes, 20261202);
    await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => {}); // 5: reset the peak RSS (Linux)
    const before = await procStat(pid);
    await curl(big, 'big.bin');
    const after = await procStat(pid);
    const growth = Math.max(0, after.peak - before.rss) / MB;
    await emptyBucket();

    const oursRate = summarize(ours);
    const directRate = summarize(baseline);
    return [
      {
        id: 'scaleout.upload200MB',
        name: 'scale-out: 200 MB upload through the server to S3 (curl -F)',
        unit: 'MB/s',
        ours: oursRate,
        baseline: { name: 'lib-storage straight to the bucket', sample: directRate },
        ratio: oursRate.median / directRate.median,
      },
      {
        id: 'scaleout.peakRssGrowth1GB',
        name: `scale-out: server peak RSS growth during a ${bigMegabytes >= 1024 ? `${bigMegabytes / 1024} GB` : `${bigMegabytes} MB`} upload to S3`,
        unit: 'MB',
        ours: { median: growth, min: growth, max: growth, spread: 0 },
      },
    ];
  } finally {
    client.destroy();
    await stop(server.process);
    await stop(s3.process);
    await rm(scratch, { recursive: true, force: true });
  }
}

export async function runScaleOutBench(): Promise<BenchRow[]> {
  const postgres = await startPostgres();
  try {
    const rows = await listBench(postgres);
    return [...rows, ...(await uploadBench())];
  } finally {
    await postgres.stop();
  }
}
