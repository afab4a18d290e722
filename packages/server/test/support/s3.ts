/**
 * Test harness: a real S3-protocol server (s3rver, in-process) on loopback,
 * with a fresh bucket per suite, and an S3 client for the test's own checks.
 *
 * s3rver 3.7 answers `NotImplemented` to ListMultipartUploads,
 * AbortMultipartUpload and ListParts, which AWS S3, MinIO, R2 and Ceph RGW all
 * serve, the blob store's sweep relies on and `@tus/s3-store` resumes by. The
 * harness adds the three, over s3rver's own upload directory, ahead of its
 * router (no signature check for these).
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
  /** Every request s3rver received, in order (for a test to check which operations a server used). */
  readonly requests: S3Request[];
  stop(): Promise<void>;
}

export interface S3Request {
  method: string;
  /** `/<bucket>/<key>`, decoded. */
  path: string;
  /** The `x-amz-copy-source` header of a CopyObject / UploadPartCopy. */
  copySource?: string;
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  status: number;
  type: string;
  body: unknown;
  get(field: string): string;
}

/** ListParts of one upload: s3rver keeps part N as `<upload dir>/N` and its MD5 as `N.md5`. */
async function listParts(directory: string, bucket: string, key: string, uploadId: string): Promise<string | null> {
  const entries = await readdir(directory).catch(() => null);
  if (entries === null) return null;
  const numbers = entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  const parts: string[] = [];
  for (const number of numbers) {
    // A part still being received has no .md5 yet: not listed, as S3 lists only stored parts.
    const md5 = await readFile(join(directory, `${number}.md5`), 'utf8').catch(() => null);
    if (md5 === null) continue;
    const info = await stat(join(directory, String(number)));
    parts.push(
      `<Part><PartNumber>${number}</PartNumber><LastModified>${info.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${info.size}</Size></Part>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListPartsResult><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
}

/** ListMultipartUploads, AbortMultipartUpload and ListParts over s3rver's `<bucket>/._S3rver_uploads/<id>/` directories. */
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
        if (!key?.startsWith(prefix)) continue;
        const initiated = (await stat(join(uploads, id))).birthtime.toISOString();
        items.push(`<Upload><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId><Initiated>${initiated}</Initiated></Upload>`);
      }
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult><Bucket>${xmlEscape(bucket)}</Bucket><Prefix>${xmlEscape(prefix)}</Prefix><IsTruncated>false</IsTruncated>${items.join('')}</ListMultipartUploadsResult>`;
      return;
    }
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'GET' && rest.length > 0 && uploadId && /^[0-9a-f]+$/.test(uploadId)) {
      const key = decodeURIComponent(rest.join('/'));
      const body = await listParts(join(uploads, uploadId), bucket, key, uploadId);
      ctx.type = 'application/xml';
      if (body === null) {
        ctx.status = 404;
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${uploadId}</UploadId></Error>`;
      } else ctx.body = body;
      return;
    }
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
  const requests: S3Request[] = [];
  const record = async (ctx: KoaContext, next: () => Promise<void>) => {
    const copySource = ctx.get('x-amz-copy-source');
    requests.push({ method: ctx.method, path: decodeURIComponent(ctx.path), ...(copySource ? { copySource } : {}) });
    return next();
  };
  (server as unknown as { middleware: unknown[] }).middleware.unshift(record, multipartExtensions(directory));
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3TestCredentials });
  let count = 0;
  return {
    endpoint,
    client,
    requests,
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
