/**
 * onDemand (backend/on-demand.ts): what the HTTP backend loads tus-js-client
 * and asks `OPTIONS /api/uploads` with. A success is kept; a failure is not,
 * so one dropped signal does not turn resumable uploads off for the page
 * (the CDN page in Chromium: docs/examples/examples.e2e.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onDemand } from '../src/backend/on-demand.js';

describe('onDemand', () => {
  it('keeps what loaded: later calls get it without loading again', async () => {
    let loads = 0;
    const load = onDemand(async () => ({ loaded: ++loads }), null);
    assert.deepEqual(await load(), { loaded: 1 });
    assert.equal(await load(), await load());
    assert.equal(loads, 1);
  });

  it('answers the fallback for a failure, and loads again at the next call', async () => {
    let loads = 0;
    const load = onDemand(async () => {
      if (++loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return 'tus';
    }, null);
    assert.equal(await load(), null);
    assert.equal(await load(), 'tus');
    assert.equal(await load(), 'tus');
    assert.equal(loads, 2);
  });

  it('does not keep an answer of undefined (no answer): the fallback now, a new question next time', async () => {
    const answers = [undefined, false];
    let asked = 0;
    const offersTus = onDemand(async () => answers[asked++], false);
    assert.equal(await offersTus(), false);
    assert.equal(await offersTus(), false);
    assert.equal(await offersTus(), false);
    assert.equal(asked, 2, 'the server said no (false): kept');
  });

  it('calls while a load is under way share it, success or failure', async () => {
    let loads = 0;
    let fail!: (error: Error) => void;
    const load = onDemand(() => (++loads, new Promise<string>((_, reject) => (fail = reject))), null);
    const both = Promise.all([load(), load()]);
    fail(new Error('offline'));
    assert.deepEqual(await both, [null, null]);
    assert.equal(loads, 1);
    void load();
    assert.equal(loads, 2);
  });
});
