/**
 * `attachkit-server --clamav` / ATTACHKIT_CLAMAV and `--keep-location`:
 * parsed first (a bad address stops the server with a sentence naming the
 * flag), and the real CLI process scans with the clamd it is pointed at
 * (EICAR refused, an unreachable scanner fails closed). Also: every flag of
 * `--help` is in docs/server.md's table.
 */
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CliUsageError, parseCliOptions, usage } from '../src/cli-options.js';
import { clamavOptionsFromUrl } from '../src/scan/clamav.js';
import { eicar, eicarSignature, startClamd, type TestClamd } from './support/clamd.js';
import { runCli } from './support/cli.js';
import { freePort } from './support/postgres.js';

const upload = (baseURL: string, name: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  return fetch(`${baseURL}/api/records/job/J-1001/attachments`, {
    method: 'POST',
    headers: { Authorization: 'Bearer demo-tech' },
    body: form,
  });
};

describe('CLI malware scanning and photo location flags', () => {
  it('takes the clamd address from --clamav, else ATTACHKIT_CLAMAV; none by default', () => {
    assert.equal(
      parseCliOptions(['--clamav', 'unix:/run/clamav/clamd.ctl'], { ATTACHKIT_CLAMAV: 'tcp://env:3310' }).clamav,
      'unix:/run/clamav/clamd.ctl',
    );
    assert.equal(parseCliOptions([], { ATTACHKIT_CLAMAV: 'tcp://clamd:3310' }).clamav, 'tcp://clamd:3310');
    assert.equal(parseCliOptions([], { ATTACHKIT_CLAMAV: '' }).clamav, undefined);
    assert.equal(parseCliOptions([], {}).clamav, undefined);
  });

  it('reads tcp://host:port, host:port (port 3310 by default) and unix:/path', () => {
    assert.deepEqual(clamavOptionsFromUrl('tcp://10.0.0.5:3311'), { host: '10.0.0.5', port: 3311 });
    assert.deepEqual(clamavOptionsFromUrl('tcp://clamd.internal'), { host: 'clamd.internal', port: 3310 });
    assert.deepEqual(clamavOptionsFromUrl('127.0.0.1:3310'), { host: '127.0.0.1', port: 3310 });
    assert.deepEqual(clamavOptionsFromUrl('unix:/run/clamav/clamd.ctl'), { socket: '/run/clamav/clamd.ctl' });
    assert.deepEqual(clamavOptionsFromUrl('unix:///run/clamav/clamd.ctl'), { socket: '/run/clamav/clamd.ctl' });
  });

  it('refuses another kind of address before starting, naming the flag', () => {
    for (const [argv, env] of [
      [['--clamav', 'http://clamd:3310'], {}],
      [[], { ATTACHKIT_CLAMAV: 'https://clamd' }],
    ] as const)
      assert.throws(
        () => parseCliOptions([...argv], env),
        (e: Error) =>
          e instanceof CliUsageError && /^--clamav takes tcp:\/\/host:port or unix:\/path.*, not "https?:\/\/clamd/.test(e.message),
      );
  });

  it('keeps photo locations only with --keep-location', () => {
    assert.equal(parseCliOptions([], {}).keepLocation, false);
    assert.equal(parseCliOptions(['--keep-location'], {}).keepLocation, true);
  });

  it('docs/server.md lists every flag of --help', async () => {
    const doc = await readFile(new URL('../../../docs/server.md', import.meta.url), 'utf8');
    const flags = [...new Set([...usage.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!))];
    assert.ok(flags.length > 10, `flags read from the usage text: ${flags.join(' ')}`);
    const rows = doc.split('\n').filter((line) => line.startsWith('| `--'));
    const missing = flags.filter((flag) => !rows.some((row) => new RegExp(`\`${flag}[\` ]`).test(row)));
    assert.deepEqual(missing, [], 'flags without a row in the table of docs/server.md');
  });
});

describe('the CLI scans with clamd', () => {
  let clamd: TestClamd;
  let dataDir: string;
  before(async () => {
    clamd = await startClamd();
    dataDir = await mkdtemp(join(tmpdir(), 'attachkit-cli-clamav-'));
  });
  after(async () => {
    await clamd?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('--clamav unix:<socket>: a clean file is stored, EICAR is refused with 422 upload.malware', async () => {
    const run = runCli(['--data', join(dataDir, 'unix'), '--clamav', `unix:${clamd.socket}`]);
    try {
      const baseURL = await run.baseURL;
      const clean = await upload(baseURL, 'clean.txt', new TextEncoder().encode('nothing to see here\n'));
      assert.equal(clean.status, 201, await clean.text());
      const infected = await upload(baseURL, 'invoice-reader.txt', eicar);
      assert.equal(infected.status, 422);
      const problem = await infected.json();
      assert.equal(problem.code, 'upload.malware');
      assert.match(problem.detail, new RegExp(eicarSignature));
    } finally {
      await run.stop();
    }
  });

  it('ATTACHKIT_CLAMAV pointing where nothing listens: uploads fail closed with 503 scan.unavailable', async () => {
    const run = runCli(['--data', join(dataDir, 'down')], { ATTACHKIT_CLAMAV: `tcp://127.0.0.1:${await freePort()}` });
    try {
      const response = await upload(await run.baseURL, 'report.txt', new TextEncoder().encode('quarterly figures\n'));
      assert.equal(response.status, 503);
      assert.equal((await response.json()).code, 'scan.unavailable');
    } finally {
      await run.stop();
    }
  });
});
