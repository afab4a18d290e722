/**
 * The checksum of a resumable upload as its PATCHes store it
 * (upload/resumable-checksum.ts): continued across PATCHes, correct after a
 * PATCH the store ended early, and never trusted across a gap (a PATCH this
 * process did not see, a failed write) — the completion then reads the bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { DataStore } from '@tus/server';
import { ContentTracker, trackedHeadBytes } from '../src/upload/resumable-checksum.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A store that keeps the bytes in memory; `keep` limits how many of a write it stores (an early end); `fail` throws after reading. */
class MemoryStore extends DataStore {
  bytes = Buffer.alloc(0);
  keep = Infinity;
  fail = false;
  override async write(stream: Readable, _id: string, offset: number): Promise<number> {
    assert.equal(offset, this.bytes.length);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (this.fail) throw new Error('the disk is full');
    const received = Buffer.concat(chunks);
    this.bytes = Buffer.concat([this.bytes, received.subarray(0, Math.min(received.length, this.keep))]);
    return this.bytes.length;
  }
}

const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31 + 7) & 0xff));
const chunks = (bytes: Buffer) => Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]);

describe('the checksum of a resumable upload, as its PATCHes store it', () => {
  it('continues over PATCHes and gives the SHA-256 of the whole file and its first bytes', async () => {
    const store = new MemoryStore();
    const tracker = new ContentTracker();
    tracker.follow(store);
    assert.equal(await store.write(chunks(data.subarray(0, 50_000)), 'u1', 0), 50_000);
    assert.equal(await store.write(chunks(data.subarray(50_000)), 'u1', 50_000), data.length);
    const tracked = tracker.take('u1', data.length)!;
    assert.equal(tracked.checksum, sha256(data));
    assert.deepEqual(tracked.head, data.subarray(0, trackedHeadBytes));
    assert.equal(tracker.take('u1', data.length), undefined, 'taken once');
  });

  it('stays right when a write ends early with the bytes that arrived (an interrupted PATCH)', async () => {
    const store = new MemoryStore();
    const tracker = new ContentTracker();
    tracker.follow(store);
    assert.equal(await store.write(Readable.from([data.subarray(0, 30_000)]), 'u2', 0), 30_000);
    assert.equal(await store.write(chunks(data.subarray(30_000)), 'u2', 30_000), data.length);
    assert.equal(tracker.take('u2', data.length)!.checksum, sha256(data));
  });

  it('gives nothing across a gap: a PATCH seen elsewhere, a store that kept fewer bytes, or a failed write', async () => {
    const tracker = new ContentTracker();
    const elsewhere = new MemoryStore();
    tracker.follow(elsewhere);
    elsewhere.bytes = data.subarray(0, 40_000); // another process stored these
    await elsewhere.write(chunks(data.subarray(40_000)), 'gap', 40_000);
    assert.equal(tracker.take('gap', data.length), undefined);

    const short = new MemoryStore();
    tracker.follow(short);
    short.keep = 10_000;
    await short.write(chunks(data.subarray(0, 50_000)), 'short', 0);
    short.keep = Infinity;
    await short.write(chunks(data.subarray(10_000)), 'short', 10_000);
    assert.equal(tracker.take('short', data.length), undefined, 'the hash saw bytes the store did not keep');

    const failing = new MemoryStore();
    tracker.follow(failing);
    failing.fail = true;
    await assert.rejects(failing.write(chunks(data.subarray(0, 50_000)), 'failed', 0));
    failing.fail = false;
    await failing.write(chunks(data), 'failed', 0);
    assert.equal(tracker.take('failed', data.length)!.checksum, sha256(data), 'a new start at 0 is followed again');
  });
});
