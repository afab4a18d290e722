import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AttachKitError,
  AttachKitForbiddenError,
  AttachKitNetworkError,
  createAttachKit,
  createMemoryBackend,
  type AttachKitBackend,
  type AuditEvent,
  type MemoryBackendSeed,
  type UploadProgress,
} from '../src/index.js';
import { admin, attachment, clientA, records, techWith, techWithout } from './fixtures.js';

const job = { type: 'job', id: 'J-1001' };

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup(
  seed: MemoryBackendSeed = {},
  wrap: (b: AttachKitBackend) => AttachKitBackend = (b) => b,
  options: { uploadRetryDelays?: number[] } = {},
) {
  const files = [
    attachment({ id: 'f1', name: 'b.pdf', size: 300 }),
    attachment({ id: 'f2', name: 'a.png', size: 100, mimeType: 'image/png' }),
  ];
  const backend = createMemoryBackend({ principal: admin, users: [techWithout, techWith], records, attachments: files, ...seed });
  const kit = createAttachKit({ backend: wrap(backend), principal: admin, ...options });
  const audit: AuditEvent[] = [];
  const errors: AttachKitError[] = [];
  kit.on('audit', (e) => audit.push(e));
  kit.on('error', (e) => errors.push(e.error));
  return { backend, kit, list: kit.attachments(job), audit, errors };
}

