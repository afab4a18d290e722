import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryBackend } from '../src/index.js';
import { admin, records } from './fixtures.js';

describe('memory backend content types', () => {
  const backend = createMemoryBackend({ principal: admin, users: [admin], records });
  const record = { type: records[0]!.type, id: records[0]!.id };
  const upload = (name: string, type: string) => backend.uploadAttachment(record, { name, data: new Blob(['hello'], { type }) });

  it('labels a known extension from its table', async () => {
    assert.equal((await upload('notes.txt', '')).mimeType, 'text/plain');
  });

  it('takes an Object.prototype name for an unknown extension, not a table entry', async () => {
    assert.equal((await upload('notes.constructor', 'text/plain')).mimeType, 'text/plain');
    assert.equal((await upload('notes.valueof', '')).mimeType, 'application/octet-stream');
  });
});
