import defaultAxios, { type AxiosInstance, type AxiosProgressEvent, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import * as z from 'zod/mini';
import { PermissionCatalogSchema, type PermissionCatalog } from '../catalog/catalog-schema.js';
import {
  AttachKitAbortError,
  AttachKitConflictError,
  AttachKitError,
  AttachKitForbiddenError,
  AttachKitNetworkError,
  AttachKitNotFoundError,
  AttachKitUploadRejectedError,
  AttachKitValidationError,
  throwIfAborted,
  type FieldIssue,
  type Reason,
} from '../errors.js';
import {
  AccessLevelSchema,
  AttachmentSchema,
  AuditEntrySchema,
  NoteSchema,
  PrincipalSchema,
  StaffUserSchema,
  type RecordRef,
} from '../model/schemas.js';
import { PortalSettingsSchema } from '../portal/portal-settings.js';
import type { AttachKitBackend, PortalSettingsDocument, RequestOptions, Session, WriteOptions } from './backend.js';

export interface HttpBackendOptions {
  /** Where the server is: `https://crm.example.com` (the routes start with `/api/`); `''` for the page's own origin. */
  baseURL: string;
  /** The bearer token for each request (read per request, so a refreshed token is used at once); none → no header. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** An axios instance to send requests with (interceptors, adapters); default: the global axios. */
  axios?: AxiosInstance;
}

const SessionSchema = z.strictObject({ principal: PrincipalSchema, level: AccessLevelSchema });
const PortalSettingsDocumentSchema = z.strictObject({
  settings: PortalSettingsSchema,
  apps: z.array(z.string()),
  paymentMethods: z.array(z.string()),
});

const ReasonSchema = z.object({ code: z.string(), message: z.string(), permission: z.optional(z.string()) });
const ProblemSchema = z.object({
  status: z.optional(z.number()),
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  code: z.optional(z.string()),
  reasons: z.optional(z.array(ReasonSchema)),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

const segment = (value: string) => encodeURIComponent(String(value));
const recordPath = (record: RecordRef) => `/api/records/${segment(record?.type)}/${segment(record?.id)}`;
const ifMatch = (options: WriteOptions | undefined): Record<string, string> =>
  options?.ifRevision === undefined ? {} : { 'If-Match': `"${options.ifRevision}"` };

/** Decodes a body that may arrive as text, a Buffer/ArrayBuffer (arraybuffer requests) or parsed JSON. */
function jsonOf(data: unknown): unknown {
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    data = new TextDecoder().decode(bytes);
  }
  if (typeof data === 'string') {
    try {
      return JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  return data;
}

/** The typed SDK error for a problem+json answer (or any non-2xx answer). */
export function errorFromResponse(status: number, data: unknown): AttachKitError {
  const parsed = ProblemSchema.safeParse(jsonOf(data));
  const problem = parsed.success ? parsed.data : {};
  const detail = problem.detail ?? problem.title ?? `The server answered ${status}.`;
  const reasons: Reason[] = problem.reasons ?? [];
  const issues: FieldIssue[] = problem.issues ?? [];
  const code = problem.code;
  let error: AttachKitError;
  if (status === 404) error = new AttachKitNotFoundError();
  else if (status === 403 && reasons.length > 0) error = new AttachKitForbiddenError(reasons);
  else if (status === 400 && (code === undefined || code === 'validation.invalid')) error = new AttachKitValidationError(detail, issues);
  else if (status === 412) error = new AttachKitConflictError(detail);
  else if ((status === 413 || status === 422) && code?.startsWith('upload.')) {
    error = new AttachKitUploadRejectedError(reasons[0] ?? { code, message: detail }, { reasons: reasons.length > 0 ? reasons : undefined });
  } else error = new AttachKitError(code ?? `http.${status}`, detail, { status, reasons, issues });
  // Keep the server's wording (it may be localised); the class, code and status are what callers branch on.
  if (problem.detail) error.message = problem.detail;
  return error;
}

function isCancel(error: unknown): boolean {
  const e = error as { code?: string; name?: string } | null;
  return e?.code === 'ERR_CANCELED' || e?.name === 'CanceledError' || e?.name === 'AbortError';
}

function parseResponse<S extends z.core.$ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = z.safeParse(schema, jsonOf(data));
  if (result.success) return result.data;
  throw new AttachKitError('response.invalid', `The server sent an invalid ${what}.`, { status: 502, cause: result.error });
}

/**
 * The AttachKitBackend over HTTP (axios), speaking the REST contract of
 * docs/openapi.yaml: bearer token per request, `AbortSignal` on every call,
 * upload progress, `If-Match` for `ifRevision`, problem+json errors mapped to
 * the SDK's typed errors, and every response parsed with the SDK's schemas.
 * Runs in browsers and in Node (global `FormData` and `Blob`).
 */
export function createHttpBackend(options: HttpBackendOptions): AttachKitBackend {
  const http = options.axios ?? defaultAxios;
  const baseURL = options.baseURL.replace(/\/+$/, '');

  async function send(config: AxiosRequestConfig, signal: AbortSignal | undefined): Promise<AxiosResponse> {
    throwIfAborted(signal);
    const token = await options.getToken?.();
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...(config.headers as Record<string, string> | undefined) };
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: AxiosResponse;
    try {
      response = await http.request({
        ...config,
        baseURL,
        headers,
        signal,
        validateStatus: () => true,
        maxRedirects: 0,
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
      });
    } catch (error) {
      if (isCancel(error) || signal?.aborted) throw new AttachKitAbortError();
      throw new AttachKitNetworkError(undefined, { cause: error });
    }
    if (response.status < 200 || response.status > 299) throw errorFromResponse(response.status, response.data);
    throwIfAborted(signal);
    return response;
  }

  const getJson = async <S extends z.core.$ZodType>(url: string, schema: S, what: string, o?: RequestOptions) =>
    parseResponse(schema, (await send({ method: 'GET', url }, o?.signal)).data, what);
  const sendJson = async <S extends z.core.$ZodType>(method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown, schema: S, what: string, o?: RequestOptions, headers: Record<string, string> = {}) =>
    parseResponse(schema, (await send({ method, url, data: body, headers: { 'Content-Type': 'application/json', ...headers } }, o?.signal)).data, what);

  async function getBlob(url: string, o?: RequestOptions): Promise<Blob> {
    const response = await send({ method: 'GET', url, responseType: 'arraybuffer' }, o?.signal);
    const type = String(response.headers['content-type'] ?? 'application/octet-stream');
    const data = response.data as ArrayBuffer | Uint8Array | Blob;
    return data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  }

  return {
    session: (o) => getJson('/api/session', SessionSchema, 'session', o) as Promise<Session>,

    listAttachments: (record, o) => getJson(`${recordPath(record)}/attachments`, z.array(AttachmentSchema), 'attachment list', o),
    getAttachment: (id, o) => getJson(`/api/attachments/${segment(id)}`, AttachmentSchema, 'attachment', o),
    getAttachmentContent: (id, o) => getBlob(`/api/attachments/${segment(id)}/content`, o),
    getAttachmentThumbnail: (id, o) => getBlob(`/api/attachments/${segment(id)}/thumbnail`, o),
    async uploadAttachment(record, file, o) {
      if (!file || typeof file.name !== 'string' || !(file.data instanceof Blob)) {
        throw new AttachKitError('validation.invalid', 'The upload needs a name and a Blob of data.', { status: 400 });
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
    patchAttachment: (id, patch, o) => sendJson('PATCH', `/api/attachments/${segment(id)}`, patch, AttachmentSchema, 'attachment', o, ifMatch(o)),
    bulkUpdateAttachments: (ids, set, o) => sendJson('POST', '/api/attachments/bulk', { ids, set }, z.array(AttachmentSchema), 'attachment list', o),
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

    getPermissionCatalog: (o) => getJson('/api/permissions/catalog', PermissionCatalogSchema, 'permission catalog', o) as Promise<PermissionCatalog>,
    listUsers: (o) => getJson('/api/users', z.array(StaffUserSchema), 'user list', o),
    updateGrants: (userId, grants, o) => sendJson('PUT', `/api/users/${segment(userId)}/grants`, grants, StaffUserSchema, 'user', o),

    getPortalSettings: (o) => getJson('/api/portal/settings', PortalSettingsDocumentSchema, 'portal settings', o) as Promise<PortalSettingsDocument>,
    updatePortalSettings: (settings, o) =>
      sendJson('PUT', '/api/portal/settings', settings, PortalSettingsDocumentSchema, 'portal settings', o) as Promise<PortalSettingsDocument>,

    listAudit: (o) => getJson(`/api/audit${o?.limit === undefined ? '' : `?limit=${encodeURIComponent(String(o.limit))}`}`, z.array(AuditEntrySchema), 'audit log', o),
  };
}
