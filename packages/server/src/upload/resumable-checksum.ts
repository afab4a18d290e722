import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { DataStore } from '@tus/server';

/** The bytes kept for sniffing at completion (as much as the multipart pipeline keeps). */
export const trackedHeadBytes = 64 * 1024;

/** Uploads followed at once per process; the oldest is dropped beyond (its completion then reads the bytes back). */
const maxTracked = 256;

interface Entry {
  /** SHA-256 of the stored bytes [0, offset). */
  hash: Hash;
  offset: number;
  head: Buffer[];
  headSize: number;
}

/** What the PATCHes of a finished upload told about its bytes. */
export interface TrackedContent {
  /** Hex SHA-256 of all the bytes. */
  checksum: string;
  /** The first bytes (up to `trackedHeadBytes`). */
  head: Buffer;
}

/**
 * Hashes each upload's bytes as its PATCHes store them, so the completion
 * need not read the whole file back. A PATCH continues the hash when it
 * starts where the last one this process saw ended; a PATCH that another
 * process took (behind a round-robin proxy), or one whose write failed,
 * leaves a gap, and the upload is then hashed by reading it back at
 * completion. An interrupted PATCH whose store kept the bytes that arrived
 * (the store's write ends normally) stays continuous.
 */
export class ContentTracker {
  private readonly entries = new Map<string, Entry>();

  /** Wraps `datastore.write` so the bytes it stores pass through the hash on their way. */
  follow(datastore: DataStore): void {
    const write = datastore.write.bind(datastore);
    datastore.write = async (stream: Readable, id: string, offset: number): Promise<number> => {
      const entry = this.start(id, offset);
      if (!entry) return write(stream, id, offset);
      let counted = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          entry.hash.update(chunk);
          counted += chunk.length;
          if (entry.headSize < trackedHeadBytes) {
            const part = chunk.subarray(0, trackedHeadBytes - entry.headSize);
            entry.head.push(Buffer.from(part));
            entry.headSize += part.length;
          }
          callback(null, chunk);
        },
      });
      try {
        const stored = await write(
          pipeline(stream, tap, () => {}),
          id,
          offset,
        );
        if (stored === offset + counted) {
          entry.offset = stored;
          this.entries.set(id, entry);
        } else this.entries.delete(id);
        return stored;
      } catch (error) {
        this.entries.delete(id);
        throw error;
      }
    };
  }

  /** The entry a PATCH at `offset` continues: the one ending there, a new one at 0, else none (a gap). */
  private start(id: string, offset: number): Entry | undefined {
    const entry = this.entries.get(id);
    this.entries.delete(id); // re-inserted (as the newest) when the write is continuous
    if (entry?.offset === offset) return entry;
    if (offset !== 0) return undefined;
    if (this.entries.size >= maxTracked) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return { hash: createHash('sha256'), offset: 0, head: [], headSize: 0 };
  }

  /** The checksum and head of a finished upload of `size` bytes, when every byte passed by here; forgets the upload. */
  take(id: string, size: number): TrackedContent | undefined {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    if (entry?.offset !== size) return undefined;
    return { checksum: entry.hash.digest('hex'), head: Buffer.concat(entry.head, entry.headSize) };
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
