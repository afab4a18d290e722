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
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
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
 * Any error as an AttachKitError: AttachKitErrors pass; Fastify's own 4xx
 * errors (bad JSON, wrong media type, body too large) get a stable code; the
 * rest is a 500 whose detail does not leak internals.
 */
export function toHttpError(error: unknown): AttachKitError {
  if (error instanceof AttachKitError) return error;
  const fastifyError = error as Partial<FastifyError>;
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = status === 413 ? 'request.tooLarge' : status === 415 ? 'request.unsupportedMediaType' : status === 400 ? 'validation.invalid' : 'request.invalid';
    return new AttachKitError(code, fastifyError.message || 'The request is not valid.', { status });
  }
  return new AttachKitError('internal', 'Something went wrong on the server.', { status: 500, cause: error });
}

/** Sends an AttachKitError as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, error: AttachKitError): FastifyReply {
  const problem = problemOf(error);
  if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
  return reply.code(problem.status).type(problemContentType).send(problem);
}
