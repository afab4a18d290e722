/**
 * docs/openapi.yaml comes from the running routes: @fastify/swagger collects
 * every route's schema (./components.ts, src/routes/*.schema.ts) and this
 * file adds what no route says — the API's overview, servers, tags, the
 * bearer scheme. `npm run openapi` writes the file; the OpenAPI test checks it.
 */
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { routeAuthOf } from '../http/caller.js';
import { componentSchemas } from './components.js';
import { overview } from './overview.js';
import { errors, sharedResponseNames } from './responses.js';

/** The server package's version (src/ and dist/ sit at the same depth). */
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Set on a route schema whose body is optional. */
export const optionalBody = 'x-attachkit-optional-body';

/** The shared error answers by their (unique) description. */
const sharedByDescription = new Map(
  Object.entries(errors).map(([key, response]) => [response.description, sharedResponseNames[key] ?? key] as const),
);

/** Replaces each shared error answer with a `$ref` to `#/components/responses/<Name>`, which holds it once. */
function shareErrorResponses(responses: Record<string, { description?: string }>, shared: Record<string, unknown>): void {
  for (const [status, response] of Object.entries(responses)) {
    const name = response.description === undefined ? undefined : sharedByDescription.get(response.description);
    if (!name) continue;
    shared[name] ??= response;
    responses[status] = { $ref: `#/components/responses/${name}` } as { description?: string };
  }
}

const servedRoutes = new WeakMap<FastifyInstance, string[]>();

/**
 * Every route registered after `registerOpenApi`, as `METHOD /path/{param}`,
 * without the HEAD Fastify adds beside each GET (HEAD routes of their own stay).
 */
export function routesOf(app: FastifyInstance): string[] {
  const routes = (servedRoutes.get(app) ?? []).map((route) => route.replace(/:(\w+)/g, '{$1}'));
  return [...new Set(routes.filter((route) => !route.startsWith('HEAD ') || !routes.includes(route.replace(/^HEAD /, 'GET '))))].sort();
}

const tags = [
  { name: 'session', description: 'Who the caller is.' },
  { name: 'attachments', description: 'Files attached to host records: upload, list, download, share, mark Confidential, rename, delete.' },
  { name: 'notes', description: 'Shared notes on host records.' },
  { name: 'permissions', description: 'The permission catalog, the staff users and their grants.' },
  { name: 'portal', description: 'The Customer Portal switches.' },
  { name: 'records', description: 'The host service registers records and the customer each belongs to.' },
  { name: 'audit', description: 'Who changed sharing, confidentiality, grants or portal settings.' },
  {
    name: 'uploads',
    description: 'Resumable uploads (tus 1.0, https://tus.io/protocols/resumable-upload) for large files and patchy networks.',
  },
  { name: 'health', description: 'Liveness and readiness for proxies and orchestrators (docs/deploy.md).' },
];

/**
 * Registers @fastify/swagger (before the routes, which it collects) and the
 * shared schemas. Route schemas document requests and serialize answers;
 * they never validate requests: the service parses every body, parameter and
 * query with the same zod schemas after it has authorized the caller, so a
 * caller who may not act gets 403/404 whatever the body (the validator
 * compiler below accepts everything on purpose).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const routes: string[] = [];
  servedRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
  });
  for (const schema of Object.values(componentSchemas())) app.addSchema(schema);
  app.setValidatorCompiler(() => () => true);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'attachkit REST API',
        version,
        summary: 'Attachments, sharing and permissions for host records (jobs, quotes, invoices…).',
        description: overview,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: 'http://localhost:4300', description: 'npm start (demo mode)' }],
      tags,
      security: [{ bearer: [] }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: "What the server's `authenticate` hook accepts; the demo uses the tokens of docs/demo.md.",
          },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    // Routes that need no credentials say so in their config (`auth: 'none'`); the document says it too.
    transform: ({ schema, url, route }) => {
      const described: Record<string, unknown> = { ...schema };
      if (routeAuthOf(route.config, url) === 'none') described.security = [];
      // @fastify/swagger suffixes a HEAD route's operationId with -head; the tus HEAD is no GET's twin.
      if (typeof described.operationId === 'string') described.operationId = described.operationId.replace(/-head$/, '');
      return { schema: described, url };
    },
    // A body that may be left out (tus creation-with-upload): @fastify/swagger marks every body required.
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      const { openapiObject } = documentObject;
      const shared: Record<string, unknown> = {};
      for (const operations of Object.values(openapiObject.paths ?? {}))
        for (const value of Object.values(operations ?? {}) as unknown[]) {
          if (typeof value !== 'object' || !value) continue;
          const operation = value as Record<string, unknown>;
          if (optionalBody in operation) {
            Reflect.deleteProperty(operation, optionalBody);
            (operation.requestBody as { required: boolean }).required = false;
          }
          shareErrorResponses(operation.responses as Record<string, { description?: string }>, shared);
        }
      openapiObject.components = { ...openapiObject.components, responses: shared } as typeof openapiObject.components;
      return openapiObject;
    },
  });
}
