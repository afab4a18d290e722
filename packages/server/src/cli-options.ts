/**
 * The command line of `attachkit-server`, parsed and checked before anything
 * starts: a bad value stops the server with a sentence naming the flag.
 */
import { parseArgs } from 'node:util';
import { OriginListError, parseAllowedOrigins } from './http/cors.js';
import type { ServerTimeouts } from './http/timeouts.js';
import { clamavOptionsFromUrl } from './scan/clamav.js';
import { parseBlobsUrl } from './storage/open-blobs.js';
import { parseMetadataUrl } from './storage/open-storage.js';

export const usage = `attachkit-server --data ./data --port 4300 [options]

  --host 127.0.0.1           address to listen on
  --metadata postgres://user@host:5432/db
                             metadata on PostgreSQL (env ATTACHKIT_METADATA); default SQLite in --data
  --blobs 's3://bucket/prefix?endpoint=…&forcePathStyle=true'
                             content on S3 (env ATTACHKIT_BLOBS; credentials from the AWS SDK chain);
                             default files in --data. With both, --data holds only temporary files
  --tokens tokens.json       bearer tokens → callers (without it: demo mode, docs/demo.md)
  --admins u-1,u-2           staff users of the token file created with every permission
                             when the database has no row for them yet (others: catalog defaults)
  --max-bytes 26214400       upload size limit
  --upload-expiry 86400      seconds an unfinished resumable (tus) upload lives after its creation
  --completion-lease 30      seconds after which another process takes over the completion of a
                             finished tus upload whose completing process died
  --clamav tcp://127.0.0.1:3310  scan every upload with clamd (or unix:/run/clamav/clamd.ctl;
                             env ATTACHKIT_CLAMAV); unreachable → uploads answer 503
  --keep-location            keep the GPS position of uploaded photos (default: removed;
                             docs/photos.md)
  --allowed-origins https://crm.example.com,https://app.example.com
                             exact origins of host pages that may call the API (CORS);
                             default: ATTACHKIT_ALLOWED_ORIGINS, else none
  --max-auth-failures 20     failed sign-ins per client address per minute, then 429 (0: off)
  --max-uploads 120          uploads per user per minute, then 429 (0: off)
  --request-timeout 120000   ms for a whole request to arrive (0: off); 408 after
  --headers-timeout 15000    ms for the request headers to arrive; 408 after
  --connection-timeout 30000 ms a connection may stay silent mid-request; 408 after
  --keep-alive-timeout 72000 ms an idle keep-alive connection stays open`;

/** A problem with the command line; the CLI prints the message and exits with 2. */
export class CliUsageError extends Error {}

export interface CliOptions extends ServerTimeouts {
  dataDir: string;
  /** postgres:// URL, from --metadata or ATTACHKIT_METADATA. */
  metadata?: string;
  /** s3:// URL, from --blobs or ATTACHKIT_BLOBS. */
  blobs?: string;
  port: number;
  host: string;
  tokensFile?: string;
  admins: string[];
  maxBytes?: number;
  /** --upload-expiry: seconds an unfinished tus upload lives (default 24 h). */
  uploadExpirySeconds?: number;
  /** --completion-lease: seconds a completion claim lasts without renewal (default 30). */
  completionLeaseSeconds?: number;
  /** clamd's address (`tcp://host:port` or `unix:/path`), from --clamav or ATTACHKIT_CLAMAV. */
  clamav?: string;
  allowedOrigins: string[];
  /** --keep-location: photos keep their GPS position. */
  keepLocation: boolean;
  /** --max-auth-failures and --max-uploads, per minute. */
  rateLimit: { failedAuth?: { max: number }; uploads?: { max: number } };
  help: boolean;
}

