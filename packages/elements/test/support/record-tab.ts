/**
 * The page of another tab in the two-tab list test (attachment-list-tabs.test.ts,
 * opened with the `second-tab` command): the same user on the reference
 * server `?server=` (token `?token=`), with an `<ak-uploader>` and an
 * `<ak-attachment-list>` of job `?record=`. `window.ready` resolves once the
 * list is loaded; `window.upload(name)` attaches a small file through the
 * uploader and resolves with its id; `window.names()` is what the list shows.
 */
import { connectAttachKit, createHttpBackend } from '@attachkit/sdk';
import '../../src/define-all.js';

/** What the test reads from this page (second-tab.ts declares another `window.ready`: not a global type here). */
interface RecordTab {
  ready: Promise<string[]>;
  upload(name: string): Promise<string>;
  names(): string[];
}
const tab = window as unknown as RecordTab;

const params = new URLSearchParams(location.search);
const names = () =>
  [...(document.querySelector('ak-attachment-list')?.shadowRoot?.querySelectorAll('[part~="row"] [part~="name"]') ?? [])].map(
    (name) => name.textContent?.trim() ?? '',
  );
tab.names = names;

tab.ready = (async () => {
  const backend = createHttpBackend({ baseURL: params.get('server') ?? '', getToken: () => params.get('token') ?? undefined });
  const kit = await connectAttachKit({ backend });
  const record = params.get('record') ?? 'J-1002';
  const uploader = document.createElement('ak-uploader');
  const list = document.createElement('ak-attachment-list');
  for (const element of [uploader, list]) {
    element.setAttribute('record-type', 'job');
    element.setAttribute('record-id', record);
    element.kit = kit;
  }
  document.body.append(uploader, list);
  while (kit.attachments({ type: 'job', id: record }).getState().status !== 'ready') await new Promise((r) => setTimeout(r, 10));
  await list.updateComplete;

  tab.upload = async (name) => {
    const [item] = uploader.addFiles([new File([`${name}: notes from the site\n`], name, { type: 'text/plain' })]);
    await kit.uploads.idle();
    const done = kit.uploads.getState().items.find((i) => i.id === item!.id);
    if (done?.status !== 'done') throw new Error(`${name}: ${done?.status ?? 'not queued'}`);
    return done.attachment.id;
  };
  return names();
})();
