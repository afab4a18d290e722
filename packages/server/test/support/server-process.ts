/** Test harness: `attachkit-server` as a real child process on a chosen port (support/cli.ts), stopped or killed by the test. */
import type { ChildProcess } from 'node:child_process';
import { runCli } from './cli.js';
import { freePort } from './postgres.js';

export interface ServerProcess {
  readonly port: number;
  readonly baseURL: string;
  readonly child: ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts `attachkit-server` with `args` on `port` (default: a free one) and waits until it listens. */
export async function startServerProcess(args: string[], port?: number): Promise<ServerProcess> {
  const listenPort = port ?? (await freePort());
  const run = runCli(['--port', String(listenPort), ...args]);
  const baseURL = await run.baseURL;
  return {
    port: listenPort,
    baseURL,
    child: run.child,
    async kill9() {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
      await run.exited;
    },
    stop: () => run.stop(),
  };
}
