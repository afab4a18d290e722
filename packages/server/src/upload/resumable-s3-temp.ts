import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Store, type MetadataValue, type Options } from '@tus/s3-store';
import { StreamSplitter } from '@tus/server';

/** One permit of the store's part-upload semaphore (`@tus/s3-store`'s own type is not exported). */
interface Permit {
  release(): Promise<void>;
}

/**
 * Empties `directory` (creating it when missing) and answers how many entries
 * it removed. Called at start-up, when the files there can only be a dead
 * process's: one process owns its data directory.
 */
export async function sweepTempDirectory(directory: string): Promise<number> {
  await mkdir(directory, { recursive: true });
  const entries = await readdir(directory);
  await Promise.all(entries.map((entry) => rm(join(directory, entry), { force: true, recursive: true })));
  return entries.length;
}

/**
 * `@tus/s3-store` with its temporary files in a directory of our own instead
 * of `os.tmpdir()`: each part waits in a file until it is sent, and the tail
 * kept as a `.part` object is downloaded to one when the next PATCH begins.
 * The library removes them when a PATCH ends, but not after a kill -9; in a
 * shared temp directory their names (ten random characters and a number)
 * cannot be told from anyone else's, so they stayed forever. Here they live in
 * `tempDirectory`, swept at start-up.
 *
 * The library hard-codes `os.tmpdir()` (2.0.7 has no option for it), in two
 * protected methods: `uniqueTmpFileName` and `uploadParts`. Both are
 * overridden; `uploadParts` is the library's own, line for line, with the
 * splitter's directory changed (re-check it when upgrading @tus/s3-store).
 */
export class S3StoreWithTempDirectory extends S3Store {
  readonly tempDirectory: string;

  constructor(options: Options & { tempDirectory: string }) {
    const { tempDirectory, ...rest } = options;
    super(rest);
    this.tempDirectory = tempDirectory;
  }

  protected override uniqueTmpFileName(template: string): Promise<string> {
    // Ten random bytes: a name never used twice, so no lstat loop is needed.
    return Promise.resolve(join(this.tempDirectory, `${template}${randomBytes(10).toString('base64url')}`));
  }

  protected override async uploadParts(
    metadata: MetadataValue,
    readStream: Readable,
    currentPartNumber: number,
    offset: number,
  ): Promise<number> {
    const size = metadata.file.size;
    const promises: Promise<void>[] = [];
    // An object: TypeScript does not see the listeners' assignments, and would narrow a plain variable to null.
    const pending: { path: string | null } = { path: null };
    let bytesUploaded = 0;
    let permit: Permit | undefined;
    let partNumber = currentPartNumber;
    let reached = offset;
    const splitterStream = new StreamSplitter({ chunkSize: this.calcOptimalPartSize(size), directory: this.tempDirectory })
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the splitter awaits its listeners (emitEvent)
      .on('beforeChunkStarted', async () => {
        permit = await this.partUploadSemaphore.acquire();
      })
      .on('chunkStarted', (filepath: string) => {
        pending.path = filepath;
      })
      .on('chunkFinished', ({ path, size: partSize }: { path: string; size: number }) => {
        pending.path = null;
        const acquiredPermit = permit;
        const thisPart = partNumber++;
        reached += partSize;
        const isFinalPart = size === reached;
        const deferred = (async () => {
          try {
            const readable = createReadStream(path);
            const unreadable = new Promise<never>((_resolve, reject) => readable.on('error', reject));
            unreadable.catch(() => {});
            const sent =
              partSize >= this.minPartSize || isFinalPart
                ? this.uploadPart(metadata, readable, thisPart)
                : this.uploadIncompletePart(metadata.file.id, readable);
            await Promise.race([sent, unreadable]);
            bytesUploaded += partSize;
          } catch (error) {
            // Stops the splitter from taking more chunks.
            splitterStream.destroy(error as Error);
            throw error;
          } finally {
            rm(path, { force: true }).catch(() => {});
            acquiredPermit?.release().catch(() => {});
          }
        })();
        // Awaited below with the others; this only prevents an unhandled rejection meanwhile.
        deferred.catch(() => {});
        promises.push(deferred);
      })
      .on('chunkError', () => {
        permit?.release().catch(() => {});
      });
    try {
      await pipeline(readStream, splitterStream);
    } catch (error) {
      if (pending.path !== null) await rm(pending.path, { force: true }).catch(() => {});
      promises.push(Promise.reject(error instanceof Error ? error : new Error(String(error))));
    } finally {
      // Every part settles before the answer; the first failure is then the answer.
      await Promise.allSettled(promises);
    }
    await Promise.all(promises);
    return bytesUploaded;
  }
}
