import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyContent } from '../src/upload/sniff.js';

describe('content sniffing by extension', () => {
  const text = new TextEncoder().encode('hello world\n');

  it('treats names of Object.prototype members as unknown extensions, not as table entries', () => {
    for (const name of ['notes.constructor', 'notes.__proto__', 'notes.valueof', 'notes.hasownproperty']) {
      assert.deepEqual(classifyContent(name, undefined, text), classifyContent('notes.unknownext', undefined, text), name);
    }
  });

  it('still labels known extensions from their tables', () => {
    assert.deepEqual(classifyContent('notes.txt', undefined, text), { ok: true, mimeType: 'text/plain' });
  });
});
