/**
 * One server per `--data` folder: `attachkit-server.lock` names the running
 * server; a second one on the same folder stops at start (it would empty the
 * first one's temp and part files), a lock left by a dead process is taken over,
 * and a clean shutdown removes it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDemoServer, DataDirectoryInUseError } from '../src/index.js';
import { dataLockName, lockDataDirectory } from '../src/storage/data-lock.js';
import { runCli } from './support/cli.js';
import { startServerProcess } from './support/server-process.js';

/** The pid of a process that ran and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

const holderOf = async (dir: string) => JSON.parse(await readFile(join(dir, dataLockName), 'utf8')) as { pid: number; host: string };
const exists = (path: string) =>
  readFile(path).then(
    () => true,
    () => false,
  );

describe('one server per data folder', { timeout: 120_000 }, () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'attachkit-data-lock-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a second process on the same --data, naming the folder and the holder; after kill -9 of the first a new one starts', async () => {
    const data = join(root, 'cli');
    const first = await startServerProcess(['--data', data]);
    try {
      const holder = await holderOf(data);
      assert.deepEqual([holder.pid, holder.host], [first.child.pid, hostname()]);
      const { code, output } = await runCli(['--data', data]).exited;
      assert.equal(code, 1);
      const line = output.split('\n').find((l) => l.startsWith('attachkit-server: '));
      assert.ok(line, output);
      assert.match(
        line,
        new RegExp(
          `The data folder ${data} is in use by process ${first.child.pid} on ${hostname()} \\(since .+\\): every server process needs a --data folder of its own`,
        ),
      );
      assert.doesNotMatch(output, / {4}at /, 'no stack trace');
      assert.equal((await fetch(`${first.baseURL}/healthz`)).status, 200, 'the first one still serves');
      assert.equal((await holderOf(data)).pid, first.child.pid, 'and still holds the folder');

      await first.kill9();
      assert.equal((await holderOf(data)).pid, first.child.pid, 'kill -9 left the lock behind');
      const next = await startServerProcess(['--data', data]);
      assert.equal((await holderOf(data)).pid, next.child.pid, 'the dead process’s lock was taken over');
      assert.equal((await fetch(`${next.baseURL}/healthz`)).status, 200);
      await next.stop();
      assert.equal(await exists(join(data, dataLockName)), false, 'a clean shutdown (SIGTERM) removes the lock');
    } finally {
      await first.kill9();
    }
  });

  it('refuses a second server in the same process until the first is closed', async () => {
    const data = join(root, 'embedded');
    const first = await createDemoServer({ dataDir: data });
    await assert.rejects(
      createDemoServer({ dataDir: data }),
      (error: unknown) => error instanceof DataDirectoryInUseError && error.holder?.pid === process.pid,
    );
    await first.close();
    assert.equal(await exists(join(data, dataLockName)), false);
    const second = await createDemoServer({ dataDir: data });
    await second.close();
  });

  it('never takes over a lock of another host, and says which file to remove', async () => {
    const data = join(root, 'other-host');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, dataLockName), JSON.stringify({ pid: 1, host: 'worker-7.internal', since: '2026-12-01T10:00:00.000Z' }));
    await assert.rejects(lockDataDirectory(data), (error: Error) => {
      assert.ok(error instanceof DataDirectoryInUseError);
      assert.match(error.message, /in use by process 1 on worker-7\.internal \(since 2026-12-01T10:00:00\.000Z\)/);
      assert.ok(error.message.includes(`If that process is gone on that host, remove ${join(data, dataLockName)}.`));
      return true;
    });
  });

  it('lets exactly one of several servers starting at once take over a stale lock', async () => {
    const data = join(root, 'takeover');
    await mkdir(data, { recursive: true });
    await writeFile(
      join(data, dataLockName),
      JSON.stringify({ pid: await deadPid(), host: hostname(), since: '2026-12-01T10:00:00.000Z' }),
    );
    const results = await Promise.allSettled([0, 1, 2, 3].map(() => lockDataDirectory(data)));
    const taken = results.filter((r) => r.status === 'fulfilled');
    assert.equal(taken.length, 1, JSON.stringify(results.map((r) => r.status)));
    for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof DataDirectoryInUseError);
    assert.equal((await holderOf(data)).pid, process.pid);
    await (taken[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
    assert.equal(await exists(join(data, dataLockName)), false);
  });
});
