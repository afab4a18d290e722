import { AttachKitError, type FieldIssue, type Reason } from '@attachkit/sdk';
import type { FastifyError, FastifyReply } from 'fastify';

/** An RFC 9457 problem document, extended with the policy's reason code, reasons and field issues. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The machine-readable code, e.g. `confidential.notPermitted`, `revision.stale`, `upload.tooLarge`. */
  code: string;
  reasons: Reason[];
  issues: FieldIssue[];
}

export const problemContentType = 'application/problem+json; charset=utf-8';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The problem document of an AttachKitError. A 404 says the same whether the item is missing or invisible. */
export function problemOf(error: AttachKitError): ProblemDocument {
  const status = error.status >= 400 && error.status <= 599 ? error.status : 500;
  return {
    type: `urn:attachkit:problem:${error.code}`,
    title: titles[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    reasons: error.reasons,
    issues: error.issues,
  };
}

/**
 * Fastify's own 4xx errors by code, each with a fixed detail: their messages
 * quote the request (the path, the media type), and no answer echoes input.
 */
const fastifyErrors: Record<string, [code: string, detail: string]> = {
  FST_ERR_BAD_URL: ['request.badUrl', 'The URL holds a malformed percent-escape.'],
  FST_ERR_MAX_PARAM_LENGTH: ['request.uriTooLong', 'A path segment of the URL is too long.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'request.unsupportedMediaType',
    'This route does not accept that Content-Type: send application/json (uploads: multipart/form-data).',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['validation.invalid', 'Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['validation.invalid', 'The body is empty: send a JSON document.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['validation.invalid', 'The body is not valid JSON.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['request.tooLarge', 'The request body is larger than this route accepts.'],
};

const byStatus = (status: number): [code: string, detail: string] =>
  status === 413
    ? ['request.tooLarge', 'The request body is larger than this route accepts.']
    : status === 415
      ? ['request.unsupportedMediaType', 'This route does not accept that Content-Type.']
      : status === 400
        ? ['validation.invalid', 'The request is not valid.']
        : ['request.invalid', 'The request is not valid.'];

/** The multipart parser's (busboy's) errors carry no status: a missing boundary, a body that ends mid-part. */
const multipartParserError =
  /^(Multipart: Boundary not found|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data)$/;

/**
 * Any error as an AttachKitError: AttachKitErrors pass; Fastify's own 4xx
 * errors (bad URL, bad JSON, wrong media type, body too large) and the
 * multipart parser's get a stable code and a fixed detail; the rest is a 500 whose detail does not leak internals.
 */
export function toHttpError(error: unknown): AttachKitError {
  if (error instanceof AttachKitError) return error;
  if (error instanceof Error && multipartParserError.test(error.message)) {
    return new AttachKitError('validation.invalid', 'The multipart/form-data body is malformed: send the file in the field "file".', {
      status: 400,
    });
  }
  const fastifyError = error as Partial<FastifyError>;
  const known = typeof fastifyError.code === 'string' ? fastifyErrors[fastifyError.code] : undefined;
  const status =
    fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    const [code, detail] = known ?? byStatus(status);
    return new AttachKitError(code, detail, { status });
  }
  return new AttachKitError('internal', 'Something went wrong on the server.', { status: 500, cause: error });
}

/** Sends an AttachKitError as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, error: AttachKitError): FastifyReply {
  const problem = problemOf(error);
  if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
  if ((problem.status === 429 || problem.status === 423) && 'retryAfter' in error && typeof error.retryAfter === 'number')
    reply.header('Retry-After', String(error.retryAfter));
  return reply.code(problem.status).type(problemContentType).send(problem);
}
