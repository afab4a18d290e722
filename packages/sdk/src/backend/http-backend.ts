import type { AxiosProgressEvent } from 'axios';
import * as z from 'zod/mini';
import { PermissionCatalogSchema } from '../catalog/catalog-schema.js';
import { AttachKitError } from '../errors.js';
import { AccessLevelSchema, AttachmentSchema, AuditEntrySchema, NoteSchema, PrincipalSchema, StaffUserSchema } from '../model/schemas.js';
import { PortalSettingsSchema } from '../portal/portal-settings.js';
import type { AttachKitBackend, RequestOptions, WriteOptions } from './backend.js';
import {
  createHttpTransport,
  defaultResumableMinBytes,
  errorFromResponse,
  parseResponse,
  recordPath,
  segment,
  type HttpBackendOptions,
} from './http-transport.js';
import { onDemand } from './on-demand.js';
import { assertUploadInput } from './upload-input.js';

export type { HttpBackendOptions } from './http-transport.js';
export { errorFromResponse } from './http-transport.js';

/**
 * The tus client (tus-upload.ts, which loads tus-js-client), imported the first time a file is big enough for it;
 * a failed import is not kept: that file goes multipart, the next big one tries again.
 */
const loadTusClient = onDemand(() => import('./tus-upload.js'), null);

const SessionSchema = z.strictObject({ principal: PrincipalSchema, level: AccessLevelSchema });
const PortalSettingsDocumentSchema = z.strictObject({
  settings: PortalSettingsSchema,
  apps: z.array(z.string()),
  paymentMethods: z.array(z.string()),
});

/** Whether an error status is the server's answer (404, 405…) rather than no answer: none, a timeout, overload, a server error. */
const answered = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

const ifMatch = (options: WriteOptions | undefined): Record<string, string> =>
  options?.ifRevision === undefined ? {} : { 'If-Match': `"${options.ifRevision}"` };

/**
 * The AttachKitBackend over HTTP (axios), speaking the REST contract of
 * docs/openapi.yaml: bearer token per request, `AbortSignal` on every call,
 * upload progress, `If-Match` for `ifRevision`, problem+json errors mapped to
 * the SDK's typed errors, and every response parsed with the SDK's schemas.
 * Runs in browsers and in Node (global `FormData` and `Blob`).
 */