/** A flag's whole number; a flag with a default always has one. */
function wholeNumber(flag: string, value: string, min: number): number;
function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined;
function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(number) || number < min)
    throw new CliUsageError(`${flag} takes a whole number${min > 0 ? ` ≥ ${min}` : ' (0 turns it off)'}, not "${value}"`);
  return number;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const rateLimitFlags = (failedAuth: number | undefined, uploads: number | undefined): CliOptions['rateLimit'] => ({
  ...(failedAuth === undefined ? {} : { failedAuth: { max: failedAuth } }),
  ...(uploads === undefined ? {} : { uploads: { max: uploads } }),
});

export function parseCliOptions(argv: string[], env: Record<string, string | undefined> = process.env): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', default: './data' },
        metadata: { type: 'string' },
        blobs: { type: 'string' },
        port: { type: 'string', default: '4300' },
        host: { type: 'string', default: '127.0.0.1' },
        tokens: { type: 'string' },
        admins: { type: 'string' },
        'max-bytes': { type: 'string' },
        'upload-expiry': { type: 'string' },
        'completion-lease': { type: 'string' },
        clamav: { type: 'string' },
        'allowed-origins': { type: 'string' },
        'keep-location': { type: 'boolean' },
        'max-auth-failures': { type: 'string' },
        'max-uploads': { type: 'string' },
        'request-timeout': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'connection-timeout': { type: 'string' },
        'keep-alive-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.admins !== undefined && values.tokens === undefined)
    throw new CliUsageError('--admins names users of the --tokens file; give --tokens too');
  const clamav = values.clamav ?? (env.ATTACHKIT_CLAMAV || undefined);
  if (clamav !== undefined) {
    try {
      clamavOptionsFromUrl(clamav);
    } catch {
      throw new CliUsageError(`--clamav takes tcp://host:port or unix:/path/to/clamd.sock, not "${clamav}"`);
    }
  }
  const flag = values['allowed-origins'];
  let allowedOrigins: string[];
  try {
    allowedOrigins =
      flag !== undefined
        ? parseAllowedOrigins(flag, '--allowed-origins')
        : parseAllowedOrigins(env.ATTACHKIT_ALLOWED_ORIGINS, 'ATTACHKIT_ALLOWED_ORIGINS');
  } catch (error) {
    if (error instanceof OriginListError) throw new CliUsageError(error.message);
    throw error;
  }
  const metadata = values.metadata ?? (env.ATTACHKIT_METADATA || undefined);
  const blobs = values.blobs ?? (env.ATTACHKIT_BLOBS || undefined);
  const checkUrl = (name: string, value: string | undefined, parse: (url: string) => unknown) => {
    if (value === undefined) return;
    try {
      parse(value);
    } catch (error) {
      throw new CliUsageError(`${name}: ${(error as Error).message}`);
    }
  };
  checkUrl('--metadata', metadata, parseMetadataUrl);
  checkUrl('--blobs', blobs, parseBlobsUrl);
  return {
    dataDir: values.data,
    metadata,
    blobs,
    allowedOrigins,
    keepLocation: values['keep-location'] ?? false,
    rateLimit: rateLimitFlags(
      wholeNumber('--max-auth-failures', values['max-auth-failures'], 0),
      wholeNumber('--max-uploads', values['max-uploads'], 0),
    ),
    port: wholeNumber('--port', values.port, 0),
    host: values.host,
    tokensFile: values.tokens,
    admins: list(values.admins),
    maxBytes: wholeNumber('--max-bytes', values['max-bytes'], 1),
    uploadExpirySeconds: wholeNumber('--upload-expiry', values['upload-expiry'], 1),
    completionLeaseSeconds: wholeNumber('--completion-lease', values['completion-lease'], 1),
    clamav,
    requestTimeout: wholeNumber('--request-timeout', values['request-timeout'], 0),
    headersTimeout: wholeNumber('--headers-timeout', values['headers-timeout'], 0),
    connectionTimeout: wholeNumber('--connection-timeout', values['connection-timeout'], 0),
    keepAliveTimeout: wholeNumber('--keep-alive-timeout', values['keep-alive-timeout'], 0),
    help: values.help ?? false,
  };
}