describe('facade: record stores', () => {
  it('loads through idle → loading → ready and shares one store per record', async () => {
    const { kit, list } = setup();
    const statuses: string[] = [];
    list.subscribe((s) => statuses.push(s.status));
    assert.equal(list.getState().status, 'idle');
    await list.load();
    assert.deepEqual(statuses, ['loading', 'ready']);
    assert.deepEqual(
      list.getState().items.map((a) => a.id),
      ['f1', 'f2'],
    );
    assert.equal(kit.attachments({ type: 'job', id: 'J-1001' }), list);
  });

  it('a failed load ends in the error state with the reason, and a retry recovers', async () => {
    let fail = true;
    const { list, errors } = setup({ fail: (op) => (fail && op === 'listAttachments' ? new AttachKitNetworkError() : undefined) });
    await list.load();
    assert.equal(list.getState().status, 'error');
    assert.equal(list.getState().error?.code, 'network.unreachable');
    assert.equal(errors.length, 1);
    fail = false;
    await list.ensureLoaded();
    assert.equal(list.getState().status, 'ready');
    assert.equal(list.getState().error, null);
  });

  it('share applies at once (optimistic), then keeps the server version and emits an audit event', async () => {
    const gate = deferred();
    const { list, audit } = setup({}, (b) => ({
      ...b,
      patchAttachment: async (...args) => (await gate.promise, b.patchAttachment(...args)),
    }));
    await list.load();
    const pending = list.share(['f1']);
    assert.equal(list.getState().items[0]!.portal, 'viewable', 'shown at once');
    assert.deepEqual(list.getState().pending, ['f1']);
    gate.resolve();
    const [saved] = await pending;
    assert.equal(saved!.revision, 2);
    assert.equal(list.getState().items[0]!.revision, 2);
    assert.deepEqual(list.getState().pending, []);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.action, 'attachment.share');
    assert.deepEqual(audit[0]!.target, { type: 'attachment', id: 'f1' });
    assert.deepEqual([audit[0]!.before, audit[0]!.after], [{ portal: 'hidden' }, { portal: 'viewable' }]);
    assert.equal(audit[0]!.actor.id, admin.id);
  });

  it('rolls back with a clear error when the backend refuses, and emits no audit event', async () => {
    const { list, audit, errors } = setup({
      fail: (op) =>
        op === 'bulkUpdateAttachments'
          ? new AttachKitError('server.down', 'The server is down for maintenance.', { status: 503 })
          : undefined,
    });
    await list.load();
    const before = list.getState().items;
    await assert.rejects(list.markConfidential(['f1', 'f2']), /maintenance/);
    assert.deepEqual(list.getState().items, before);
    assert.equal(list.getState().error?.code, 'server.down');
    assert.deepEqual(list.getState().pending, []);
    assert.equal(audit.length, 0);
    assert.equal(errors.at(-1)?.code, 'server.down');
  });

  it('refuses a forbidden command before any request, with the policy reason', async () => {
    const backend = createMemoryBackend({ principal: techWithout, level: 'mobile', records, attachments: [attachment({ id: 'f1' })] });
    let requests = 0;
    const counting: AttachKitBackend = {
      ...backend,
      patchAttachment: (...a) => (requests++, backend.patchAttachment(...a)),
      bulkUpdateAttachments: (...a) => (requests++, backend.bulkUpdateAttachments(...a)),
    };
    const kit = createAttachKit({ backend: counting, principal: techWithout, level: 'mobile' });
    const list = kit.attachments(job);
    await list.load();
    await assert.rejects(list.share(['f1']), (e: unknown) => {
      assert.ok(e instanceof AttachKitForbiddenError);
      assert.equal(e.reasons[0]?.permission, 'attachments.share');
      return true;
    });
    assert.equal(requests, 0);
    assert.equal(list.getState().items[0]!.portal, 'hidden');
  });

  it('a stale revision rolls back with revision.stale (no lost update)', async () => {
    const { backend, list } = setup();
    await list.load();
    await backend.patchAttachment('f1', { confidential: true }); // someone else, meanwhile
    await assert.rejects(list.share(['f1']), (e: unknown) => e instanceof AttachKitError && e.code === 'revision.stale');
    assert.equal(list.getState().items[0]!.portal, 'hidden');
    await list.load();
    assert.equal(list.getState().items[0]!.confidential, true);
  });

  it('remove takes items out at once and puts back the ones the backend refused, in place', async () => {
    const { list } = setup({ fail: (op) => (op === 'deleteAttachment' ? new AttachKitNetworkError() : undefined) });
    await list.load();
    const promise = list.remove(['f1']);
    assert.deepEqual(
      list.getState().items.map((a) => a.id),
      ['f2'],
    );
    await assert.rejects(promise, /could not be reached/);
    assert.deepEqual(
      list.getState().items.map((a) => a.id),
      ['f1', 'f2'],
    );
  });

  it('an unknown id is a clear not-found error', async () => {
    const { list } = setup();
    await list.load();
    await assert.rejects(list.share(['nope']), (e: unknown) => e instanceof AttachKitError && e.status === 404);
  });

  it('notes: create, share and edit through the store', async () => {
    const { kit, audit } = setup();
    const notes = kit.notes(job);
    await notes.load();
    const created = await notes.create({ body: 'Gate code 4412' });
    assert.equal(created.portal, 'hidden');
    await notes.share([created.id]);
    const edited = await notes.edit(created.id, 'Gate code 9999');
    assert.equal(edited.body, 'Gate code 9999');
    assert.deepEqual(
      notes.getState().items.map((n) => [n.body, n.portal]),
      [['Gate code 9999', 'viewable']],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['note.share'],
    );
  });

  it('the kit policy uses the loaded portal settings for clients', async () => {
    const backend = createMemoryBackend({ principal: clientA, records, attachments: [attachment({ portal: 'viewable' })] });
    const kit = createAttachKit({ backend, principal: clientA });
    const shared = attachment({ portal: 'viewable' });
    assert.equal(kit.can('attachment.view', shared), false, 'settings not loaded yet: deny');
    await kit.portalSettings.load();
    assert.equal(kit.can('attachment.view', shared), true);
  });
});

