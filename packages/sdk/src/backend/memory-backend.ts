import { defaultPermissionCatalog } from '../catalog/default-permission-catalog.js';
import type { PermissionCatalog } from '../catalog/catalog-schema.js';
import { levelPermissions } from '../catalog/catalog.js';
import { AttachKitAbortError, AttachKitNotFoundError, throwIfAborted } from '../errors.js';
import type { AccessLevel, Attachment, Note, Principal, RecordRef, StaffUser } from '../model/schemas.js';
import { recordKey } from '../model/sharing.js';
import { defaultPortalSettings, type PortalSettings } from '../portal/portal-settings.js';
import { createAttachKitService, type AttachKitService } from '../service/attachkit-service.js';
import { createMemoryMetadataStore } from '../service/metadata-store.js';
import type { UploadRestrictions } from '../upload/restrictions.js';
import type { AttachKitBackend, RequestOptions, Session } from './backend.js';
import { assertUploadInput } from './upload-input.js';

export interface MemoryRecord extends RecordRef {
  clientId: string | null;
}

export interface MemoryBackendSeed {
  /** Who the backend acts for. Default: an administrator holding every web permission. */
  principal?: Principal;
  /** The access level of a staff principal. Default `'web'`. */
  level?: AccessLevel;
  /** The host's records and the customer each belongs to. Other records answer 404. */
  records?: MemoryRecord[];
  attachments?: Attachment[];
  /** Bytes of seeded attachments, by attachment id. */
  contents?: Record<string, Uint8Array | string>;
  notes?: Note[];
  users?: StaffUser[];
  portalSettings?: PortalSettings;
  apps?: string[];
  paymentMethods?: string[];
  catalog?: PermissionCatalog;
  restrictions?: UploadRestrictions;
  /** Simulated network latency per call, in ms (Storybook loading states). Default 0. */
  latencyMs?: number;
  /** Make an operation fail: return an error to throw it, undefined to let it run. */
  fail?: (operation: keyof AttachKitBackend) => Error | undefined;
  now?: () => Date;
  newId?: () => string;
}

export interface MemoryBackend extends AttachKitBackend {
  /** The same data seen by another principal (the way the server serves several callers). */
  as(principal: Principal, level?: AccessLevel): MemoryBackend;
  /**
   * Registers (or moves) a host record, as `PUT /api/records/:type/:id` does:
   * when the customer changes, the record's Viewable items become Hidden.
   */
  registerRecord(record: MemoryRecord): Promise<void>;
}

/** An administrator holding every web permission of the catalog. */
export function adminUser(catalog: PermissionCatalog = defaultPermissionCatalog, id = 'admin', name = 'Office Admin'): StaffUser {
  return {
    kind: 'staff',
    id,
    name,
    grants: Object.fromEntries(catalog.levels.map((l) => [l.level, levelPermissions(catalog, l.level).map((p) => p.key)])),
  };
}

const chunkSize = 256 * 1024;

const mimeByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

/** The raster types that have a thumbnail (as the reference server makes them). */
const thumbnailTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

