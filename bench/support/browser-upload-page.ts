/**
 * The page of bench/browser-upload.bench.ts, bundled with esbuild: an
 * <ak-uploader> on a kit with the HTTP backend (same origin as the server),
 * and two timed ways to send the same File: the uploader (`addFiles`, until
 * `ak-upload-complete`) and a plain `fetch()` of a multipart form to the
 * attachments route.
 */
import { connectAttachKit, createHttpBackend } from '@attachkit/sdk';
import '@attachkit/elements/uploader/define';
import type { AkUploader } from '@attachkit/elements';

const token = 'bench-admin';
const record = { type: 'job', id: 'BENCH-1' };

declare global {
  interface Window {
    benchReady: Promise<void>;
    benchMakeFile(megabytes: number): void;
    benchUploader(): Promise<number>;
    benchFetch(): Promise<number>;
  }
}

let file: File | undefined;
let uploader: AkUploader | undefined;

window.benchReady = (async () => {
  // The server of the bench takes files this size; the kit's own check is told the same.
  const kit = await connectAttachKit({
    backend: createHttpBackend({ baseURL: location.origin, getToken: () => token }),
    restrictions: { maxBytes: 2 * 1024 * 1024 * 1024 },
  });
  uploader = document.createElement('ak-uploader');
  uploader.setAttribute('record-type', record.type);
  uploader.setAttribute('record-id', record.id);
  uploader.kit = kit;
  document.body.append(uploader);
  await uploader.updateComplete;
})();

/** Random bytes (incompressible), not a photo: the transport is measured, not the downscale. */
window.benchMakeFile = (megabytes) => {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < megabytes * 16; i++) parts.push(crypto.getRandomValues(new Uint8Array(65_536)));
  file = new File(parts, 'bench.bin', { type: 'application/octet-stream' });
};

/** Seconds from `addFiles` to `ak-upload-complete`. */
window.benchUploader = () =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const done = () => {
      uploader!.removeEventListener('ak-upload-rejected', failed);
      resolve((performance.now() - started) / 1000);
    };
    const failed = (event: Event) => {
      uploader!.removeEventListener('ak-upload-complete', done);
      reject(new Error(`refused: ${JSON.stringify((event as Event & { reason?: unknown }).reason)}`));
    };
    uploader!.addEventListener('ak-upload-complete', done, { once: true });
    uploader!.addEventListener('ak-upload-rejected', failed, { once: true });
    uploader!.addFiles([file!]);
  });

/** Seconds for a plain multipart `fetch()` of the same file to the same server. */
window.benchFetch = async () => {
  const started = performance.now();
  const form = new FormData();
  form.append('file', file!);
  const response = await fetch(`/api/records/${record.type}/${record.id}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (!response.ok) throw new Error(`fetch: ${response.status} ${await response.text()}`);
  await response.json();
  return (performance.now() - started) / 1000;
};
