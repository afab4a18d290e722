import type { Socket } from 'node:net';
import { AttachKitError } from '@attachkit/sdk';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problemContentType, problemOf, sendProblem, toHttpError } from './problem.js';
import { addSecurityHeaders, securityHeaders } from './security-headers.js';

/**
 * Fastify's `frameworkErrors` option: a malformed URL escape (`%E0%A4%A`) or a
 * path parameter over `maxParamLength` answers problem+json with the security
 * headers, and never echoes the path (Fastify's own answer does both wrong).
 * These replies skip the hooks, hence the explicit headers.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  addSecurityHeaders(reply);
  void sendProblem(reply, toHttpError(error));
}

const clientErrors: Record<string, AttachKitError> = {
  ERR_HTTP_REQUEST_TIMEOUT: new AttachKitError('request.timeout', 'The request took too long to arrive; the connection is closed.', {
    status: 408,
  }),
  HPE_HEADER_OVERFLOW: new AttachKitError('request.headersTooLarge', 'The request headers are too large.', { status: 431 }),
};
const badRequest = new AttachKitError('request.malformed', 'The request is not valid HTTP.', { status: 400 });

/** A complete raw HTTP response carrying a problem document, for sockets Fastify no longer (or not yet) answers on. */
export function rawProblemResponse(error: AttachKitError): string {
  const problem = problemOf(error);
  const body = JSON.stringify(problem);
  const headers = {
    'Content-Type': problemContentType,
    ...securityHeaders,
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `HTTP/1.1 ${problem.status} ${problem.title}\r\n${head}\r\n${body}`;
}

/**
 * Whether a problem can still be written on the socket: no response has been
 * started for the request in progress, and the request was not answered
 * already (a 401 sent while its body still trickles in).
 */
function canAnswer(socket: Socket): boolean {
  const http = socket as Socket & { _httpMessage?: { headersSent?: boolean } | null; parser?: { incoming?: unknown } | null };
  if (!socket.writable) return false;
  return http._httpMessage ? !http._httpMessage.headersSent : !http.parser?.incoming;
}

/** Writes a problem on the raw socket when nothing was sent yet, then closes it. */
export function answerOnSocket(socket: Socket, error: AttachKitError): void {
  if (canAnswer(socket)) socket.end(rawProblemResponse(error));
  socket.destroySoon();
}

/**
 * Fastify's `clientErrorHandler`: HTTP the parser refuses (400), headers too
 * large (431) and requests that did not arrive within `requestTimeout` or
 * `headersTimeout` (408) answer problem+json with the security headers.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  answerOnSocket(socket, clientErrors[error.code ?? ''] ?? badRequest);
}
