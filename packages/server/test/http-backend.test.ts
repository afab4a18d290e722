/**
 * The HTTP backend beyond the contract: upload progress from axios's Node
 * adapter for FormData bodies, cancellation mid-upload, unreachable servers,
 * and problem+json mapped to the SDK's typed errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import axios from 'axios';
import {
  AttachKitAbortError,
  AttachKitConflictError,
  AttachKitError,
  AttachKitForbiddenError,
  AttachKitNetworkError,
  AttachKitNotFoundError,
  AttachKitUploadRejectedError,
  AttachKitValidationError,
  createHttpBackend,
} from '@attachkit/sdk';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';

const job = { type: 'job', id: 'J-1001' };

describe('HTTP backend', () => {
  let server: TestServer;
  before(async () => {
    server = await startAdminWorld({ limits: { maxBytes: 8 * 1024 * 1024 } });
  });
  after(() => server.close());

  it("reports upload progress from axios's Node http adapter for a FormData body, ending at the file size", async () => {
    let axiosEvents = 0;
    const instance = axios.create();
    instance.interceptors.request.use((config) => {
      const inner = config.onUploadProgress;
      if (inner)
        config.onUploadProgress = (event) => {
          axiosEvents++;
          inner(event);
        };
      return config;
    });
    const backend = createHttpBackend({ baseURL: server.baseURL, getToken: () => 'admin', axios: instance });
    const data = new Blob([new Uint8Array(2 * 1024 * 1024).fill(0x61)]);
    const progress: { loaded: number; total: number }[] = [];
    const attachment = await backend.uploadAttachment(job, { name: 'two-mb.txt', data }, { onProgress: (p) => progress.push(p) });
    assert.equal(attachment.size, data.size);
    assert.ok(axiosEvents > 0, 'axios emitted upload progress in Node');
    assert.ok(progress.length > 0);
    assert.ok(
      progress.every((p, i) => p.total === data.size && p.loaded <= data.size && (i === 0 || p.loaded > progress[i - 1]!.loaded)),
      'monotonic, within the file size',
    );
    assert.equal(progress.at(-1)!.loaded, data.size);
  });

  it('cancels an upload in flight with AbortSignal: request.aborted, and nothing is stored', async () => {
    const backend = server.backend('admin');
    const controller = new AbortController();
    const data = new Blob([new Uint8Array(6 * 1024 * 1024).fill(0x62)]);
    const upload = backend.uploadAttachment(
      job,
      { name: 'cancel-me.txt', data },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.loaded > 0 && p.loaded < p.total) controller.abort();
        },
      },
    );
    // If no intermediate progress arrives (a very fast machine), abort on the next turn anyway.
    setImmediate(() => controller.abort());
    await assert.rejects(upload, (error) => error instanceof AttachKitAbortError && error.code === 'request.aborted');
    const names = (await backend.listAttachments(job)).map((a) => a.name);
    assert.ok(!names.includes('cancel-me.txt'));
  });

  it('an already-aborted signal rejects every call without a request', async () => {
    const controller = new AbortController();
    controller.abort();
    const backend = createHttpBackend({ baseURL: 'http://127.0.0.1:9', getToken: () => 'admin' });
    await assert.rejects(backend.listAttachments(job, { signal: controller.signal }), AttachKitAbortError);
    await assert.rejects(backend.session({ signal: controller.signal }), AttachKitAbortError);
  });

  it('an unreachable server is a network error', async () => {
    const backend = createHttpBackend({ baseURL: 'http://127.0.0.1:9', getToken: () => 'admin' });
    await assert.rejects(
      backend.listAttachments(job),
      (error) => error instanceof AttachKitNetworkError && error.code === 'network.unreachable',
    );
  });

  it('maps problem+json to the typed errors, keeping reasons and issues', async () => {
    const admin = server.backend('admin');
    const attachment = await admin.uploadAttachment(job, { name: 'x.txt', data: new Blob(['x']) });
    await assert.rejects(admin.getAttachment('nope'), AttachKitNotFoundError);
    const invalid = await admin.patchAttachment(attachment.id, { portal: 'public' } as never).catch((e: unknown) => e);
    assert.ok(invalid instanceof AttachKitValidationError && invalid.issues.some((i) => i.path === 'portal'));
    await admin.patchAttachment(attachment.id, { name: 'y.txt' }, { ifRevision: 1 });
    await assert.rejects(admin.patchAttachment(attachment.id, { name: 'z.txt' }, { ifRevision: 1 }), AttachKitConflictError);
    const rejected = await admin.uploadAttachment(job, { name: 'a.exe', data: new Blob(['MZ']) }).catch((e: unknown) => e);
    assert.ok(
      rejected instanceof AttachKitUploadRejectedError &&
        rejected.status === 422 &&
        rejected.reasons[0]?.code === 'upload.blockedExtension',
    );
    const anonymous = createHttpBackend({ baseURL: server.baseURL });
    const unauthenticated = await anonymous.session().catch((e: unknown) => e);
    assert.ok(unauthenticated instanceof AttachKitError && unauthenticated.status === 401 && unauthenticated.code === 'auth.required');
    const client = createHttpBackend({ baseURL: server.baseURL, getToken: () => 'admin' });
    const noUser = await client.updateGrants('u-nobody', { web: [] }).catch((e: unknown) => e);
    assert.ok(noUser instanceof AttachKitNotFoundError);
    assert.ok(!(noUser instanceof AttachKitForbiddenError));
  });

  it('reads the token per request', async () => {
    let token = 'wrong';
    const backend = createHttpBackend({ baseURL: server.baseURL, getToken: async () => token });
    await assert.rejects(backend.session(), (e) => e instanceof AttachKitError && e.status === 401);
    token = 'admin';
    assert.equal((await backend.session()).principal.id, 'u-admin');
  });
});
