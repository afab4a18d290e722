/**
 * Runs `attachkit-server` (the TypeScript source, as `bin/` does without a
 * build) as a real child process on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface CliRun {
  child: ChildProcess;
  /** http://127.0.0.1:PORT once listening. */
  baseURL: Promise<string>;
  /** Exit code and everything printed, once the process ends. */
  exited: Promise<{ code: number | null; output: string }>;
  stop(): Promise<void>;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cli, '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onListening: (url: string) => void = () => undefined;
  const baseURL = new Promise<string>((resolve) => (onListening = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (listening) onListening(listening[1]!);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  const listening = Promise.race([
    baseURL,
    exited.then(({ output: printed }) => Promise.reject(new Error(`the server exited before listening:\n${printed}`))),
  ]);
  listening.catch(() => undefined); // a run expected to fail never awaits it
  return {
    child,
    baseURL: listening,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