describe('facade: upload queue', () => {
  function gatedUploads() {
    const gates: { name: string; release: () => void; progress: (p: UploadProgress) => void; signal?: AbortSignal }[] = [];
    const wrap = (b: AttachKitBackend): AttachKitBackend => ({
      ...b,
      uploadAttachment: async (record, file, options) => {
        const gate = deferred();
        gates.push({ name: file.name, release: gate.resolve, progress: (p) => options?.onProgress?.(p), signal: options?.signal });
        await Promise.race([
          gate.promise,
          new Promise((_, reject) =>
            options?.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
          ),
        ]);
        return b.uploadAttachment(record, file, options);
      },
    });
    return { gates, wrap };
  }
  const file = (name: string, size = 10) => ({ name, data: new Blob(['x'.repeat(size)]) });
  const tick = () => new Promise((r) => setImmediate(r));
  /**
   * Lets the queue run until `condition` holds. Uploads hash their bytes on
   * the thread pool, so on a loaded machine that takes many turns of the
   * event loop: wait on timers, bounded at 10 s so a bug fails instead of
   * hanging (the bound is a safety net, not a time the test asserts).
   */
  async function until(condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    assert.ok(condition(), 'the queue reached the expected state');
  }

  it('runs at most 3 uploads at once by default, then the rest in order', async () => {
    const { gates, wrap } = gatedUploads();
    const { kit } = setup({}, wrap);
    kit.uploads.add(
      job,
      [1, 2, 3, 4, 5].map((n) => file(`f${n}.pdf`)),
    );
    await until(() => gates.length === 3);
    await tick();
    assert.deepEqual(
      kit.uploads.getState().items.map((i) => i.status),
      ['uploading', 'uploading', 'uploading', 'queued', 'queued'],
    );
    assert.equal(gates.length, 3);
    gates[0]!.release();
    await until(() => gates.length === 4);
    assert.equal(gates[3]!.name, 'f4.pdf');
    assert.equal(kit.uploads.getState().items.filter((i) => i.status === 'uploading').length, 3);
    gates.slice(1).forEach((g) => g.release());
    await until(() => gates.length === 5);
    gates[4]!.release();
    await kit.uploads.idle();
    assert.ok(kit.uploads.getState().items.every((i) => i.status === 'done'));
    assert.equal(kit.attachments(job).getState().items.length, 5, 'finished uploads land in the record store');
  });

  it('reports progress as a discriminated union state', async () => {
    const { gates, wrap } = gatedUploads();
    const { kit } = setup({}, wrap);
    const [item] = kit.uploads.add(job, [file('photo.jpg', 1000)]);
    await until(() => gates.length === 1);
    gates[0]!.progress({ loaded: 400, total: 1000 });
    const state = kit.uploads.getState().items[0]!;
    assert.equal(state.status, 'uploading');
    assert.deepEqual([state.loaded, state.total], [400, 1000]);
    gates[0]!.release();
    await kit.uploads.idle();
    const done = kit.uploads.getState().items.find((i) => i.id === item!.id)!;
    assert.equal(done.status, 'done');
    assert.equal(done.attachment.portal, 'hidden');
  });

  it('cancel aborts the request, stores nothing, and retry uploads it again', async () => {
    const { gates, wrap } = gatedUploads();
    const { kit, backend } = setup({ attachments: [] }, wrap);
    const [item] = kit.uploads.add(job, [file('plan.pdf')]);
    await until(() => gates.length === 1);
    kit.uploads.cancel(item!.id);
    assert.equal(gates[0]!.signal?.aborted, true);
    assert.equal(kit.uploads.getState().items[0]!.status, 'cancelled');
    await tick();
    assert.deepEqual(await backend.listAttachments(job), []);
    kit.uploads.retry(item!.id);
    assert.equal(kit.uploads.getState().items[0]!.status, 'uploading');
    await until(() => gates.length === 2);
    gates[1]!.release();
    await kit.uploads.idle();
    assert.equal(kit.uploads.getState().items[0]!.status, 'done');
    assert.equal((await backend.listAttachments(job)).length, 1);
  });

  it('refused files never leave: restrictions and policy give a rejected state with the reason', async () => {
    const { kit, backend } = setup({ attachments: [] });
    const items = kit.uploads.add(job, [file('setup.exe'), file('empty.txt', 0), file('ok.pdf')]);
    assert.deepEqual(
      items.map((i) => i.status),
      ['rejected', 'rejected', 'queued'],
    );
    const [exe] = kit.uploads.getState().items;
    if (exe!.status === 'rejected') assert.equal(exe!.reason.message, 'setup.exe: executable files cannot be attached.');
    await kit.uploads.idle();
    assert.deepEqual(
      (await backend.listAttachments(job)).map((a) => a.name),
      ['ok.pdf'],
    );

    const clientKit = createAttachKit({ backend: backend.as(clientA), principal: clientA });
    const [denied] = clientKit.uploads.add(job, [file('x.pdf')]);
    assert.equal(denied!.status, 'rejected');
    assert.equal(denied!.reason.code, 'client.notAllowed');
  });

  it('a network failure is retried after a wait; once the waits are used up it is failed and retryable; a server refusal is not', async () => {
    let failures = 1;
    const retried = setup({ fail: (op) => (op === 'uploadAttachment' && failures-- > 0 ? new AttachKitNetworkError() : undefined) });
    const statuses = new Set<string>();
    retried.kit.uploads.subscribe((s) => s.items.forEach((i) => statuses.add(i.status)));
    retried.kit.uploads.add(job, [file('a.pdf')]);
    await retried.kit.uploads.idle();
    assert.equal(retried.kit.uploads.getState().items[0]!.status, 'done', 'went on by itself after the first wait');
    assert.ok(statuses.has('waiting-for-network'));

    failures = 1;
    const { kit } = setup(
      { fail: (op) => (op === 'uploadAttachment' && failures-- > 0 ? new AttachKitNetworkError() : undefined) },
      (b) => b,
      { uploadRetryDelays: [] },
    );
    const [item] = kit.uploads.add(job, [file('a.pdf')]);
    await kit.uploads.idle();
    assert.equal(kit.uploads.getState().items[0]!.status, 'failed');
    kit.uploads.retry(item!.id);
    await kit.uploads.idle();
    assert.equal(kit.uploads.getState().items[0]!.status, 'done');

    const refusing = setup({
      fail: (op) =>
        op === 'uploadAttachment'
          ? new AttachKitError('upload.contentMismatch', 'a.png: the content is not a PNG image.', { status: 422 })
          : undefined,
    });
    refusing.kit.uploads.add(job, [file('a.png')]);
    await refusing.kit.uploads.idle();
    const rejected = refusing.kit.uploads.getState().items[0]!;
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.reason.code, 'upload.contentMismatch');
  });

  it('emits uploadComplete and clearFinished keeps only unfinished entries', async () => {
    const { kit } = setup();
    const completed: string[] = [];
    kit.on('uploadComplete', (e) => completed.push(e.attachment.name));
    kit.uploads.add(job, [file('one.pdf'), file('bad.exe')]);
    await kit.uploads.idle();
    assert.deepEqual(completed, ['one.pdf']);
    kit.uploads.clearFinished();
    assert.deepEqual(kit.uploads.getState().items, []);
  });

  it('reports per-item events: added, each status once, progress while uploading', async () => {
    const { gates, wrap } = gatedUploads();
    const { kit } = setup({}, wrap);
    const seen: string[] = [];
    for (const name of ['added', 'queued', 'uploading', 'progress', 'done', 'rejected', 'cancelled', 'failed'] as const) {
      kit.uploads.on(name, (item) => seen.push(`${name} ${item.name}${item.status === 'uploading' ? ` ${item.loaded}` : ''}`));
    }
    const stop = kit.uploads.on('done', () => seen.push('second listener'));
    stop();
    const [ok, bad, dropped] = kit.uploads.add(job, [file('one.pdf', 100), file('bad.exe'), file('two.pdf')]);
    await until(() => gates.length === 2);
    gates[0]!.progress({ loaded: 40, total: 100 });
    gates[0]!.progress({ loaded: 40, total: 100 });
    kit.uploads.cancel(dropped!.id);
    gates[0]!.release();
    await kit.uploads.idle();
    assert.equal(bad!.status, 'rejected');
    assert.deepEqual(
      seen.filter((e) => !e.startsWith('progress')),
      [
        'added one.pdf',
        'queued one.pdf',
        'added bad.exe',
        'rejected bad.exe',
        'added two.pdf',
        'queued two.pdf',
        'uploading one.pdf 0',
        'uploading two.pdf 0',
        'cancelled two.pdf',
        'done one.pdf',
      ],
    );
    const progress = seen.filter((e) => e.startsWith('progress'));
    assert.equal(progress[0], 'progress one.pdf 40', 'progress while uploading');
    assert.ok(
      progress.every((e, i) => e !== progress[i - 1]),
      'a report that changes nothing is no event',
    );
    assert.ok(
      progress.every((e) => e.startsWith('progress one.pdf')),
      'only the running file',
    );
    assert.equal(kit.uploads.getState().items.find((i) => i.id === ok!.id)?.status, 'done');
  });
});