function guessMimeType(name: string, claimed: string): string {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const known = Object.hasOwn(mimeByExtension, extension) ? mimeByExtension[extension] : undefined;
  return known ?? (claimed || 'application/octet-stream');
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(new AttachKitAbortError()) : Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AttachKitAbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Shared {
  service: AttachKitService;
  records: Map<string, string | null>;
  contents: Map<string, Blob>;
  seed: MemoryBackendSeed;
}

function bind(shared: Shared, session: Session): MemoryBackend {
  const { service, contents, seed } = shared;
  const latency = seed.latencyMs ?? 0;

  /** Every call: latency, abort, injected failure; errors are always AttachKitErrors. */
  async function call<T>(operation: keyof AttachKitBackend, options: RequestOptions | undefined, run: () => Promise<T>): Promise<T> {
    await delay(latency, options?.signal);
    throwIfAborted(options?.signal);
    const failure = seed.fail?.(operation);
    if (failure) throw failure;
    const result = await run();
    throwIfAborted(options?.signal);
    return result;
  }

  return {
    as: (principal, level = 'web') => bind(shared, { principal, level }),
    async registerRecord(record) {
      const key = recordKey(record);
      const moved = shared.records.has(key) && shared.records.get(key) !== record.clientId;
      shared.records.set(key, record.clientId);
      if (moved) await service.recordMoved({ type: record.type, id: record.id }, { kind: 'host', id: 'memory-backend' });
    },

    session: (o) => call('session', o, () => service.session(session)),

    listAttachments: (record, o) => call('listAttachments', o, () => service.listAttachments(session, record)),
    getAttachment: (id, o) => call('getAttachment', o, () => service.getAttachment(session, id)),
    getAttachmentContent: (id, o) =>
      call('getAttachmentContent', o, async () => {
        const attachment = await service.contentAccess(session, id);
        const blob = contents.get(attachment.id);
        if (!blob) throw new AttachKitNotFoundError('attachment content');
        return blob.slice(0, blob.size, attachment.mimeType);
      }),
    getAttachmentThumbnail: (id, o) =>
      call('getAttachmentThumbnail', o, async () => {
        const attachment = await service.contentAccess(session, id);
        const blob = contents.get(attachment.id);
        // No image scaling without a DOM: the memory backend's preview is the image itself.
        if (!blob || !thumbnailTypes.has(attachment.mimeType)) throw new AttachKitNotFoundError('thumbnail');
        return blob.slice(0, blob.size, attachment.mimeType);
      }),
    uploadAttachment: (record, file, o) =>
      call('uploadAttachment', o, async () => {
        assertUploadInput(file);
        const draft = await service.prepareUpload(session, record, { name: file.name, size: file.data.size });
        const total = file.data.size;
        const bytes = new Uint8Array(total);
        for (let loaded = 0; loaded < total;) {
          throwIfAborted(o?.signal);
          const chunk = new Uint8Array(await file.data.slice(loaded, loaded + chunkSize).arrayBuffer());
          bytes.set(chunk, loaded);
          loaded += chunk.byteLength;
          await delay(latency > 0 ? Math.ceil(latency / 4) : 0, o?.signal);
          o?.onProgress?.({ loaded, total });
        }
        throwIfAborted(o?.signal);
        const mimeType = guessMimeType(draft.name, file.data.type);
        const attachment = await service.commitUpload(draft, { size: total, mimeType, checksum: await sha256Hex(bytes) });
        contents.set(attachment.id, new Blob([bytes], { type: mimeType }));
        return attachment;
      }),
    patchAttachment: (id, patch, o) => call('patchAttachment', o, () => service.patchAttachment(session, id, patch, o?.ifRevision)),
    bulkUpdateAttachments: (ids, set, o) => call('bulkUpdateAttachments', o, () => service.bulkUpdateAttachments(session, { ids, set })),
    deleteAttachment: (id, o) =>
      call('deleteAttachment', o, async () => {
        const removed = await service.deleteAttachment(session, id, o?.ifRevision);
        contents.delete(removed.id);
      }),

    listNotes: (record, o) => call('listNotes', o, () => service.listNotes(session, record)),
    createNote: (record, note, o) => call('createNote', o, () => service.createNote(session, record, note)),
    patchNote: (id, patch, o) => call('patchNote', o, () => service.patchNote(session, id, patch, o?.ifRevision)),
    bulkUpdateNotes: (ids, set, o) => call('bulkUpdateNotes', o, () => service.bulkUpdateNotes(session, { ids, set })),
    deleteNote: (id, o) =>
      call('deleteNote', o, async () => {
        await service.deleteNote(session, id, o?.ifRevision);
      }),

    getPermissionCatalog: (o) => call('getPermissionCatalog', o, () => service.getPermissionCatalog(session)),
    listUsers: (o) => call('listUsers', o, () => service.listUsers(session)),
    updateGrants: (userId, grants, o) => call('updateGrants', o, () => service.updateGrants(session, userId, grants)),

    getPortalSettings: (o) => call('getPortalSettings', o, () => service.getPortalSettings(session)),
    updatePortalSettings: (settings, o) => call('updatePortalSettings', o, () => service.updatePortalSettings(session, settings)),

    listAudit: (o) => call('listAudit', o, () => service.listAudit(session, o?.limit)),
  };
}

/**
 * An in-memory backend that applies the policy for its principal exactly as
 * the reference server does (both run the same service), for Storybook,
 * tests and demos. `as()` gives the same data seen by another principal.
 */
export function createMemoryBackend(seed: MemoryBackendSeed = {}): MemoryBackend {
  const catalog = seed.catalog ?? defaultPermissionCatalog;
  const principal = seed.principal ?? adminUser(catalog);
  const users = [...(seed.users ?? [])];
  if (principal.kind === 'staff' && !users.some((u) => u.id === principal.id)) users.unshift(principal);
  const records = new Map<string, string | null>((seed.records ?? []).map((r) => [recordKey(r), r.clientId]));
  const store = createMemoryMetadataStore({
    attachments: seed.attachments,
    notes: seed.notes,
    users,
    portal: { settings: seed.portalSettings ?? defaultPortalSettings, apps: seed.apps ?? [], paymentMethods: seed.paymentMethods ?? [] },
  });
  const service = createAttachKitService({
    store,
    catalog,
    restrictions: seed.restrictions,
    now: seed.now,
    newId: seed.newId,
    resolveRecord: (record) => {
      const key = recordKey(record);
      return records.has(key) ? { clientId: records.get(key) ?? null } : null;
    },
  });
  const contents = new Map<string, Blob>();
  for (const [id, content] of Object.entries(seed.contents ?? {})) {
    const mimeType = seed.attachments?.find((a) => a.id === id)?.mimeType ?? 'application/octet-stream';
    contents.set(id, new Blob([content as BlobPart], { type: mimeType }));
  }
  return bind({ service, records, contents, seed }, { principal, level: seed.level ?? 'web' });
}
