import defaultAxios, { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import * as z from 'zod/mini';
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
import type { RecordRef } from '../model/schemas.js';

/** When the HTTP backend uploads with tus (resumable) instead of one multipart request. */
export interface ResumableUploadSettings {
  /** Files of at least this many bytes go through tus when the server offers it (default 5 MB). */
  minBytes?: number;
  /** Bytes per PATCH; default: the whole rest of the file in one request (fastest; a cut request keeps its bytes). */
  chunkSize?: number;
  /** Waits between automatic retries of a failed request, in ms (default 0, 1 s, 3 s, 5 s, 10 s, 20 s). */
  retryDelays?: number[];
  /**
   * A request that moves no byte for this long (ms) is given up as a network
   * failure, and the upload goes on from the server's offset: a signal that
   * dies without the browser going offline leaves a PATCH hanging, and
   * tus-js-client has no timeout of its own. Not while the last bytes are
   * with the server (its checks may take a while). Default 30 s; 0: never.
   */
  stallTimeout?: number;
}

export const defaultStallTimeout = 30_000;

export const defaultResumableMinBytes = 5 * 1024 * 1024;

export interface HttpBackendOptions {
  /** Where the server is: `https://crm.example.com` (the routes start with `/api/`); `''` for the page's own origin. */
  baseURL: string;
  /** The bearer token for each request (read per request, so a refreshed token is used at once); none → no header. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** An axios instance to send requests with (interceptors, adapters); default: the global axios. */
  axios?: AxiosInstance;
  /**
   * Resumable uploads: files of at least `minBytes` (default 5 MB) go through
   * the server's tus endpoint (`/api/uploads`) when `OPTIONS` says it offers
   * tus 1.0, with tus-js-client loaded on demand; `false` always sends one
   * multipart request.
   */
  resumable?: ResumableUploadSettings | false;
}

/** One URL path segment, escaped. */
export const segment = (value: string) => encodeURIComponent(value);
/** `/api/records/:type/:id` of a record (JavaScript callers may pass none: the server then answers 404). */
export const recordPath = (record: RecordRef | undefined) => `/api/records/${segment(String(record?.type))}/${segment(String(record?.id))}`;

const ReasonSchema = z.object({ code: z.string(), message: z.string(), permission: z.optional(z.string()) });
const ProblemSchema = z.object({
  status: z.optional(z.number()),
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  code: z.optional(z.string()),
  reasons: z.optional(z.array(ReasonSchema)),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

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
    error = new AttachKitUploadRejectedError(reasons[0] ?? { code, message: detail }, {
      reasons: reasons.length > 0 ? reasons : undefined,
    });
  } else error = new AttachKitError(code ?? `http.${status}`, detail, { status, reasons, issues });
  // Keep the server's wording (it may be localised); the class, code and status are what callers branch on.
  if (problem.detail) error.message = problem.detail;
  return error;
}

function isCancel(error: unknown): boolean {
  const e = error as { code?: string; name?: string } | null;
  return e?.code === 'ERR_CANCELED' || e?.name === 'CanceledError' || e?.name === 'AbortError';
}

export function parseResponse<S extends z.core.$ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = z.safeParse(schema, jsonOf(data));
  if (result.success) return result.data;
  throw new AttachKitError('response.invalid', `The server sent an invalid ${what}.`, { status: 502, cause: result.error });
}

/** Sends one request: the bearer token, problem+json errors as the SDK's typed errors, aborts as `request.aborted`. */
export type HttpSend = (config: AxiosRequestConfig, signal: AbortSignal | undefined) => Promise<AxiosResponse>;

/** How the HTTP backend and the Node uploads talk to the server (one place for tokens, errors and aborts). */
export function createHttpTransport(options: HttpBackendOptions): HttpSend {
  const http = options.axios ?? defaultAxios;
  const baseURL = options.baseURL.replace(/\/+$/, '');

  return async function send(config: AxiosRequestConfig, signal: AbortSignal | undefined): Promise<AxiosResponse> {
    throwIfAborted(signal);
    const token = await options.getToken?.();
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...(config.headers as Record<string, string> | undefined),
    };
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
  };
}
