/**
 * The tus routes' answers, as a client meets them over real HTTP, are the
 * ones docs/openapi.yaml describes for that operation: the status and its
 * problem code. (The tus routes are described by hand in uploads.schema.ts,
 * so nothing else ties the two together.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateOpenApi } from '../src/openapi/generate.js';
import { startServer, type TestServer } from './support/harness.js';
import { freePort } from './support/postgres.js';
import { tusClient } from './support/tus.js';

const job = { recordType: 'job', recordId: 'J-1001' };

interface Operation {
  operationId: string;
  responses: Record<string, unknown>;
}

describe('tus answers are the ones the OpenAPI document describes', () => {
  let server: TestServer;
  let operations: Map<string, Operation>;
  before(async () => {
    // Scanning configured, the scanner unreachable: a completing request answers 503.
    server = await startServer({ server: { clamav: `tcp://127.0.0.1:${await freePort()}` } });
    const { document } = await generateOpenApi();
    operations = new Map();
    for (const item of Object.values(document.paths as Record<string, Record<string, Operation>>))
      for (const operation of Object.values(item)) if (operation.operationId) operations.set(operation.operationId, operation);
  });
  after(() => server.close());

  async function expectDocumented(operationId: string, response: Response, status: number, code?: string): Promise<void> {
    const body = await response.text();
    assert.equal(response.status, status, `${operationId}: ${body}`);
    if (code && body !== '') assert.equal(JSON.parse(body).code, code);
    const operation = operations.get(operationId);
    assert.ok(operation, `no operation ${operationId}`);
    assert.ok(
      String(status) in operation.responses,
      `${operationId} answers ${status} (${code ?? 'no body'}), which the document does not describe`,
    );
  }

  it('HEAD, PATCH and DELETE without Tus-Resumable: 412 tus.versionRequired', async () => {
    const created = await tusClient(server).create('demo-tech', { filename: 'notes.txt', ...job, length: 100 });
    const location = created.headers.get('location')!;
    const bare = (method: string, headers: Record<string, string> = {}, body?: BodyInit) =>
      server.fetch(location, 'demo-tech', { method, headers, body });
    await expectDocumented('uploadOffset', await bare('HEAD'), 412);
    await expectDocumented(
      'appendUpload',
      await bare('PATCH', { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, new Uint8Array(10)),
      412,
      'tus.versionRequired',
    );
    await expectDocumented('terminateUpload', await bare('DELETE'), 412, 'tus.versionRequired');
    await expectDocumented(
      'createUpload',
      await tusClient(server).create('demo-tech', { filename: 'a.txt', ...job, length: 1, headers: { 'Tus-Resumable': '' } }),
      412,
      'tus.versionRequired',
    );
  });

  it('a creation that carries the whole file (creation-with-upload) runs the pipeline: 503 scan.unavailable', async () => {
    const tus = tusClient(server);
    const response = await tus.create('demo-tech', { filename: 'report.txt', ...job, length: 10, body: new Uint8Array(10).fill(0x61) });
    await expectDocumented('createUpload', response, 503, 'scan.unavailable');
  });

  it('a PATCH at the wrong offset (409), one longer than the upload (413), and the completing PATCH with the scanner down (503)', async () => {
    const tus = tusClient(server);
    const location = (await tus.create('demo-tech', { filename: 'report.txt', ...job, length: 10 })).headers.get('location')!;
    await expectDocumented('appendUpload', await tus.patch('demo-tech', location, 5, new Uint8Array(5)), 409, 'upload.offsetMismatch');
    await expectDocumented('appendUpload', await tus.patch('demo-tech', location, 0, new Uint8Array(20)), 413, 'upload.lengthExceeded');
    await expectDocumented(
      'appendUpload',
      await tus.patch('demo-tech', location, 0, new Uint8Array(10).fill(0x61)),
      503,
      'scan.unavailable',
    );
  });
});
