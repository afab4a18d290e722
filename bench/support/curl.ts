/** curl, the baseline client of the upload benchmarks (upload, resumable, scale-out): one helper, the same flags everywhere. */
import { execFile } from 'node:child_process';

/** Runs `curl -sS` with the bearer token and `args`; resolves with what it writes to stdout (the `-w` format). */
export const curl = (token: string, args: string[]): Promise<string> =>
  new Promise<string>((resolve, reject) =>
    execFile(
      'curl',
      ['-sS', '-H', `Authorization: Bearer ${token}`, ...args],
      { maxBuffer: 1024 * 1024 },
      (error: Error | null, out: string) => (error ? reject(error) : resolve(out)),
    ),
  );

/** `curl -F file=@file;filename=name` to an attachments route (`url`); throws unless the server answers 201. */
export async function curlUpload(url: string, token: string, file: string, name: string): Promise<void> {
  const status = await curl(token, ['-o', '/dev/null', '-w', '%{http_code}', '-F', `file=@${file};filename=${name}`, url]);
  if (status.trim() !== '201') throw new Error(`curl -F answered ${status}`);
}
