/**
 * The access matrix: every seeded demo principal × item state (hidden/viewable
 * × confidential × own/foreign client) × action, with the expected HTTP
 * status written out from the product rules, and a check that the server's
 * answer agrees with the SDK's `can()` for every cell.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { can, type Action, type Attachment, type Note, type PolicyContext, type Principal, type StaffUser } from '@attachkit/sdk';
import { startServer, type TestServer } from './support/harness.js';

type PrincipalName = 'admin' | 'tech' | 'techConfidential' | 'clientA' | 'clientB';
interface ItemState {
  portal: 'hidden' | 'viewable';
  confidential: boolean;
  client: 'client-a' | 'client-b';
}

const principals: Record<PrincipalName, { token: string; staffId?: string; clientId?: string; level: 'web' | 'mobile' }> = {
  admin: { token: 'demo-admin', staffId: 'u-admin', level: 'web' },
  tech: { token: 'demo-tech', staffId: 'u-tech', level: 'mobile' },
  techConfidential: { token: 'demo-tech-confidential', staffId: 'u-tech-confidential', level: 'mobile' },
  clientA: { token: 'demo-client-a', clientId: 'client-a', level: 'web' },
  clientB: { token: 'demo-client-b', clientId: 'client-b', level: 'web' },
};
const names = Object.keys(principals) as PrincipalName[];

// ---- The rules, written out from the product description (not from the SDK code).
/** Who sees an item: admins and confidential-cleared techs everything; techs what is not confidential; a client what is viewable and theirs. */
const sees: Record<PrincipalName, (s: ItemState) => boolean> = {
  admin: () => true,
  tech: (s) => !s.confidential,
  techConfidential: () => true,
  clientA: (s) => s.portal === 'viewable' && s.client === 'client-a',
  clientB: (s) => s.portal === 'viewable' && s.client === 'client-b',
};
/** Who may share/hide and delete what they see: only the office admin. */
const mayWrite: Record<PrincipalName, boolean> = { admin: true, tech: false, techConfidential: false, clientA: false, clientB: false };
const isClient = (name: PrincipalName) => name === 'clientA' || name === 'clientB';
const ownsRecord = (name: PrincipalName, s: ItemState) => !isClient(name) || principals[name].clientId === s.client;

interface Expected {
  status: number;
  listed?: boolean;
}
const expectedFor: Record<string, (name: PrincipalName, s: ItemState) => Expected> = {
  list: (n, s) => (ownsRecord(n, s) ? { status: 200, listed: sees[n](s) } : { status: 404 }),
  metadata: (n, s) => ({ status: sees[n](s) ? 200 : 404 }),
  content: (n, s) => ({ status: sees[n](s) ? 200 : 404 }),
  patch: (n, s) => ({ status: !sees[n](s) ? 404 : mayWrite[n] ? 200 : 403 }),
  // Bulk requests are authorized before their body (the ids) is read: who may share nothing gets 403 for any ids.
  bulk: (n, s) => ({ status: !mayWrite[n] ? 403 : !sees[n](s) ? 404 : 200 }),
  delete: (n, s) => ({ status: !sees[n](s) ? 404 : mayWrite[n] ? 204 : 403 }),
  notesList: (n, s) => (ownsRecord(n, s) ? { status: 200, listed: sees[n](s) } : { status: 404 }),
  notePatch: (n, s) => ({ status: !sees[n](s) ? 404 : mayWrite[n] ? 200 : 403 }),
  noteDelete: (n, s) => ({ status: !sees[n](s) ? 404 : mayWrite[n] ? 204 : 403 }),
};

/** The SDK's answer for the same cell: the server must agree with it. */
function sdkAllows(action: string, principal: Principal, item: Attachment | Note, ctx: PolicyContext): boolean {
  const kind = 'body' in item ? 'note' : 'attachment';
  const view = can(principal, `${kind}.view` as Action, item, ctx);
  const share = can(principal, item.portal === 'viewable' ? `${kind}.share` : `${kind}.hide`, item, ctx);
  switch (action) {
    case 'list':
    case 'metadata':
    case 'notesList':
      return view;
    case 'content':
      return can(principal, 'attachment.download', item, ctx);
    case 'patch':
    case 'bulk':
    case 'notePatch':
      return view && share;
    default:
      return view && can(principal, `${kind}.delete` as Action, item, ctx);
  }
}

const states: ItemState[] = [];
for (const client of ['client-a', 'client-b'] as const) {
  for (const portal of ['hidden', 'viewable'] as const)
    for (const confidential of [false, true]) states.push({ portal, confidential, client });
}
const recordOf = (s: ItemState) => (s.client === 'client-a' ? { type: 'job', id: 'J-1001' } : { type: 'job', id: 'J-2001' });
const describeState = (s: ItemState) => `${s.portal}/${s.confidential ? 'confidential' : 'normal'}/${s.client}`;

