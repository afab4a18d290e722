/**
 * docs/openapi.yaml is generated from the routes (`npm run openapi`,
 * src/openapi/): the committed file is exactly what the routes generate, two
 * independent validators accept it as OpenAPI 3.1 (@redocly/cli lint with the
 * recommended rules, @apidevtools/swagger-parser's validate), and every route
 * Fastify serves is in it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse, stringify } from 'yaml';
import { generateOpenApi, type GeneratedDocument } from '../src/openapi/generate.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const committedPath = join(root, 'docs/openapi.yaml');
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** `redocly lint <file> --format=json` from the repository root (redocly.yaml there); its exit code and report. */
function redoclyLint(file: string): Promise<{ code: number; report: LintReport }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin/redocly'), ['lint', file, '--format=json'], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code: code ?? 1, report: JSON.parse(stdout) as LintReport });
      } catch {
        reject(new Error(`redocly printed no JSON report (exit ${code}): ${stderr.slice(-2000)}`));
      }
    });
  });
}

const operationsOf = (document: { paths: Record<string, Record<string, unknown>> }) =>
  Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => methods.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();

describe('OpenAPI document', () => {
  let generated: GeneratedDocument;
  let committed: string;
  before(async () => {
    generated = await generateOpenApi();
    committed = await readFile(committedPath, 'utf8');
  });

  it('is what the routes generate (run `npm run openapi` after changing a route or a schema)', () => {
    assert.ok(
      committed === generated.yaml,
      'docs/openapi.yaml is not what the routes generate: run `npm run openapi` and commit the result',
    );
  });

  it('documents every route Fastify serves, and nothing else', () => {
    assert.ok(generated.routes.length >= 25, `only ${generated.routes.length} routes`);
    assert.deepEqual(operationsOf(parse(committed) as GeneratedDocument['document']), generated.routes);
  });

  it('gives every operation an id, a summary, a tag, and its answers; only the routes without auth drop the bearer scheme', () => {
    const document = parse(committed) as GeneratedDocument['document'];
    const open: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, Record<string, unknown>>)) {
        const name = `${method.toUpperCase()} ${path}`;
        assert.equal(typeof operation.operationId, 'string', name);
        assert.equal(typeof operation.summary, 'string', name);
        assert.ok(Array.isArray(operation.tags) && operation.tags.length === 1, name);
        assert.ok(
          !('200' in (operation.responses as object)) ||
            (operation.responses as Record<string, { description: string }>)['200']!.description !== 'Default Response',
          name,
        );
        if (Array.isArray(operation.security) && operation.security.length === 0) open.push(name);
      }
    }
    assert.deepEqual(open.sort(), ['GET /healthz', 'GET /readyz', 'OPTIONS /api/uploads']);
  });

  it('is valid OpenAPI 3.1 for @apidevtools/swagger-parser', async () => {
    const api = (await SwaggerParser.validate(committedPath)) as { openapi: string };
    assert.equal(api.openapi, '3.1.0');
  });

  it('passes `redocly lint` with the recommended rules, without errors or warnings', async () => {
    const { code, report } = await redoclyLint('docs/openapi.yaml');
    const problems = report.problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`);
    assert.deepEqual(problems, []);
    assert.equal(code, 0);
  });

  it('the validators refuse the mistakes the hand-written file had (a license without url or identifier, prose inside a media type)', async () => {
    const document = parse(committed) as GeneratedDocument['document'] & { info: { license: Record<string, string> } };
    document.info.license = { name: 'MIT' };
    const content = (
      document.paths['/api/attachments/{id}/content']!.get as { responses: Record<string, { content: Record<string, object> }> }
    ).responses['200']!.content['application/octet-stream'] as Record<string, unknown>;
    content.description = 'Sent with the attachment’s mimeType as Content-Type.';
    const dir = await mkdtemp(join(tmpdir(), 'attachkit-openapi-'));
    try {
      const file = join(dir, 'broken.yaml');
      await writeFile(file, stringify(document));
      await assert.rejects(SwaggerParser.validate(file), /license|unevaluated/);
      const { code, report } = await redoclyLint(file);
      assert.notEqual(code, 0);
      const messages = report.problems.map((problem) => problem.message);
      assert.ok(
        messages.some((message) => /description.*not expected/.test(message)),
        JSON.stringify(messages),
      );
      assert.ok(
        messages.some((message) => message.includes('License object should contain one of the fields: `url`, `identifier`')),
        JSON.stringify(messages),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
