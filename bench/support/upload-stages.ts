/**
 * Where the server's time goes on an upload, stage by stage, in-process and
 * without a network: a multipart body fed in 64 KB chunks (what a socket
 * read yields) through the same multipart parser as the server (busboy),
 * then each further stage added in turn: SHA-256 as ingest computes it, the
 * disk blob store's write stream, its commit (fsync, rename), and the
 * content sniff. Each line is cumulative; the difference between two lines
 * is that stage's cost. The disk write is shown both as it was (each 64 KB
 * chunk written alone) and as ingest does it now (gathered into ~1 MB).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDiskBlobStore, sniffFile } from '@attachkit/server';
import { prng } from '../stats.js';

// The parser @fastify/multipart uses, resolved from there.
const requireFromMultipart = createRequire(createRequire(import.meta.url).resolve('@fastify/multipart'));
const Busboy = requireFromMultipart('@fastify/busboy') as new (options: { headers: Record<string, string> }) => Writable & {
  on(event: 'file', listener: (field: string, file: Readable) => void): unknown;
};

const boundary = 'attachkit-bench-boundary-20261125';

function body(data: Buffer): () => Iterable<Buffer> {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stage.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return function* () {
    yield head;
    for (let offset = 0; offset < data.length; offset += 64 * 1024) yield data.subarray(offset, offset + 64 * 1024);
    yield tail;
  };
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export async function measureServerStages(megabytes: number): Promise<string> {
  const random = prng(42);
  const data = Buffer.alloc(megabytes * 1024 * 1024);
  for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(Math.floor(random() * 2 ** 32), i);
  const chunks = body(data);
  const directory = await mkdtemp(join(tmpdir(), 'attachkit-bench-stages-'));
  const blobs = await createDiskBlobStore(directory);
  const sink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });
  /** SHA-256 as ingest's meter computes it, passing chunks on one by one or, as ingest does, in ~1 MB batches. */
  const hashing = (batchBytes = 0) => {
    const hash = createHash('sha256');
    let batch: Buffer[] = [];
    let size = 0;
    const take = () => {
      const out = Buffer.concat(batch, size);
      batch = [];
      size = 0;
      return out;
    };
    return new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        if (batchBytes === 0) {
          callback(null, chunk);
          return;
        }
        batch.push(chunk);
        size += chunk.length;
        callback(null, size >= batchBytes ? take() : undefined);
      },
      flush(callback) {
        callback(null, size > 0 ? take() : undefined);
      },
    });
  };

  interface Stage {
    label: string;
    run: (file: Readable) => Promise<void>;
  }
  let id = 0;
  const stages: Stage[] = [
    { label: 'multipart parse', run: (file) => pipeline(file, sink()) },
    { label: '+ SHA-256', run: (file) => pipeline(file, hashing(), sink()) },
    {
      label: '+ disk write, 64 KB writes (before)',
      run: async (file) => {
        const writer = await blobs.create(`stage-${id++}`);
        await pipeline(file, hashing(), writer.stream);
        await writer.discard();
      },
    },
    {
      label: '+ disk write, 1 MB batches (ingest)',
      run: async (file) => {
        const writer = await blobs.create(`stage-${id++}`);
        await pipeline(file, hashing(1024 * 1024), writer.stream);
        await writer.discard();
      },
    },
    {
      label: '+ commit (fsync, rename) + sniff',
      run: async (file) => {
        const blobId = `stage-${id++}`;
        const writer = await blobs.create(blobId);
        await pipeline(file, hashing(1024 * 1024), writer.stream);
        await sniffFile('stage.bin', writer.localPath!);
        await writer.commit();
        await blobs.delete(blobId);
      },
    },
  ];
  const once = async (stage: Stage) => {
    const cpu = cpuMs();
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const parser = new Busboy({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      parser.on('file', (_field, file) => void stage.run(file).then(resolve, reject));
      Readable.from(chunks()).pipe(parser);
    });
    return { wall: performance.now() - start, cpu: cpuMs() - cpu };
  };
  const lines = [`Server stages for ${megabytes} MB in-process (cumulative; median of 3; CPU is the main thread plus libuv's pool):`];
  try {
    for (const stage of stages) {
      await once(stage); // warm-up
      const runs = [await once(stage), await once(stage), await once(stage)].sort((a, b) => a.wall - b.wall);
      const median = runs[1]!;
      lines.push(`  ${stage.label.padEnd(36)} wall ${median.wall.toFixed(0).padStart(5)} ms   CPU ${median.cpu.toFixed(0).padStart(5)} ms`);
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  return lines.join('\n');
}
