import {
  adminUser,
  createAttachKit,
  createMemoryBackend,
  defaultPermissionCatalog,
  defaultGrants,
  type AccessLevel,
  type AttachKit,
  type Attachment,
  type MemoryBackend,
  type MemoryBackendSeed,
  type Note,
  type Principal,
  type StaffUser,
} from '@attachkit/sdk';

// "ResizeObserver loop completed with undelivered notifications" is a benign notice the
// browser reports when a resize observer (here the virtualizer's) changes layout in its
// callback; it is not an error of the code under test, so keep it from failing mocha.
window.addEventListener(
  'error',
  (event) => {
    if (event.message.includes('ResizeObserver loop')) event.stopImmediatePropagation();
  },
  true,
);

export const job = { type: 'job', id: 'J-1042' } as const;

/** A 1×1 transparent PNG. */
export const pngBytes = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

let sequence = 0;
const checksum = 'a'.repeat(64);

export function attachment(over: Partial<Attachment> & { name: string }): Attachment {
  const n = ++sequence;
  return {
    id: `att-${n}`,
    record: { ...job },
    clientId: 'client-a',
    size: 1000 * n,
    mimeType: 'application/pdf',
    checksum,
    createdAt: new Date(Date.UTC(2019, 0, 1 + (n % 28), 9, 0, 0)).toISOString(),
    createdBy: 'admin',
    portal: 'hidden',
    confidential: false,
    revision: 1,
    ...over,
  };
}

export function note(over: Partial<Note> & { body: string }): Note {
  const n = ++sequence;
  return {
    id: `note-${n}`,
    record: { ...job },
    clientId: 'client-a',
    createdAt: new Date(Date.UTC(2019, 0, 1 + (n % 28))).toISOString(),
    createdBy: 'admin',
    portal: 'hidden',
    confidential: false,
    revision: 1,
    ...over,
  };
}

export const admin: StaffUser = adminUser(defaultPermissionCatalog, 'admin', 'Office Admin');

/** A mobile technician with the catalog defaults: no confidential attachments, no sharing. */
export const technician: StaffUser = {
  kind: 'staff',
  id: 'tech',
  name: 'Tess Technician',
  grants: defaultGrants(defaultPermissionCatalog),
};

export const clientA: Principal = { kind: 'client', id: 'client-a', name: 'Acme Plumbing' };

export interface World {
  backend: MemoryBackend;
  kit: AttachKit;
}

/** A memory backend with job J-1042 of client-a, and an AttachKit acting as `principal`. */
export async function world(seed: MemoryBackendSeed = {}, principal: Principal = admin, level: AccessLevel = 'web'): Promise<World> {
  const base = createMemoryBackend({
    records: [
      { ...job, clientId: 'client-a' },
      { type: 'job', id: 'J-2001', clientId: 'client-b' },
    ],
    users: [admin, technician],
    principal: admin,
    ...seed,
  });
  const backend = principal.id === admin.id && level === 'web' ? base : base.as(principal, level);
  // No automatic retries of network failures here: the tests drive failures and Retry themselves.
  const kit = createAttachKit({ backend, principal, level, uploadRetryDelays: [] });
  await kit.portalSettings.load();
  return { backend, kit };
}

/** Files for uploads, drops and pastes. */
export function file(name: string, content: BlobPart = 'hello', type = 'application/octet-stream'): File {
  return new File([content], name, { type });
}

export function dataTransfer(...files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  return transfer;
}

/** Resolves once a store's status is `ready` or `error` (no timers: it listens to the store). */
export function settled(store: { getState(): { status: string }; subscribe(listener: () => void): () => void }): Promise<void> {
  const done = () => store.getState().status === 'ready' || store.getState().status === 'error';
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      if (done()) {
        stop();
        resolve();
      }
    });
  });
}

/** The next `name` event of `target`, typed from HTMLElementEventMap. */
export function once<K extends keyof HTMLElementEventMap>(target: EventTarget, name: K): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => target.addEventListener(name, (e) => resolve(e as HTMLElementEventMap[K]), { once: true }));
}
