/**
 * The OpenAPI document of a server built with the default options (SQLite in
 * a temp directory, removed afterwards): what `npm run openapi` writes to
 * docs/openapi.yaml and what the OpenAPI test compares with it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { routesOf } from './document.js';

export interface GeneratedDocument {
  yaml: string;
  /** The same document as an object. */
  document: { paths: Record<string, Record<string, unknown>>; [key: string]: unknown };
  /** Every route Fastify serves, as `METHOD /path/{param}` (HEAD only where it is a route of its own, not a GET's companion). */
  routes: string[];
}

export async function generateOpenApi(): Promise<GeneratedDocument> {
  const dataDir = await mkdtemp(join(tmpdir(), 'attachkit-openapi-'));
  try {
    const app = await createServer({ dataDir, authenticate: () => null, rateLimit: false });
    try {
      await app.ready();
      return {
        yaml: app.swagger({ yaml: true }),
        document: app.swagger() as unknown as GeneratedDocument['document'],
        routes: routesOf(app),
      };
    } finally {
      await app.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
