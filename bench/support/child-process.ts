/** Benchmark child processes: a script of bench/ under tsx, ready once it prints its first line; stopped with SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** Starts `script` (a path relative to bench/, e.g. './support/s3-server.ts') and resolves with its first line of output. */
export async function startChild(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ process: ChildProcess; line: string }> {
  const path = new URL(script, new URL('../', import.meta.url)).pathname;
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return { process: proc, line };
}

export async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await once(proc, 'exit').catch(() => {});
}
