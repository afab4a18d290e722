/**
 * `<ak-provider>` building a new kit (its backend changes) or leaving the
 * page, in Chromium over real IndexedDB and Web Locks: the old kit's running
 * upload is stopped (its request aborted), its entry stays on the device, and
 * the next kit restores it and goes on with it — one attachment, nothing
 * lost, never shown "in another tab". A move in the DOM keeps the kit and
 * its upload. With `no-persist` nothing is kept and the old kit finishes its upload.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createMemoryBackend, uploadPersistenceScope, type AttachKitBackend, type UploadOptions } from '@attachkit/sdk';
import { indexedDbUploadPersistence } from '@attachkit/sdk/browser';
import '../src/define-all.js';
import type { AkProvider } from '../src/components/provider/provider.js';
import type { AkUploader } from '../src/components/uploader/uploader.js';
import { admin, file, job, once } from './helpers.js';

let servers = 0;

/** A server: a memory backend named `server` (so the provider keeps uploads in IndexedDB), whose uploads hang while `hold`. */
function serverNamed() {
  const server = `https://reconnect-${Date.now()}-${++servers}.example`;
  const memory = createMemoryBackend({ records: [{ ...job, clientId: 'client-a' }], principal: admin });
  const state = { hold: true, aborted: 0, started: 0 };
  /** A backend over that server (a new one per connection, as a changed token gives). */
  const backend = (): AttachKitBackend => ({
    ...memory,
    server,
    async uploadAttachment(record, input, options?: UploadOptions) {
      state.started++;
      if (state.hold)
        await new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => {
            state.aborted++;
            reject(new DOMException('The upload was aborted.', 'AbortError'));
          }),
        );
      return memory.uploadAttachment(record, input, options);
    },
  });
  const entries = () => indexedDbUploadPersistence().list(uploadPersistenceScope(server, admin));
  return { server, memory, state, backend, entries };
}

async function provided(backend: AttachKitBackend, noPersist = false) {
  const el = await fixture<AkProvider>(
    html`<div>
      <ak-provider .backend=${backend} ?no-persist=${noPersist}><ak-uploader record-type="job" record-id="J-1042"></ak-uploader></ak-provider>
    </div>`,
  );
  const provider = el.querySelector<AkProvider>('ak-provider')!;
  if (!provider.kit) await once(provider, 'ak-ready');
  const uploader = provider.querySelector<AkUploader>('ak-uploader')!;
  await uploader.updateComplete;
  return { root: el, provider, uploader };
}

describe('<ak-provider> reconnecting', () => {
  it('a new backend: the old kit’s upload stops, the new kit restores it and goes on; one attachment', async () => {
    const s = serverNamed();
    const { provider, uploader } = await provided(s.backend());
    const old = provider.kit!;
    uploader.addFiles([file('site-survey.pdf', 'survey bytes', 'application/pdf')]);
    await waitUntil(() => old.uploads.getState().items[0]?.status === 'uploading');
    await old.uploads.flushPersistence();

    s.state.hold = false;
    const ready = once(provider, 'ak-ready');
    provider.backend = s.backend();
    const { kit } = await ready;
    expect(kit).not.to.equal(old);
    expect(s.state.aborted, 'the old kit’s request was aborted').to.equal(1);
    await waitUntil(() => kit.uploads.getState().items[0]?.status === 'done', 'the new kit finished it');
    const [item] = kit.uploads.getState().items;
    expect(item!.name).to.equal('site-survey.pdf');
    await uploader.updateComplete;
    expect(uploader.shadowRoot!.querySelector('[part=file]')!.getAttribute('data-status')).to.equal('done');
    expect((await s.memory.listAttachments(job)).filter((a) => a.name === 'site-survey.pdf').length).to.equal(1);
    await kit.uploads.flushPersistence();
    expect(await s.entries()).to.deep.equal([]);
  });

  it('removed from the page: the upload stops and stays on the device; back on the page, it goes on', async () => {
    const s = serverNamed();
    const { root, provider, uploader } = await provided(s.backend());
    uploader.addFiles([file('roof.pdf', 'roof bytes', 'application/pdf')]);
    await waitUntil(() => provider.kit?.uploads.getState().items[0]?.status === 'uploading');
    await provider.kit!.uploads.flushPersistence();

    provider.remove();
    await waitUntil(() => s.state.aborted === 1, 'stopped once the provider is gone');
    expect((await s.entries()).map((e) => e.name)).to.deep.equal(['roof.pdf']);

    s.state.hold = false;
    const ready = once(provider, 'ak-ready');
    root.append(provider);
    const { kit } = await ready;
    await waitUntil(() => kit.uploads.getState().items[0]?.status === 'done');
    expect((await s.memory.listAttachments(job)).filter((a) => a.name === 'roof.pdf').length).to.equal(1);
  });

  it('moved in the DOM: the same kit, the upload keeps going', async () => {
    const s = serverNamed();
    const { root, provider, uploader } = await provided(s.backend());
    const kit = provider.kit!;
    uploader.addFiles([file('gate.pdf', 'gate bytes', 'application/pdf')]);
    await waitUntil(() => kit.uploads.getState().items[0]?.status === 'uploading');
    const elsewhere = document.createElement('section');
    root.append(elsewhere);
    elsewhere.append(provider);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(provider.kit).to.equal(kit);
    expect(s.state.aborted).to.equal(0);
    expect(kit.uploads.getState().items[0]!.status).to.equal('uploading');
    await kit.uploads.dispose();
  });

  it('no-persist: nothing is kept on the device, and a removed provider leaves its upload to finish', async () => {
    const s = serverNamed();
    const { provider, uploader } = await provided(s.backend(), true);
    const kit = provider.kit!;
    uploader.addFiles([file('kiosk.pdf', 'kiosk bytes', 'application/pdf')]);
    await waitUntil(() => kit.uploads.getState().items[0]?.status === 'uploading');
    await kit.uploads.flushPersistence();
    expect(await s.entries(), 'no entry in IndexedDB').to.deep.equal([]);
    expect(kit.uploads.getState().notPersisted, 'not a storage failure: persistence is off').to.equal(undefined);

    // Without persistence stopping the upload would lose it: the old kit goes on.
    provider.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.state.aborted).to.equal(0);
    expect(kit.uploads.getState().items[0]!.status).to.equal('uploading');
    await kit.uploads.dispose();
  });
});
