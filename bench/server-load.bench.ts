/**
 * Server under load: autocannon on the list route of a record with 100
 * attachments (auth, policy, SQLite, JSON) against a bare Fastify route
 * returning the same JSON, in the same run. The servers run in a child
 * process so the load generator does not share their event loop.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { summarize, type BenchRow } from './stats.js';

interface Targets {
  ours: string;
  baseline: string;
  bytes: number;
}

async function startTargets() {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', new URL('./support/load-targets.ts', import.meta.url).pathname],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`load targets exited with ${code}`)));
  });
  return { child, targets: JSON.parse(line) as Targets };
}

async function load(url: string, seconds: number): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers: { authorization: 'Bearer bench-admin' } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

export async function runServerLoadBench(): Promise<BenchRow[]> {
  const { child, targets } = await startTargets();
  try {
    await load(targets.ours, 2); // warm-up: JIT, SQLite page cache
    await load(targets.baseline, 2);
    const ours: { rps: number; p99: number }[] = [];
    const bare: { rps: number; p99: number }[] = [];
    for (let run = 0; run < 3; run++) {
      ours.push(await load(targets.ours, 4));
      bare.push(await load(targets.baseline, 4));
    }
    const oursRps = summarize(ours.map((r) => r.rps));
    const bareRps = summarize(bare.map((r) => r.rps));
    const oursP99 = summarize(ours.map((r) => r.p99));
    const bareP99 = summarize(bare.map((r) => r.p99));
    return [
      {
        id: 'server.listRps',
        name: `server: GET list of 100 attachments (${(targets.bytes / 1024).toFixed(0)} KB JSON)`,
        unit: 'req/s',
        ours: oursRps,
        baseline: { name: 'bare Fastify, same JSON', sample: bareRps },
        ratio: oursRps.median / bareRps.median,
      },
      {
        id: 'server.listP99',
        name: 'server: p99 latency of the list route',
        unit: 'ms',
        ours: oursP99,
        baseline: { name: 'bare Fastify, same JSON', sample: bareP99 },
        ratio: oursP99.median / bareP99.median,
      },
    ];
  } finally {
    child.kill('SIGTERM');
  }
}
