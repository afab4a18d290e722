/** `attachkit-server --metadata / --blobs` (and ATTACHKIT_METADATA / ATTACHKIT_BLOBS): parsed first, clear one-line errors at start. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CliUsageError, parseCliOptions } from '../src/cli-options.js';
import { runCli } from './support/cli.js';
import { freePort } from './support/postgres.js';

describe('CLI storage options', () => {
  it('takes the URLs from the flags, else from the environment', () => {
    const env = { ATTACHKIT_METADATA: 'postgres://env@db/a', ATTACHKIT_BLOBS: 's3://env-bucket' };
    assert.deepEqual(
      (({ metadata, blobs }) => ({ metadata, blobs }))(
        parseCliOptions(['--metadata', 'postgres://flag@db/a', '--blobs', 's3://flag-bucket/p?forcePathStyle=true'], env),
      ),
      { metadata: 'postgres://flag@db/a', blobs: 's3://flag-bucket/p?forcePathStyle=true' },
    );
    assert.deepEqual((({ metadata, blobs }) => ({ metadata, blobs }))(parseCliOptions([], env)), {
      metadata: env.ATTACHKIT_METADATA,
      blobs: env.ATTACHKIT_BLOBS,
    });
    assert.deepEqual(
      (({ metadata, blobs }) => ({ metadata, blobs }))(parseCliOptions([], {})),
      { metadata: undefined, blobs: undefined },
      'the embedded defaults',
    );
  });

  it('refuses bad URLs before starting, naming the flag', () => {
    assert.throws(
      () => parseCliOptions(['--metadata', 'sqlite://x'], {}),
      (e: Error) => e instanceof CliUsageError && /^--metadata: .*scheme sqlite/.test(e.message),
    );
    assert.throws(
      () => parseCliOptions([], { ATTACHKIT_BLOBS: 's3://x' }),
      (e: Error) => e instanceof CliUsageError && /^--blobs: .*not a valid S3 bucket name/.test(e.message),
    );
  });

  it('stops with one line when the database cannot be reached', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'attachkit-cli-'));
    try {
      const run = runCli(['--data', dataDir], {
        ATTACHKIT_METADATA: `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/attachkit`,
      });
      const { code, output } = await run.exited;
      assert.equal(code, 1);
      assert.match(
        output,
        /^attachkit-server: Cannot reach the metadata database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/attachkit: .+$/m,
      );
      assert.doesNotMatch(output, /hunter2| {4}at /, 'no password, no stack trace');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
