/**
 * docs/openapi.yaml is normative: every operation it lists (health checks
 * included) is a route of the server, and every /api route of the server is in it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startAdminWorld } from './support/admin-world.js';
import type { TestServer } from './support/harness.js';

/** (method, path) pairs of the document, read from its `paths:` block (two-space path keys, four-space methods). */
async function documentedOperations(): Promise<string[]> {
  const text = await readFile(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8');
  const block = text.slice(text.indexOf('\npaths:\n'), text.indexOf('\ncomponents:\n'));
  const operations: string[] = [];
  let path = '';
  for (const line of block.split('\n')) {
    const pathMatch = /^ {2}(\/\S+):$/.exec(line);
    if (pathMatch) path = pathMatch[1]!.replace(/\{(\w+)\}/g, ':$1');
    const methodMatch = /^ {4}(get|post|put|patch|delete|options|head):$/.exec(line);
    if (methodMatch) operations.push(`${methodMatch[1]!.toUpperCase()} ${path}`);
  }
  return operations.sort();
}

describe('OpenAPI document', () => {
  let server: TestServer;
  const routes: string[] = [];
  before(async () => {
    server = await startAdminWorld();
  });
  after(() => server.close());

  it('lists exactly the routes the server serves', async () => {
    const documented = await documentedOperations();
    assert.ok(documented.length >= 20);
    for (const operation of documented) {
      const [method, url] = operation.split(' ') as [string, string];
      assert.ok(server.app.hasRoute({ method: method as 'GET', url }), `the server has ${operation}`);
    }
    // printRoutes draws a tree ("│   ├── :id (GET, HEAD)"); rebuild full paths from the indentation.
    const stack: string[] = [];
    for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const prefix = /^[│├└─\s]*/u.exec(line)![0];
      const rest = line.slice(prefix.length);
      if (!rest) continue;
      const depth = [...prefix].length / 4;
      const match = /^(\S*?)(?: \(([A-Z, ]+)\))?$/.exec(rest)!;
      stack.length = depth;
      stack[depth] = match[1]!;
      const path = stack.join('');
      if (match[2] && path.startsWith('/api/')) {
        // HEAD counts only where it is its own operation (tus), not Fastify's companion of every GET.
        for (const method of match[2].split(', ').filter((m) => m !== 'HEAD' || !match[2]!.includes('GET')))
          routes.push(`${method} ${path}`);
      }
    }
    assert.deepEqual(
      [...new Set(routes)].sort(),
      documented.filter((operation) => operation.split(' ')[1]!.startsWith('/api/')),
    );
  });
});