describe('access matrix: demo principals × item states × actions', () => {
  let server: TestServer;
  let ctx: Record<PrincipalName, PolicyContext>;
  let subjects: Record<PrincipalName, Principal>;
  const attachments: { state: ItemState; item: Attachment }[] = [];
  const notes: { state: ItemState; item: Note }[] = [];

  before(async () => {
    server = await startServer();
    const admin = server.backend('demo-admin');
    for (const state of states) {
      const file = {
        name: `matrix-${describeState(state).replaceAll('/', '-')}.txt`,
        data: new Blob([`content for ${describeState(state)}`]),
      };
      let attachment = await admin.uploadAttachment(recordOf(state), file);
      let note = await admin.createNote(recordOf(state), { body: `note ${describeState(state)}` });
      const set = { portal: state.portal, confidential: state.confidential };
      attachment = await admin.patchAttachment(attachment.id, set);
      note = await admin.patchNote(note.id, set);
      attachments.push({ state, item: attachment });
      notes.push({ state, item: note });
    }
    const users = new Map((await admin.listUsers()).map((u: StaffUser) => [u.id, u]));
    const portal = await admin.getPortalSettings();
    ctx = {} as typeof ctx;
    subjects = {} as typeof subjects;
    for (const name of names) {
      const p = principals[name];
      subjects[name] = p.staffId ? users.get(p.staffId)! : { kind: 'client', id: p.clientId! };
      ctx[name] = { level: p.level, portalSettings: portal.settings, apps: portal.apps };
    }
  });
  after(() => server.close());

  /** Runs one action for one principal over every item state; collects every disagreement, then asserts none. */
  async function cell(
    name: PrincipalName,
    action: string,
    items: { state: ItemState; item: Attachment | Note }[],
    run: (item: Attachment | Note, state: ItemState) => Promise<{ status: number; listed?: boolean }>,
  ) {
    const problems: string[] = [];
    for (const { state, item } of items) {
      const expected = expectedFor[action]!(name, state);
      const actual = await run(item, state);
      const label = `${name} ${action} ${describeState(state)}`;
      if (actual.status !== expected.status) problems.push(`${label}: expected ${expected.status}, got ${actual.status}`);
      if (expected.listed !== undefined && actual.listed !== expected.listed)
        problems.push(`${label}: expected listed=${expected.listed}, got ${actual.listed}`);
      const serverAllowed =
        expected.listed !== undefined ? actual.status === 200 && actual.listed === true : actual.status >= 200 && actual.status < 300;
      const sdk = sdkAllows(action, subjects[name], item, ctx[name]);
      if (serverAllowed !== sdk) problems.push(`${label}: server allowed=${serverAllowed}, SDK can()=${sdk}`);
    }
    assert.deepEqual(problems, []);
  }

  const json = { 'Content-Type': 'application/json' };
  for (const name of names) {
    const token = principals[name].token;
    const call = (path: string, init?: RequestInit) => server.fetch(path, token, init);
    const listed = async (path: string, id: string) => {
      const response = await call(path);
      return {
        status: response.status,
        listed: response.status === 200 ? ((await response.json()) as { id: string }[]).some((i) => i.id === id) : undefined,
      };
    };
    const status = async (path: string, init?: RequestInit) => {
      const response = await call(path, init);
      await response.arrayBuffer();
      return { status: response.status };
    };

    it(`${name}: list attachments`, () =>
      cell(name, 'list', attachments, (item) => listed(`/api/records/${item.record.type}/${item.record.id}/attachments`, item.id)));
    it(`${name}: attachment metadata`, () => cell(name, 'metadata', attachments, (item) => status(`/api/attachments/${item.id}`)));
    it(`${name}: attachment content`, () => cell(name, 'content', attachments, (item) => status(`/api/attachments/${item.id}/content`)));
    // Patches and bulk updates re-set the item's current sharing, so the matrix state never drifts.
    it(`${name}: patch attachment`, () =>
      cell(name, 'patch', attachments, (item) =>
        status(`/api/attachments/${item.id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ portal: item.portal }) }),
      ));
    it(`${name}: bulk update attachments`, () =>
      cell(name, 'bulk', attachments, (item) =>
        status('/api/attachments/bulk', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ ids: [item.id], set: { portal: item.portal } }),
        }),
      ));
    it(`${name}: list notes`, () =>
      cell(name, 'notesList', notes, (item) => listed(`/api/records/${item.record.type}/${item.record.id}/notes`, item.id)));
    it(`${name}: patch note`, () =>
      cell(name, 'notePatch', notes, (item) =>
        status(`/api/notes/${item.id}`, { method: 'PATCH', headers: json, body: JSON.stringify({ portal: item.portal }) }),
      ));
  }
  // Deletes last, the admin (who succeeds) after everyone else.
  for (const name of [...names].reverse()) {
    const token = principals[name].token;
    it(`${name}: delete attachment`, () =>
      cell(name, 'delete', attachments, async (item) => {
        const response = await server.fetch(`/api/attachments/${item.id}`, token, { method: 'DELETE' });
        await response.arrayBuffer();
        return { status: response.status };
      }));
    it(`${name}: delete note`, () =>
      cell(name, 'noteDelete', notes, async (item) => {
        const response = await server.fetch(`/api/notes/${item.id}`, token, { method: 'DELETE' });
        await response.arrayBuffer();
        return { status: response.status };
      }));
  }

  it('the host service token acts on no item, and no token is a 401', async () => {
    const { item } = attachments[0]!;
    for (const path of [`/api/records/job/J-1001/attachments`, `/api/attachments/${item.id}`, '/api/users', '/api/audit', '/api/session']) {
      assert.equal((await server.fetch(path, 'demo-host')).status, 403, path);
      const anonymous = await server.fetch(path, null);
      assert.equal(anonymous.status, 401, path);
      assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
      assert.equal(((await anonymous.json()) as { code: string }).code, 'auth.required');
    }
    assert.equal((await server.fetch('/api/session', 'not-a-token')).status, 401);
  });
});
