/**
 * What the SDK's browser-safe entries may depend on. (Globals are the compiler's job:
 * packages/sdk/tsconfig.json has `lib: ["ES2023"]`, `types: []` and only the web globals
 * browsers and Node share, run by `npm run typecheck`.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const src = new URL('../src/', import.meta.url).pathname;

/** Every source file of the browser-safe entries (src/node/ is `@attachkit/sdk/node`, Node only). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return path === join(src, 'node') ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Static import and re-export specifiers (dynamic `import()` loads on demand and is allowed). */
const specifiersOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)].map((m) => m[1]!);

describe('sdk dependencies', () => {
  it('imports only zod/mini (the small build), axios and its own modules', () => {
    const foreign = sources(src).flatMap((file) =>
      specifiersOf(file)
        .filter((s) => !s.startsWith('.') && !['zod/mini', 'zod/locales', 'axios'].includes(s))
        .map((s) => `${relative(src, file)} imports ${s}`),
    );
    assert.deepEqual(foreign, []);
  });

  it('is declared free of side effects', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(manifest.sideEffects, false);
  });
});
