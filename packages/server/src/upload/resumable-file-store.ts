import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { FileStore } from '@tus/file-store';

/** Bytes gathered before a write to the file (as the multipart pipeline does): a socket yields 64 KB at most. */
const batchBytes = 1024 * 1024;

/** Passes bytes on in batches of about `batchBytes`, so the file gets one write per megabyte instead of sixteen. */
class Batcher extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < batchBytes) return callback();
    callback(null, this.takeBatch());
  }
  override _flush(callback: TransformCallback): void {
    callback(null, this.size > 0 ? this.takeBatch() : undefined);
  }
  private takeBatch(): Buffer {
    const only = this.chunks.length === 1 ? this.chunks[0] : undefined;
    const batch = only ?? Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return batch;
  }
}

/**
 * `@tus/file-store` with the bytes written in batches of a megabyte, and every PATCH's bytes flushed to stable storage before
 * the new offset is answered: an offset the client was told survives a crash
 * of the machine, and the completion's fsync has only the last PATCH's bytes
 * left to flush (a resumed upload pays for the bytes it sends, not for the
 * whole file again).
 */
export class DurableFileStore extends FileStore {
  private readonly root: string;

  constructor(options: { directory: string; expirationPeriodInMilliseconds: number }) {
    super(options);
    this.root = options.directory;
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const stored = await super.write(
      pipeline(readable, new Batcher(), () => {}),
      id,
      offset,
    );
    if (stored > offset) {
      const handle = await open(join(this.root, id), 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
    return stored;
  }
}
