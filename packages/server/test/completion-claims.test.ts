/**
 * The completion claims of finished tus uploads (storage/completion-claims.ts)
 * on both metadata stores, SQLite and PostgreSQL: one holder at a time, a
 * lease that its holder renews and that another may take once it ran out,
 * a settled refusal kept for the client's retries, a sweep.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openMetadata, type MetadataStorage } from '../src/storage/open-storage.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const refused = { status: 422, code: 'upload.malware', detail: 'infected.bin holds Eicar-Test-Signature.' };

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`completion claims on ${kind}`, () => {
    let postgres: TestPostgres | undefined;
    let dir: string;
    let storage: MetadataStorage;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'attachkit-claims-'));
      if (kind === 'postgres') postgres = await startPostgres();
      storage = await openMetadata(dir, postgres ? await postgres.createDatabase('claims') : undefined);
    });
    after(async () => {
      await storage?.close();
      await postgres?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('gives a completion to one holder at a time, renewed by its holder only', async () => {
      const { claims } = storage;
      assert.equal(await claims.get('u-1'), null);
      assert.equal(await claims.claim('u-1', 'a', 'staff:u-tech', 10_000), true);
      assert.equal(await claims.claim('u-1', 'b', 'staff:u-tech', 10_000), false, 'a live lease is not taken');
      assert.equal(await claims.claim('u-1', 'a', 'staff:u-tech', 10_000), false, 'not even by its holder twice');
      assert.deepEqual(await claims.get('u-1'), { state: 'running' });
      assert.equal(await claims.renew('u-1', 'b', 10_000), false);
      assert.equal(await claims.renew('u-1', 'a', 10_000), true);
      await claims.settle('u-1', 'b', null, 0);
      assert.deepEqual(await claims.get('u-1'), { state: 'running' }, 'only the holder ends it');
      await claims.settle('u-1', 'a', null, 0);
      assert.equal(await claims.get('u-1'), null, 'an attachment now: the claim is gone');
    });

    it('lets another holder take a lease that ran out, and the old holder then renews nothing', async () => {
      const { claims } = storage;
      assert.equal(await claims.claim('u-2', 'dead', 'staff:u-tech', 50), true);
      await sleep(80);
      assert.equal(await claims.get('u-2'), null, 'a lease that ran out runs nothing');
      assert.equal(await claims.claim('u-2', 'b', 'staff:u-tech', 10_000), true);
      assert.equal(await claims.renew('u-2', 'dead', 10_000), false);
      assert.equal(await claims.claim('u-2', 'c', 'staff:u-tech', 10_000), false);
      await claims.settle('u-2', 'b', null, 0);
    });

    it('keeps a settled refusal for its owner, never claimed again, until the sweep after it was kept long enough', async () => {
      const { claims } = storage;
      assert.equal(await claims.claim('u-3', 'a', 'staff:u-tech', 10_000), true);
      await claims.settle('u-3', 'a', refused, 60);
      assert.deepEqual(await claims.get('u-3'), { state: 'settled', owner: 'staff:u-tech', outcome: refused });
      assert.equal(await claims.claim('u-3', 'b', 'staff:u-tech', 10_000), false, 'a refused upload is not completed again');
      assert.equal(await claims.claim('u-4', 'a', 'staff:u-tech', 10_000), true);
      await sleep(100);
      assert.equal(await claims.sweep(), 1, 'the refusal kept long enough; the live claim stays');
      assert.equal(await claims.get('u-3'), null);
      assert.deepEqual(await claims.get('u-4'), { state: 'running' });
      await claims.settle('u-4', 'a', null, 0);
    });
  });
}