describe('facade: users and portal settings', () => {
  it('setGrant applies at once, saves, audits; revoking cascades to dependents', async () => {
    const { kit, audit } = setup();
    await kit.users.load();
    await kit.users.setGrant(techWithout.id, 'mobile', 'attachments.viewConfidential', true);
    await kit.users.setGrant(techWithout.id, 'mobile', 'attachments.markConfidential', true);
    const tech = () => kit.users.getState().users.find((u) => u.id === techWithout.id)!;
    assert.ok(tech().grants.mobile?.includes('attachments.markConfidential'));
    await kit.users.setGrant(techWithout.id, 'mobile', 'attachments.viewConfidential', false);
    assert.ok(!tech().grants.mobile?.includes('attachments.viewConfidential'));
    assert.ok(!tech().grants.mobile?.includes('attachments.markConfidential'), 'dependent revoked too');
    assert.deepEqual(
      audit.map((a) => a.action),
      ['grants.edit', 'grants.edit', 'grants.edit'],
    );
  });

  it('setGrant refuses unknown keys and unmet requirements without changing the store', async () => {
    const { kit } = setup();
    await kit.users.load();
    const before = kit.users.getState().users;
    await assert.rejects(
      kit.users.setGrant(techWithout.id, 'mobile', 'attachments.teleport', true),
      /not defined at the mobile access level/,
    );
    await assert.rejects(
      kit.users.setGrant(techWithout.id, 'mobile', 'attachments.markConfidential', true),
      /needs "Can view attachments that have been marked as Confidential" first/,
    );
    assert.equal(kit.users.getState().users, before);
  });

  it('setGrant rolls back when the backend refuses', async () => {
    const { kit } = setup({ fail: (op) => (op === 'updateGrants' ? new AttachKitNetworkError() : undefined) });
    await kit.users.load();
    const before = kit.users.getState().users.find((u) => u.id === techWithout.id);
    await assert.rejects(kit.users.setGrant(techWithout.id, 'mobile', 'attachments.viewConfidential', true));
    assert.deepEqual(
      kit.users.getState().users.find((u) => u.id === techWithout.id),
      before,
    );
    assert.deepEqual(kit.users.getState().pending, []);
  });

  it('portal settings update optimistically, recompute capabilities, audit, and roll back on failure', async () => {
    let fail = false;
    const { kit, audit } = setup({ fail: (op) => (fail && op === 'updatePortalSettings' ? new AttachKitNetworkError() : undefined) });
    await kit.portalSettings.load();
    const saving = kit.portalSettings.update({ viewSharedNotesAttachments: false });
    assert.equal(kit.portalSettings.getState().capabilities?.viewShared.enabled, false, 'shown at once');
    await saving;
    assert.deepEqual(
      audit.map((a) => a.action),
      ['portalSettings.edit'],
    );
    fail = true;
    await assert.rejects(kit.portalSettings.update({ disableOnlineAccess: true }));
    assert.equal(kit.portalSettings.getState().document?.settings.disableOnlineAccess, false);
    assert.equal(kit.portalSettings.getState().capabilities?.login.enabled, true);
    assert.equal(kit.portalSettings.getState().error?.code, 'network.unreachable');
  });

  it('a staff principal sees its own grant change at once', async () => {
    const backend = createMemoryBackend({ principal: admin, records });
    const kit = createAttachKit({ backend, principal: admin });
    await kit.users.load();
    assert.equal(kit.can('audit.view'), true);
    await kit.users.setGrant(admin.id, 'web', 'audit.view', false);
    assert.equal(kit.can('audit.view'), false);
  });
});
