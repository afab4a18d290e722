import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';

/**
 * `@tus/file-store` with every PATCH's bytes flushed to stable storage before
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
    const stored = await super.write(readable, id, offset);
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
