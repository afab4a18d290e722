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
 * Environment: BENCH_TUS_MB (200), BENCH_TUS_ROUNDS (3).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { summarize, type BenchRow } from './stats.js';
import { writeSeededFile } from './upload.bench.js';

const token = 'bench-admin';
const megabytes = Number(process.env.BENCH_TUS_MB ?? 200);
const rounds = Number(process.env.BENCH_TUS_ROUNDS ?? 3);
const MB = 1024 * 1024;
const size = megabytes * MB;
const b64 = (value: string) => Buffer.from(value).toString('base64');
const metadata = (name: string) => `filename ${b64(name)},recordType ${b64('job')},recordId ${b64('BENCH-1')}`;

async function startServer(dataDir: string): Promise<{ child: ChildProcess; baseURL: string }> {
  const script = new URL('./support/upload-server.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, dataDir, String(megabytes + 16)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the upload server exited (${code})`)));
  });
  return { child, baseURL: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

const curl = (args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile('curl', ['-sS', '-H', `Authorization: Bearer ${token}`, ...args], { maxBuffer: 1024 * 1024 }, (error, out) =>
      error ? reject(error) : resolve(out),
    ),
  );

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

/** A PATCH of the whole file that the client drops once the server holds exactly half of it. */
async function interruptedHalf(url: string, file: string): Promise<void> {
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
    source.on('end', async () => {
      while ((await offsetOf(url)) < half) await new Promise((r) => setTimeout(r, 20));
      request.destroy();
    });
  });
  // The server notices the drop and ends the PATCH: wait until it has let go of the upload.
  const deadline = Date.now() + 10_000;
  while ((await offsetOf(url)) !== half) {
    if (Date.now() > deadline) throw new Error('the interrupted PATCH did not keep exactly half');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function runResumableBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'attachkit-bench-tus-'));
  const dataDir = join(scratch, 'data');
  const { child, baseURL } = await startServer(dataDir);
  const file = join(scratch, 'upload.bin');
  await writeSeededFile(file, megabytes, 20261201);
  const seconds = {
    multipart: [] as number[],
    tusCurl: [] as number[],
    whole: [] as number[],
    resume: [] as number[],
    first: [] as number[],
  };
  const time = async (run: () => Promise<void>) => {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const runs = {
    multipart: (round: number) =>
      time(async () => {
        const status = await curl([
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '-F',
          `file=@${file};filename=multipart-${round}.bin`,
          `${baseURL}/api/records/job/BENCH-1/attachments`,
        ]);
        if (status.trim() !== '201') throw new Error(`curl -F answered ${status}`);
      }),
    tusCurl: (round: number) =>
      time(async () => {
        const headers = ['-H', 'Tus-Resumable: 1.0.0'];
        const location = (
          await curl([
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
        const status = await curl([
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
      seconds.first.push(await time(() => interruptedHalf(url, file)));
      return time(async () => patch(url, file, await offsetOf(url)));
    },
  };
  try {
    // Warm-up: JIT, connections, SQLite.
    for (const run of Object.values(runs)) await run(-1);
    seconds.first.length = 0;
    for (let round = 0; round < rounds; round++) {
      const order = (round % 2 ? ['multipart', 'tusCurl', 'whole', 'resume'] : ['resume', 'whole', 'tusCurl', 'multipart']) as Array<
        keyof typeof runs
      >;
      for (const name of order) seconds[name].push(await runs[name](round));
      await rm(join(dataDir, 'blobs'), { recursive: true, force: true }); // gigabytes we no longer need
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => {});
    await rm(scratch, { recursive: true, force: true });
  }
  const rate = (values: number[]) => summarize(values.map((s) => megabytes / s));
  const multipart = rate(seconds.multipart);
  const tus = rate(seconds.tusCurl);
  const whole = summarize(seconds.whole.map((s) => s * 1000));
  const resume = summarize(seconds.resume.map((s) => s * 1000));
  const label = `${megabytes} MB`;
  return {
    rows: [
      {
        id: 'tus.throughput200MB',
        name: `tus: ${label} as one tus upload (curl POST + PATCH -T)`,
        unit: 'MB/s',
        ours: tus,
        baseline: { name: 'curl -F to the multipart route', sample: multipart },
        ratio: tus.median / multipart.median,
      },
      {
        id: 'tus.resumeHalf',
        name: `tus: resume of ${label} after 50 % (HEAD + PATCH of the rest, completion included)`,
        unit: 'ms',
        ours: resume,
        baseline: { name: 'a whole tus upload (POST + PATCH)', sample: whole },
        ratio: resume.median / whole.median,
      },
    ],
    details: [
      `tus (loopback, disk, ${rounds} alternating rounds after a warm-up; medians):`,
      `  curl -F multipart ${multipart.median.toFixed(0)} MB/s, curl tus ${tus.median.toFixed(0)} MB/s`,
      `  whole tus upload ${whole.median.toFixed(0)} ms; first half until cut off ${summarize(seconds.first.map((s) => s * 1000)).median.toFixed(0)} ms; resume ${resume.median.toFixed(0)} ms`,
    ].join('\n'),
  };
}
