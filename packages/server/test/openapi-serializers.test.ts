/**
 * Route schemas shape answers (src/openapi/serializers.ts): a JSON 2xx answer
 * is serialized with its schema (fast-json-stringify), so a field the schema
 * does not document never leaves the server; other answers are JSON.stringify.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { componentSchemas } from '../src/openapi/components.js';
import { lazySerializers } from '../src/openapi/serializers.js';

const attachment = {
  id: '3f1c2e9a-0000-4000-8000-000000000001',
  record: { type: 'job', id: 'J-1001' },
  clientId: null,
  name: 'site.jpg',
  size: 12,
  mimeType: 'image/jpeg',
  checksum: 'a'.repeat(64),
  createdAt: '2026-12-01T12:00:00.000Z',
  createdBy: 'u-1',
  portal: 'hidden',
  confidential: false,
  revision: 1,
};

describe('answer serializers', () => {
  const compile = lazySerializers(componentSchemas(), {});
  const route = (httpStatus: string) => ({
    method: 'GET',
    url: '/api/records/:type/:id/attachments',
    httpStatus,
    contentType: 'application/json',
    schema: { type: 'array', items: { $ref: 'Attachment#' } },
  });

  it('a 2xx answer holds the documented fields only', () => {
    const serialize = compile(route('200'));
    const text = serialize([{ ...attachment, storagePath: '/srv/blobs/secret' }]);
    assert.deepEqual(JSON.parse(text), [attachment]);
  });

  it('other answers are sent as built', () => {
    const problem = { type: 'urn:attachkit:problem:not.found', status: 404, extra: true };
    assert.deepEqual(JSON.parse(compile(route('404'))(problem)), problem);
  });
});
