/**
 * The `--tokens` file: checked with zod at start (the error names the entry,
 * never its token), grants only from the database (a staff user the database
 * does not know is created with the catalog defaults), and the bearer tokens
 * compared in constant time.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminUser, defaultGrants, defaultPermissionCatalog } from '@attachkit/sdk';
import { parseTokenFile, TokenFileError } from '../src/auth/token-file.js';
import { runCli } from './support/cli.js';
import { startServer } from './support/harness.js';

const boss = 'tok-boss-0123456789abcdef';
const newbie = 'tok-newbie-0123456789abcdef';
const portal = 'tok-portal-0123456789abcdef';
const crm = 'tok-crm-0123456789abcdef';
const goodFile = {
  [boss]: { principal: { kind: 'staff', id: 'u-boss', name: 'Boss' }, level: 'web' },
  [newbie]: { principal: { kind: 'staff', id: 'u-new', name: 'New Tech', grants: {} }, level: 'mobile' },
  [portal]: { principal: { kind: 'client', id: 'cust-42' }, level: 'web' },
  [crm]: { host: true, id: 'crm' },
};

const refused = (file: unknown, pattern: RegExp) => () =>
  assert.throws(
    () => parseTokenFile(typeof file === 'string' ? file : JSON.stringify(file), 'tokens.json'),
    (error: unknown) => {
      assert.ok(error instanceof TokenFileError);
      assert.match(error.message, pattern);
      for (const token of typeof file === 'object' && file ? Object.keys(file) : [])
        assert.ok(!error.message.includes(token), `the message prints a token: ${error.message}`);
      return true;
    },
  );

describe('token file checks', () => {
  it('accepts staff, clients and the host service, with empty grants for staff', () => {
    const callers = parseTokenFile(JSON.stringify(goodFile));
    assert.deepEqual(callers[boss], { principal: { kind: 'staff', id: 'u-boss', name: 'Boss', grants: {} }, level: 'web' });
    assert.deepEqual(callers[crm], { host: true, id: 'crm' });
    assert.deepEqual(callers[portal], { principal: { kind: 'client', id: 'cust-42' }, level: 'web' });
  });
  it('refuses text that is not JSON', refused('{ "a": ', /tokens\.json is not valid JSON/));
  it('refuses an array', refused([], /must be a JSON object/));
  it('refuses an empty file', refused({}, /holds no tokens/));
  it(
    'names the entry with an unknown principal kind',
    refused(
      { ...goodFile, 'tok-robot-0123456789abcdef': { principal: { kind: 'robot', id: 'r' }, level: 'web' } },
      /entry 5 \(token tok…, 26 characters, id "r"\): principal\.kind/,
    ),
  );
  it(
    'names the entry of a staff user without a name',
    refused({ [boss]: { principal: { kind: 'staff', id: 'u-1' }, level: 'web' } }, /entry 1 .*principal\.name/),
  );
  it(
    'names the entry with an unknown access level',
    refused({ [boss]: { principal: { kind: 'client', id: 'c' }, level: 'desktop' } }, /entry 1 .*level/),
  );
  it(
    'refuses grants in the file: they live in the database',
    refused(
      { [boss]: { principal: { kind: 'staff', id: 'u-1', name: 'A', grants: { web: ['users.managePermissions'] } }, level: 'web' } },
      /grants come from the database/,
    ),
  );
  it('refuses unknown keys', refused({ [boss]: { principal: { kind: 'client', id: 'c' }, level: 'web', admin: true } }, /entry 1 .*admin/));
  it('refuses short tokens', refused({ short: { host: true, id: 'crm' } }, /entry 1 .*16 to 512 printable ASCII/));
  it('refuses tokens with spaces', refused({ 'has a space in it, long enough': { host: true, id: 'crm' } }, /entry 1 .*without spaces/));
});

describe('attachkit-server --tokens', { timeout: 60_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'attachkit-tokens-test-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('stops at start with one line naming the bad entry (no stack trace, no token)', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ ...goodFile, [newbie]: { principal: { kind: 'staff', id: 'u-new' }, level: 'mobile' } }));
    const { code, output } = await runCli(['--data', join(dir, 'data-bad'), '--tokens', file]).exited;
    assert.equal(code, 1);
    assert.match(output, /attachkit-server: .*bad\.json, entry 2 \(token tok…, 27 characters, id "u-new"\): principal\.name/);
    assert.ok(!output.includes(newbie) && !output.includes(boss), 'no token is printed');
    assert.ok(!/\n\s+at /.test(output), `no stack trace:\n${output}`);
  });

  it('creates staff users the database lacks with the catalog defaults (--admins: every permission); grants come only from the database', async () => {
    const file = join(dir, 'tokens.json');
    await writeFile(file, JSON.stringify(goodFile));
    const data = join(dir, 'data');
    let server = runCli(['--data', data, '--tokens', file, '--admins', 'u-boss']);
    try {
      const baseURL = await server.baseURL;
      const as = (token: string, path: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}) =>
        fetch(baseURL + path, {
          ...init,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
        });
      const users = (await (await as(boss, '/api/users')).json()) as { id: string; grants: unknown }[];
      assert.deepEqual(users.find((u) => u.id === 'u-new')?.grants, defaultGrants(defaultPermissionCatalog));
      assert.deepEqual(users.find((u) => u.id === 'u-boss')?.grants, adminUser(defaultPermissionCatalog).grants);
      const session = (await (await as(newbie, '/api/session')).json()) as { principal: { grants: unknown } };
      assert.deepEqual(session.principal.grants, defaultGrants(defaultPermissionCatalog));
      // The admin manages the new user; the change is what counts from then on, across restarts.
      const changed = await as(boss, '/api/users/u-new/grants', { method: 'PUT', body: JSON.stringify({ mobile: ['attachments.view'] }) });
      assert.equal(changed.status, 200, await changed.text());
      await server.stop();
      server = runCli(['--data', data, '--tokens', file]);
      const again = await server.baseURL;
      const restarted = (await (await fetch(`${again}/api/session`, { headers: { Authorization: `Bearer ${newbie}` } })).json()) as {
        principal: { grants: unknown };
      };
      assert.deepEqual(restarted.principal.grants, { ...defaultGrants(defaultPermissionCatalog), mobile: ['attachments.view'] });
      assert.equal((await fetch(`${again}/api/session`, { headers: { Authorization: `Bearer ${newbie}x` } })).status, 401);
    } finally {
      await server.stop();
    }
  });

  it('refuses --admins naming nobody of the token file', async () => {
    const file = join(dir, 'tokens-admins.json');
    await writeFile(file, JSON.stringify(goodFile));
    const { code, output } = await runCli(['--data', join(dir, 'data-admins'), '--tokens', file, '--admins', 'u-ghost']).exited;
    assert.equal(code, 1);
    assert.match(output, /--admins names "u-ghost", not a staff user of the token file/);
  });
});

describe('bearer tokens', () => {
  it('match exactly: no prefix, suffix, other case or other length gets in', async () => {
    const server = await startServer({
      tokens: { [crm]: { host: true, id: 'crm' }, [portal]: { principal: { kind: 'client', id: 'cust-42' }, level: 'web' } },
    });
    try {
      assert.equal((await server.fetch('/api/session', portal)).status, 200);
      for (const wrong of [portal.slice(0, -1), `${portal}0`, portal.toUpperCase(), 'x', `${portal} ${portal}`]) {
        assert.equal((await server.fetch('/api/session', wrong)).status, 401, wrong);
      }
    } finally {
      await server.close();
    }
  });
});
