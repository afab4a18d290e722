/**
 * Test harness: a real S3-protocol server (s3rver, in-process) on loopback,
 * with a fresh bucket per suite, and an S3 client for the test's own checks.
 *
 * s3rver 3.7 answers `NotImplemented` to ListMultipartUploads and
 * AbortMultipartUpload, which AWS S3, MinIO, R2 and Ceph RGW all serve and the
 * blob store's sweep relies on. The harness adds both, over s3rver's own
 * upload directory, ahead of its router (no signature check for these two).
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** What a server process needs to reach the test bucket (AWS SDK standard variables). */
export const s3TestCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const s3TestEnv = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };

export interface TestS3 {
  readonly endpoint: string;
  /** A client for the test's own look at the bucket. */
  readonly client: S3Client;
  /** Creates an empty bucket and returns its name. */
  createBucket(prefix?: string): Promise<string>;
  /** The `--blobs` URL of a bucket (and key prefix). */
  blobsUrl(bucket: string, prefix?: string, extra?: Record<string, string>): string;
  /** Every object key in the bucket. */
  keys(bucket: string): Promise<string[]>;
  stop(): Promise<void>;
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  status: number;
  type: string;
  body: unknown;
}

/** ListMultipartUploads and AbortMultipartUpload over s3rver's `<bucket>/._S3rver_uploads/<id>/` directories. */
function multipartExtensions(root: string) {
  return async (ctx: KoaContext, next: () => Promise<void>) => {
    const [, bucket, ...rest] = ctx.path.split('/');
    if (!bucket) return next();
    const uploads = join(root, bucket, '._S3rver_uploads');
    if (ctx.method === 'GET' && rest.join('') === '' && 'uploads' in ctx.query) {
      const prefix = ctx.query.prefix ?? '';
      const entries = await readdir(uploads).catch(() => [] as string[]);
      const items: string[] = [];
      for (const id of entries) {
        const key = await readFile(join(uploads, id, 'key'), 'utf8').catch(() => null);
        if (key === null || !key.startsWith(prefix)) continue;
        const initiated = (await stat(join(uploads, id))).birthtime.toISOString();
        items.push(`<Upload><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId><Initiated>${initiated}</Initiated></Upload>`);
      }
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult><Bucket>${xmlEscape(bucket)}</Bucket><Prefix>${xmlEscape(prefix)}</Prefix><IsTruncated>false</IsTruncated>${items.join('')}</ListMultipartUploadsResult>`;
      return;
    }
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'DELETE' && rest.length > 0 && uploadId && /^[0-9a-f]+$/.test(uploadId)) {
      await rm(join(uploads, uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    return next();
  };
}

/**
 * Starts s3rver on a free loopback port. Sets the AWS SDK's standard
 * variables (AWS_ACCESS_KEY_ID…) of this process to s3rver's credentials when
 * unset, so servers under test find them the way production servers do.
 */
export async function startS3(): Promise<TestS3> {
  for (const [name, value] of Object.entries(s3TestEnv)) process.env[name] ??= value;
  const directory = await mkdtemp(join(tmpdir(), 'attachkit-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  (server as unknown as { middleware: unknown[] }).middleware.unshift(multipartExtensions(directory));
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3TestCredentials });
  let count = 0;
  return {
    endpoint,
    client,
    async createBucket(prefix = 'suite') {
      const name = `${prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${process.pid}-${++count}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    blobsUrl(bucket, prefix = '', extra = {}) {
      const query = new URLSearchParams({ endpoint, forcePathStyle: 'true', ...extra });
      return `s3://${bucket}/${prefix}?${query}`;
    },
    async keys(bucket) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async stop() {
      client.destroy();
      const closing = server.close();
      // Keep-alive sockets (fetch's, the servers' S3 clients') would hold close() for their idle timeout.
      (server as unknown as { httpServer: import('node:http').Server }).httpServer.closeAllConnections();
      await closing;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
