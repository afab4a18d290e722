/**
 * The page of a second tab in the uploader's two-tab browser tests
 * (uploader-tabs.test.ts, opened with the `second-tab` command): the same
 * user's uploader for J-1042 over the IndexedDB database `?db=`, with one
 * file (`?file=`) uploading that never finishes until `window.finish()`.
 * `window.ready` resolves once the file is on the device and claimed.
 */
import { createAttachKit, type AttachKitBackend } from '@attachkit/sdk';
import { indexedDbUploadPersistence } from '@attachkit/sdk/browser';
import '../../src/define-all.js';
import { admin, file, world } from '../helpers.js';

declare global {
  interface Window {
    ready: Promise<string>;
    finish(): void;
  }
}

const params = new URLSearchParams(location.search);
let finish = () => {};
const gate = new Promise<void>((resolve) => (finish = resolve));
window.finish = () => finish();

window.ready = (async () => {
  const { backend } = await world({}, admin);
  const slow: AttachKitBackend = { ...backend, uploadAttachment: async (...args) => (await gate, backend.uploadAttachment(...args)) };
  const kit = createAttachKit({
    backend: slow,
    principal: admin,
    uploadPersistence: indexedDbUploadPersistence({ name: params.get('db') ?? 'attachkit-second-tab' }),
    maxImageEdge: 0,
  });
  await kit.portalSettings.load();
  await kit.uploads.restore();
  const el = document.createElement('ak-uploader');
  el.recordType = 'job';
  el.recordId = 'J-1042';
  el.kit = kit;
  document.body.append(el);
  await el.updateComplete;
  el.addFiles([file(params.get('file') ?? 'second-tab.pdf', new Uint8Array(32 * 1024), 'application/pdf')]);
  while (kit.uploads.getState().items[0]?.status !== 'uploading') await new Promise((resolve) => setTimeout(resolve, 10));
  await kit.uploads.flushPersistence();
  return kit.uploads.getState().items[0]!.status;
})();