export function createHttpBackend(options: HttpBackendOptions): AttachKitBackend {
  const send = createHttpTransport(options);
  const resumable = options.resumable === false ? null : (options.resumable ?? {});
  const baseURL = options.baseURL.replace(/\/+$/, '');
  /**
   * Whether the server speaks tus 1.0 at /api/uploads. Its answer is kept; no answer (a dropped signal, a
   * timeout, a server error) means no for this file only, and the next big file asks again.
   */
  const offersTus = onDemand(
    () =>
      send({ method: 'OPTIONS', url: '/api/uploads' }, undefined).then(
        (response) =>
          String(response.headers['tus-version'] ?? '')
            .split(',')
            .map((v) => v.trim())
            .includes('1.0.0'),
        (error: unknown) => (error instanceof AttachKitError && answered(error.status) ? false : undefined),
      ),
    false,
  );

  const getJson = async <S extends z.core.$ZodType>(url: string, schema: S, what: string, o?: RequestOptions) =>
    parseResponse(schema, (await send({ method: 'GET', url }, o?.signal)).data, what);
  const sendJson = async <S extends z.core.$ZodType>(
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    body: unknown,
    schema: S,
    what: string,
    o?: RequestOptions,
    headers: Record<string, string> = {},
  ) =>
    parseResponse(
      schema,
      (await send({ method, url, data: body, headers: { 'Content-Type': 'application/json', ...headers } }, o?.signal)).data,
      what,
    );

  /**
   * Only an upload URL of this server's /api/uploads is resumed or deleted: a
   * URL from the device's storage (which any script or user of the device
   * could have changed) never gets the bearer token sent elsewhere.
   */
  const ownUploadUrl = (url: string | undefined): string | undefined => {
    if (!url) return undefined;
    try {
      // baseURL '' is the page's own origin.
      const page = (globalThis as { location?: { href?: string } }).location?.href ?? 'http://localhost/';
      const uploads = new URL(`${baseURL}/api/uploads/`, page);
      const resolved = new URL(url, uploads);
      const tail = resolved.pathname.slice(uploads.pathname.length);
      return resolved.origin === uploads.origin &&
        resolved.pathname.startsWith(uploads.pathname) &&
        /^[\w-]+$/.test(tail) &&
        !resolved.search
        ? resolved.href
        : undefined;
    } catch {
      return undefined;
    }
  };

  async function getBlob(url: string, o?: RequestOptions): Promise<Blob> {
    const response = await send({ method: 'GET', url, responseType: 'arraybuffer' }, o?.signal);
    const type = String(response.headers['content-type'] ?? 'application/octet-stream');
    const data = response.data as ArrayBuffer | Uint8Array | Blob;
    return data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  }

  return {
    server: baseURL,
    session: (o) => getJson('/api/session', SessionSchema, 'session', o),

    listAttachments: (record, o) => getJson(`${recordPath(record)}/attachments`, z.array(AttachmentSchema), 'attachment list', o),
    getAttachment: (id, o) => getJson(`/api/attachments/${segment(id)}`, AttachmentSchema, 'attachment', o),
    getAttachmentContent: (id, o) => getBlob(`/api/attachments/${segment(id)}/content`, o),
    getAttachmentThumbnail: (id, o) => getBlob(`/api/attachments/${segment(id)}/thumbnail`, o),
    async uploadAttachment(record, file, o) {
      assertUploadInput(file);
      const resumeUrl = ownUploadUrl(o?.resumable?.url);
      const tus =
        resumable && (resumeUrl || file.data.size >= (resumable.minBytes ?? defaultResumableMinBytes)) && (await offersTus())
          ? await loadTusClient()
          : null;
      if (resumable && tus && (await tus.tusAvailable())) {
        const tusOptions = o?.resumable ? { ...o, resumable: { ...o.resumable, url: resumeUrl } } : o;
        const context = { baseURL, getToken: options.getToken, settings: resumable, errorFromResponse };
        const id = await tus.tusUpload(context, record, file, tusOptions);
        return getJson(`/api/attachments/${segment(id)}`, AttachmentSchema, 'attachment', o);
      }
      const form = new FormData();
      form.append('file', file.data, file.name);
      const total = file.data.size;
      let reported = -1;
      const report = (loaded: number) => {
        // Progress is of the file, not of the multipart body around it; never backwards.
        const value = Math.min(total, Math.max(0, Math.round(loaded)));
        if (value <= reported) return;
        reported = value;
        o?.onProgress?.({ loaded: value, total });
      };
      const onUploadProgress = (event: AxiosProgressEvent) => {
        if (event.total) report((event.loaded / event.total) * total);
        else report(Math.min(event.loaded, total));
      };
      const response = await send({ method: 'POST', url: `${recordPath(record)}/attachments`, data: form, onUploadProgress }, o?.signal);
      report(total);
      return parseResponse(AttachmentSchema, response.data, 'attachment');
    },
    async discardResumableUpload(url, o) {
      const own = ownUploadUrl(url);
      if (!own) return;
      try {
        await send({ method: 'DELETE', url: own, headers: { 'Tus-Resumable': '1.0.0' } }, o?.signal);
      } catch (error) {
        // Already gone (finished, expired, swept): nothing left to remove.
        if (!(error instanceof AttachKitError && (error.status === 404 || error.status === 410))) throw error;
      }
    },
    patchAttachment: (id, patch, o) =>
      sendJson('PATCH', `/api/attachments/${segment(id)}`, patch, AttachmentSchema, 'attachment', o, ifMatch(o)),
    bulkUpdateAttachments: (ids, set, o) =>
      sendJson('POST', '/api/attachments/bulk', { ids, set }, z.array(AttachmentSchema), 'attachment list', o),
    async deleteAttachment(id, o) {
      await send({ method: 'DELETE', url: `/api/attachments/${segment(id)}`, headers: ifMatch(o) }, o?.signal);
    },

    listNotes: (record, o) => getJson(`${recordPath(record)}/notes`, z.array(NoteSchema), 'note list', o),
    createNote: (record, note, o) => sendJson('POST', `${recordPath(record)}/notes`, note, NoteSchema, 'note', o),
    patchNote: (id, patch, o) => sendJson('PATCH', `/api/notes/${segment(id)}`, patch, NoteSchema, 'note', o, ifMatch(o)),
    bulkUpdateNotes: (ids, set, o) => sendJson('POST', '/api/notes/bulk', { ids, set }, z.array(NoteSchema), 'note list', o),
    async deleteNote(id, o) {
      await send({ method: 'DELETE', url: `/api/notes/${segment(id)}`, headers: ifMatch(o) }, o?.signal);
    },

    getPermissionCatalog: (o) => getJson('/api/permissions/catalog', PermissionCatalogSchema, 'permission catalog', o),
    listUsers: (o) => getJson('/api/users', z.array(StaffUserSchema), 'user list', o),
    updateGrants: (userId, grants, o) => sendJson('PUT', `/api/users/${segment(userId)}/grants`, grants, StaffUserSchema, 'user', o),

    getPortalSettings: (o) => getJson('/api/portal/settings', PortalSettingsDocumentSchema, 'portal settings', o),
    updatePortalSettings: (settings, o) =>
      sendJson('PUT', '/api/portal/settings', settings, PortalSettingsDocumentSchema, 'portal settings', o),

    listAudit: (o) =>
      getJson(
        `/api/audit${o?.limit === undefined ? '' : `?limit=${encodeURIComponent(String(o.limit))}`}`,
        z.array(AuditEntrySchema),
        'audit log',
        o,
      ),
  };
}
