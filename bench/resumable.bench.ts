/**
 * Resumable (tus) uploads on loopback, against the reference server on disk
 * (a child process, bench/support/upload-server.ts), in the same run:
 *
 * - tus throughput: a 200 MB file by curl as one tus upload (POST, then one
 *   PATCH streamed from disk with `-T`) vs the same file by `curl -F` to the
 *   multipart route. Budget: tus ≥ 0.9× multipart.
 * - resume after 50 %: a PATCH of the whole file cut off once the server holds
 *   exactly half of it, then HEAD and a PATCH of the rest (with the
 *   completion), vs a whole upload (POST and one PATCH) by the same Node
 *   client. Budget: the resume ≤ 0.55× the whole upload.
 *
 * With BENCH_TUS_S3=1 the same four uploads run again with the content on
 * s3rver (rows `tus.s3.*`, reported only): there a resume is cut off at half
 * minus up to one part, and the share of the file it sent is printed.
 *
 * Environment: BENCH_TUS_MB (200), BENCH_TUS_ROUNDS (5), BENCH_TUS_S3 (0).
 */
import type { ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s3TestEnv } from '../packages/server/test/support/s3.js';
import { summarize, type BenchRow } from './stats.js';
import { writeSeededFile } from './upload.bench.js';
import { startChild as child, stopChild as stop } from './support/child-process.js';
import { curl, curlUpload } from './support/curl.js';

const token = 'bench-admin';
const megabytes = Number(process.env.BENCH_TUS_MB ?? 200);
const rounds = Number(process.env.BENCH_TUS_ROUNDS ?? 5);
const MB = 1024 * 1024;
const size = megabytes * MB;
const b64 = (value: string) => Buffer.from(value).toString('base64');
const metadata = (name: string) => `filename ${b64(name)},recordType ${b64('job')},recordId ${b64('BENCH-1')}`;

async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; baseURL: string }> {
  const server = await child('./support/upload-server.ts', [dataDir, String(megabytes + 16)], env);
  return { child: server.process, baseURL: `http://127.0.0.1:${(JSON.parse(server.line) as { port: number }).port}` };
}

const tusHeaders = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };

/** One HTTP request; resolves with the status and headers once the answer is complete. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: { file: string; start: number; end: number },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    request.on('error', reject);
    if (!body) return request.end();
    createReadStream(body.file, { start: body.start, end: body.end - 1, highWaterMark: 1024 * 1024 }).pipe(request);
  });
}

async function create(baseURL: string, name: string): Promise<string> {
  const created = await send(`${baseURL}/api/uploads`, 'POST', {
    ...tusHeaders,
    'Upload-Length': String(size),
    'Upload-Metadata': metadata(name),
  });
  if (created.status !== 201) throw new Error(`tus creation answered ${created.status}`);
  return baseURL + String(created.headers.location);
}

async function patch(url: string, file: string, offset: number): Promise<void> {
  const headers = {
    ...tusHeaders,
    'Upload-Offset': String(offset),
    'Content-Type': 'application/offset+octet-stream',
    'Content-Length': String(size - offset),
  };
  const answer = await send(url, 'PATCH', headers, { file, start: offset, end: size });
  if (answer.status !== 204 || !answer.headers['attachkit-attachment-id'])
    throw new Error(`the completing PATCH answered ${answer.status}`);
}

async function offsetOf(url: string): Promise<number> {
  return Number((await send(url, 'HEAD', tusHeaders)).headers['upload-offset']);
}

/**
 * A PATCH of the whole file that the client drops once the server holds half
 * of it: exactly half on disk; on S3, whose offset grows by whole parts while
 * a PATCH runs, at least half minus one part (`slack`), the tail then kept as
 * a `.part` object when the server ends the PATCH.
 */
