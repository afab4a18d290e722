/**
 * The floor of any Node client for the upload benchmark: one multipart POST
 * written by hand with `node:http`, the file piped from `fs.createReadStream`
 * — no library, no progress, nothing between the disk and the socket. The
 * gap between it and `curl -F` is Node's own cost, not the SDK's.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';

export async function nodePipeUpload(url: string, token: string, file: string, name: string): Promise<void> {
  const boundary = `bench-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(file);
  await new Promise<void>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`node:http upload answered ${res.statusCode}`))));
      },
    );
    req.once('error', reject);
    req.write(head);
    const body = createReadStream(file, { highWaterMark: 1024 * 1024 });
    body.once('error', (error) => req.destroy(error));
    body.once('end', () => req.end(tail));
    body.pipe(req, { end: false });
  });
}
