/** The route parameters' schemas, from the SDK's record reference (see ./params.ts for their types). */
import { componentSchemas } from '../openapi/components.js';

const recordRef = () => {
  const { properties } = componentSchemas().RecordRef;
  if (!properties) throw new Error('The RecordRef component schema has no properties.');
  return properties;
};

/** `/api/records/:type/:id/...` */
export const recordParams = () => ({
  type: 'object',
  required: ['type', 'id'],
  properties: {
    type: { ...recordRef().type, description: 'The host record type.', examples: ['job'] },
    id: { ...recordRef().id, description: "The host record's id.", examples: ['J-1001'] },
  },
});

/** `/api/attachments/:id`, `/api/notes/:id`, `/api/users/:id/...` */
export const itemParams = (what: string) => ({
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 128, description: `The ${what}'s id.` } },
});

/** `If-Match` on PATCH and DELETE. */
export const ifMatchHeaders = (ifMatch: Record<string, unknown>) => ({ type: 'object', properties: { 'If-Match': ifMatch } });
