/**
 * A process killed (-9) while it completes a tus upload, for real: two
 * `attachkit-server` processes on one PostgreSQL database and one S3 bucket,
 * each with `--clamav` pointing at a stand-in clamd (the edge of this test:
 * it speaks INSTREAM and holds the first scan open). Process A receives every
 * byte, starts scanning and dies; the upload must not stay "being completed"
 * forever: once A's claim has not been renewed for `--completion-lease`, the
 * client's next HEAD on process B completes it, byte for byte, and nothing
 * is left over.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startScaledOutWorld, type ScaledOutWorld } from './support/scaled-out-world.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

const mib = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const b64 = (value: string) => Buffer.from(value).toString('base64');
const tus = { 'Tus-Resumable': '1.0.0', Authorization: 'Bearer demo-tech' };

/** A clamd stand-in: reads each INSTREAM to its zero-length end; holds the scan when `hold` says so, else answers OK. */
function standInClamd(hold: () => boolean): { server: Server; scans: number[]; port: () => number } {
  const scans: number[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = Buffer.alloc(0);
    let headerDone = false;
    let size = 0;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!headerDone) {
        const end = buffer.indexOf(0);
        if (end < 0) return;
        headerDone = true; // zINSTREAM\0
        buffer = buffer.subarray(end + 1);
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          scans.push(size);
          if (!hold()) socket.end('stream: OK\0');
          return;
        }
        if (buffer.length < 4 + length) return;
        size += length;
        buffer = buffer.subarray(4 + length);
      }
    });
  });
  return { server, scans, port: () => (server.address() as { port: number }).port };
}

describe('a process killed while it completes a tus upload', { timeout: 120_000 }, () => {
  let world: ScaledOutWorld;
  let bucket: string;
  let dirs: string[];
  let servers: ServerProcess[];
  let holding = true;
  const clamd = standInClamd(() => holding);

  before(async () => {
    world = await startScaledOutWorld();
    await new Promise<void>((resolve) => clamd.server.listen(0, '127.0.0.1', resolve));
    const storage = await world.storage('killed', { prefix: 'ak', query: { partSize: String(5 * mib) } });
    bucket = storage.bucket;
    dirs = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'attachkit-killed-'))));
    const args = (dir: string) => [
      ...['--data', dir, '--metadata', storage.metadata, '--blobs', storage.blobs],
      ...['--clamav', `tcp://127.0.0.1:${clamd.port()}`, '--completion-lease', '1'],
    ];
    servers = await Promise.all(dirs.map((dir) => startServerProcess(args(dir))));
  });
  after(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    clamd.server.close();
    await world?.stop();
    await Promise.all((dirs ?? []).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('is completed by the other process once the dead one’s lease ran out', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const bytes = new Uint8Array(6 * mib + 5).map((_, i) => 0x41 + ((i * 13) % 26));
    const created = await fetch(`${a.baseURL}/api/uploads`, {
      method: 'POST',
      headers: {
        ...tus,
        'Upload-Length': String(bytes.length),
        'Upload-Metadata': `filename ${b64('van-survey.bin')},recordType ${b64('job')},recordId ${b64('J-1001')}`,
      },
    });
    assert.equal(created.status, 201, await created.text());
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    const head = (server: ServerProcess) => fetch(server.baseURL + location, { method: 'HEAD', headers: tus });

    const completing = fetch(a.baseURL + location, {
      method: 'PATCH',
      headers: { ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
      body: bytes,
    }).catch(() => null);
    const deadline = Date.now() + 20_000;
    while (clamd.scans.length === 0) {
      assert.ok(Date.now() < deadline, 'A never started scanning');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(clamd.scans, [bytes.length], 'A sent the whole file to the scanner, which holds it');
    assert.equal((await head(b)).status, 423, 'B: being completed (by A)');

    await a.kill9();
    assert.equal(await completing, null, 'the completing PATCH died with A');
    holding = false;

    // The client asks again (tus-js-client: HEAD after Retry-After) on B until it names the attachment.
    let answer: Response | undefined;
    const asked = Date.now();
    while (answer?.status !== 200) {
      assert.ok(Date.now() - asked < 20_000, `still ${answer?.status} after 20 s: the dead process's claim blocks the upload`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await head(b);
      assert.ok([200, 423].includes(answer.status), `HEAD answered ${answer.status}`);
    }
    assert.equal(answer.headers.get('attachkit-attachment-id'), id);
    assert.deepEqual(clamd.scans, [bytes.length, bytes.length], 'B scanned the file itself');
    const content = await fetch(`${b.baseURL}/api/attachments/${id}/content`, { headers: { Authorization: 'Bearer demo-admin' } });
    assert.equal(content.status, 200);
    assert.equal(sha256(new Uint8Array(await content.arrayBuffer())), sha256(bytes), 'byte for byte');
    assert.deepEqual(
      (await world.s3.keys(bucket)).filter((key) => key.includes(id)),
      [`ak/blobs/${id}`],
      'the attachment’s object, no tus leftovers',
    );
  });
});