async function interruptedHalf(url: string, file: string, slack: number): Promise<void> {
  const half = size / 2;
  await new Promise<void>((resolve) => {
    const request = httpRequest(url, {
      method: 'PATCH',
      headers: { ...tusHeaders, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(size) },
    });
    request.on('error', () => resolve());
    request.on('close', () => resolve());
    const source = createReadStream(file, { start: 0, end: half - 1, highWaterMark: 1024 * 1024 });
    source.pipe(request, { end: false });
    source.on('end', () => {
      void (async () => {
        while ((await offsetOf(url)) < half - slack) await new Promise((r) => setTimeout(r, 20));
        if (slack > 0) await new Promise((r) => setTimeout(r, 200)); // the last bytes sent reach the server
        request.destroy();
      })();
    });
  });
  // The server notices the drop and ends the PATCH: wait until it has let go of the upload.
  const deadline = Date.now() + 10_000;
  while (slack === 0 ? (await offsetOf(url)) !== half : (await offsetOf(url)) < half - slack || !(await settled(url))) {
    if (Date.now() > deadline) throw new Error(`the interrupted PATCH did not keep half (${await offsetOf(url)} of ${size} bytes)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The offset no longer moves: the server has ended the dropped PATCH. */
async function settled(url: string): Promise<boolean> {
  const before = await offsetOf(url);
  await new Promise((r) => setTimeout(r, 300));
  return (await offsetOf(url)) === before;
}

interface Samples {
  multipart: number[];
  tusCurl: number[];
  whole: number[];
  resume: number[];
  first: number[];
  /** Fraction of the file the resumes sent. */
  resent: number[];
}

/** The four uploads, `rounds` times in alternating order after a warm-up, against one server. */
async function measure(baseURL: string, file: string, slack: number, cleanup: () => Promise<void>): Promise<Samples> {
  const seconds: Samples = { multipart: [], tusCurl: [], whole: [], resume: [], first: [], resent: [] };
  const time = async (run: () => Promise<void>) => {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const runs = {
    multipart: (round: number) =>
      time(async () => {
        await curlUpload(`${baseURL}/api/records/job/BENCH-1/attachments`, token, file, `multipart-${round}.bin`);
      }),
    tusCurl: (round: number) =>
      time(async () => {
        const headers = ['-H', 'Tus-Resumable: 1.0.0'];
        const location = (
          await curl(token, [
            '-o',
            '/dev/null',
            '-w',
            '%header{location}',
            ...headers,
            '-X',
            'POST',
            '-H',
            `Upload-Length: ${size}`,
            '-H',
            `Upload-Metadata: ${metadata(`tus-curl-${round}.bin`)}`,
            `${baseURL}/api/uploads`,
          ])
        ).trim();
        const status = await curl(token, [
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          ...headers,
          '-X',
          'PATCH',
          '-H',
          'Upload-Offset: 0',
          '-H',
          'Content-Type: application/offset+octet-stream',
          '-T',
          file,
          baseURL + location,
        ]);
        if (status.trim() !== '204') throw new Error(`curl PATCH answered ${status}`);
      }),
    whole: (round: number) =>
      time(async () => {
        await patch(await create(baseURL, `whole-${round}.bin`), file, 0);
      }),
    resume: async (round: number) => {
      const url = await create(baseURL, `resume-${round}.bin`);
      seconds.first.push(await time(() => interruptedHalf(url, file, slack)));
      return time(async () => {
        const offset = await offsetOf(url);
        seconds.resent.push((size - offset) / size);
        await patch(url, file, offset);
      });
    },
  };
  // Warm-up: JIT, connections, SQLite.
  for (const run of Object.values(runs)) await run(-1);
  seconds.first.length = 0;
  seconds.resent.length = 0;
  for (let round = 0; round < rounds; round++) {
    const order: (keyof typeof runs)[] =
      round % 2 ? ['multipart', 'tusCurl', 'whole', 'resume'] : ['resume', 'whole', 'tusCurl', 'multipart'];
    for (const name of order) seconds[name].push(await runs[name](round));
    await cleanup(); // gigabytes we no longer need
  }
  return seconds;
}

function rowsOf(seconds: Samples, id: string, where: string): { rows: BenchRow[]; details: string } {
  const rate = (values: number[]) => summarize(values.map((s) => megabytes / s));
  const multipart = rate(seconds.multipart);
  const tus = rate(seconds.tusCurl);
  const whole = summarize(seconds.whole.map((s) => s * 1000));
  const resume = summarize(seconds.resume.map((s) => s * 1000));
  const label = `${megabytes} MB`;
  const median = (values: number[]) => summarize(values).median;
  return {
    rows: [
      {
        id: `${id}.throughput200MB`,
        name: `tus${where}: ${label} as one tus upload (curl POST + PATCH -T)`,
        unit: 'MB/s',
        ours: tus,
        baseline: { name: 'curl -F to the multipart route', sample: multipart },
        ratio: tus.median / multipart.median,
      },
      {
        id: `${id}.resumeHalf`,
        name: `tus${where}: resume of ${label} after 50 % (HEAD + PATCH of the rest, completion included)`,
        unit: 'ms',
        ours: resume,
        baseline: { name: 'a whole tus upload (POST + PATCH)', sample: whole },
        ratio: resume.median / whole.median,
      },
    ],
    details: [
      `tus${where} (loopback, ${rounds} alternating rounds after a warm-up; medians):`,
      `  curl -F multipart ${multipart.median.toFixed(0)} MB/s, curl tus ${tus.median.toFixed(0)} MB/s`,
      `  whole tus upload ${whole.median.toFixed(0)} ms; first half until cut off ${(median(seconds.first) * 1000).toFixed(0)} ms; ` +
        `resume ${resume.median.toFixed(0)} ms, sending ${(median(seconds.resent) * 100).toFixed(1)} % of the file`,
    ].join('\n'),
  };
}

/** Disk (the budget rows); with BENCH_TUS_S3=1 also the same on s3rver (reported only). */
export async function runResumableBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-tus-'));
  const file = join(scratch, 'upload.bin');
  await writeSeededFile(file, megabytes, 20261201);
  const results: { rows: BenchRow[]; details: string }[] = [];
  try {
    const dataDir = join(scratch, 'data');
    const disk = await startServer(dataDir);
    try {
      const samples = await measure(disk.baseURL, file, 0, () => rm(join(dataDir, 'blobs'), { recursive: true, force: true }));
      results.push(rowsOf(samples, 'tus', ''));
    } finally {
      await stop(disk.child);
    }
    if (process.env.BENCH_TUS_S3 === '1') {
      const s3 = await child('./support/s3-server.ts', [], {});
      try {
        const { endpoint, bucket } = JSON.parse(s3.line) as { endpoint: string; bucket: string };
        const blobs = `s3://${bucket}/tus?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true`;
        const server = await startServer(join(scratch, 's3-data'), { ...s3TestEnv, BENCH_BLOBS: blobs });
        try {
          const samples = await measure(server.baseURL, file, 8 * MB, async () => {});
          results.push(rowsOf(samples, 'tus.s3', ' to S3'));
        } finally {
          await stop(server.child);
        }
      } finally {
        await stop(s3.process);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { rows: results.flatMap((r) => r.rows), details: results.map((r) => r.details).join('\n') };
}
