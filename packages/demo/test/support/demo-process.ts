/** `npm start` as a child process for the end-to-end tests: started on a free port with a data folder, stopped with SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';

const root = new URL('../../../../', import.meta.url).pathname;

export interface Demo {
  process: ChildProcess;
  url: string;
}

/** Starts `npm start`'s script on a free port with `dataDir`; resolves with its URL. */
export function startDemo(dataDir: string): Promise<Demo> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: { ...process.env, PORT: '0', ATTACHKIT_DATA: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ process: child, url: match[1]! });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}) before it was ready:\n${output}`)));
  });
}

export async function stopDemo(demo: Demo): Promise<void> {
  if (demo.process.exitCode !== null) return;
  const exited = new Promise((resolve) => demo.process.once('exit', resolve));
  demo.process.kill('SIGTERM');
  await exited;
}
