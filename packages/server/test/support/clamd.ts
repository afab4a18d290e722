/**
 * Test harness: Debian's clamd on a free loopback port and a Unix socket in
 * a temp directory, with a signature database the test writes itself (the
 * EICAR test string's MD5): nothing downloads signatures. Missing clamd fails
 * with one line saying what to install.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './postgres.js';

/** The 68-byte EICAR anti-virus test file: harmless, and detected by every scanner. */
export const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');
export const eicarSignature = 'Attachkit-Test-EICAR';

export interface TestClamd {
  port: number;
  socket: string;
  stop(): Promise<void>;
}

const clamdBinary = () => ['/usr/sbin/clamd', '/usr/bin/clamd'].find((path) => existsSync(path));

function ping(target: { port: number } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = 'path' in target ? connect({ path: target.path }) : connect({ host: '127.0.0.1', port: target.port });
    let answer = '';
    socket.on('connect', () => socket.write('zPING\0'));
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer.startsWith('PONG')));
    socket.on('error', () => resolve(false));
  });
}

export async function startClamd(): Promise<TestClamd> {
  const binary = clamdBinary();
  if (!binary) throw new Error('clamd not found (/usr/sbin/clamd): apt-get install -y clamav-daemon');
  const dir = await mkdtemp(join(tmpdir(), 'attachkit-clamd-'));
  const db = join(dir, 'db');
  await mkdir(db);
  await writeFile(join(db, 'test.hdb'), `${createHash('md5').update(eicar).digest('hex')}:${eicar.length}:${eicarSignature}\n`);
  const port = await freePort();
  const socket = join(dir, 'clamd.sock');
  const config = join(dir, 'clamd.conf');
  await writeFile(
    config,
    [
      `DatabaseDirectory ${db}`,
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `LocalSocket ${socket}`,
      'Foreground yes',
      `LogFile ${join(dir, 'clamd.log')}`,
      `PidFile ${join(dir, 'clamd.pid')}`,
      'StreamMaxLength 64M',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-c', config], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  while (!(await ping({ port }))) {
    if (exited) throw new Error(`clamd exited at start; see its log in ${dir}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('clamd did not answer PING within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    socket,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
