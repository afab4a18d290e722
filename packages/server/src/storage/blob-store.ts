import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Bytes being written: stream into `stream`, then `commit()` (durable) or `discard()`. */
export interface BlobWriter {
  readonly stream: Writable;
  /** A local path to the written bytes, when the store has one (used to sniff the content before commit). */
  readonly localPath?: string;
  /** Flushes the bytes to stable storage and publishes them under the blob id. */
  commit(): Promise<void>;
  /** Removes whatever was written; safe to call more than once and after a failed commit. */
  discard(): Promise<void>;
}

/**
 * Bytes already in the store's own storage (a finished resumable upload):
 * a file on the same disk, or an object in the same bucket.
 */
export type AdoptSource = { kind: 'file'; path: string } | { kind: 'object'; bucket: string; key: string; size: number };

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where attachment bytes live, keyed by a server-assigned id (never a user's
 * filename). A disk implementation ships; an S3-compatible one can replace it
 * without touching the routes.
 */
export interface BlobStore {
  /** Starts writing the blob `id`; nothing is visible under `id` until `commit()`. */
  create(id: string): Promise<BlobWriter>;
  /** The blob's size, or null when there is none. */
  size(id: string): Promise<number | null>;
  /** A stream of the blob (or of a range of it). */
  read(id: string, range?: ByteRange): Readable;
  delete(id: string): Promise<void>;
  /** Every committed blob id (for the orphan sweep on start). */
  list(): AsyncIterable<string>;
  /**
   * Publishes `source` as the blob `id` without passing its bytes through the
   * server (a hard link on disk, a copy inside the bucket), durable when it
   * answers true; false when it cannot (another disk or bucket), and then the
   * caller streams the bytes through `create()`. The source stays; the caller removes it.
   */
  adopt?(id: string, source: AdoptSource): Promise<boolean>;
}

export interface DiskBlobStore extends BlobStore {
  /** Removes temp files left by a crash or an aborted upload. */
  removeStrayTempFiles(): Promise<number>;
  readonly directory: string;
  readonly tempDirectory: string;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

function checkId(id: string): string {
  if (!idPattern.test(id)) throw new Error(`invalid blob id ${JSON.stringify(id)}`);
  return id;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Blobs as files: `<dir>/blobs/<id[0..2]>/<id>`, written to `<dir>/tmp/<uuid>.part`,
 * fsynced, then renamed into place (and the directory fsynced), so a blob is
 * either complete or absent.
 */
export async function createDiskBlobStore(directory: string): Promise<DiskBlobStore> {
  const blobs = join(directory, 'blobs');
  const temp = join(directory, 'tmp');
  await mkdir(blobs, { recursive: true });
  await mkdir(temp, { recursive: true });
  const pathOf = (id: string) => join(blobs, checkId(id).slice(0, 2).toLowerCase(), id);

  return {
    directory: blobs,
    tempDirectory: temp,

    async create(id) {
      const target = pathOf(id);
      const tempPath = join(temp, `${randomUUID()}.part`);
      const stream: WriteStream = createWriteStream(tempPath, { flags: 'wx' });
      let settled = false;
      return {
        stream,
        localPath: tempPath,
        async commit() {
          if (!stream.writableFinished) await finished(stream);
          await fsyncPath(tempPath);
          await mkdir(join(target, '..'), { recursive: true });
          await rename(tempPath, target);
          settled = true;
          await fsyncPath(join(target, '..'));
        },
        async discard() {
          if (!stream.destroyed) stream.destroy();
          await finished(stream).catch(() => {});
          await rm(tempPath, { force: true });
          if (settled) await rm(target, { force: true });
        },
      };
    },

    async adopt(id, source) {
      if (source.kind !== 'file') return false;
      const target = pathOf(id);
      await fsyncPath(source.path);
      await mkdir(join(target, '..'), { recursive: true });
      try {
        await link(source.path, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Another file system, or one without hard links: the caller copies.
        if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') return false;
        throw error;
      }
      await fsyncPath(join(target, '..'));
      return true;
    },

    async size(id) {
      try {
        return (await stat(pathOf(id))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },

    read(id, range) {
      return createReadStream(pathOf(id), range ? { start: range.start, end: range.end } : {});
    },

    async delete(id) {
      try {
        await unlink(pathOf(id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },

    async *list() {
      for (const shard of await readdir(blobs)) {
        let entries: string[];
        try {
          entries = await readdir(join(blobs, shard));
        } catch {
          continue;
        }
        for (const entry of entries) if (idPattern.test(entry)) yield entry;
      }
    },

    async removeStrayTempFiles() {
      const entries = await readdir(temp);
      await Promise.all(entries.map((entry) => rm(join(temp, entry), { force: true, recursive: true })));
      return entries.length;
    },
  };
}
