/** The OpenAPI description of the health checks (./health.ts). */
import { problem } from '../openapi/responses.js';

const status = (value: string) => ({
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: { type: 'string', const: value } },
});

export const liveness = () => ({
  tags: ['health'],
  operationId: 'liveness',
  summary: 'Liveness — the process answers. No authentication.',
  response: { 200: { description: 'Alive.', content: { 'application/json': { schema: status('ok') } } } },
});

export const readiness = () => ({
  tags: ['health'],
  operationId: 'readiness',
  summary: 'Readiness — the metadata database and the content store answer within 5 s. No authentication.',
  response: {
    200: { description: 'Ready to take requests.', content: { 'application/json': { schema: status('ready') } } },
    503: problem('The database or the content store does not answer (`server.notReady`); take the process out of rotation.'),
  },
});
