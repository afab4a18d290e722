/** Bundles a bench page's script from the sources with esbuild (minified, lit in production mode), as a string. */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../../', import.meta.url);

export async function bundleBenchPage(entry: URL): Promise<string> {
  const base = JSON.parse(readFileSync(new URL('tsconfig.base.json', root), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const result = await build({
    entryPoints: [entry.pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source', 'browser', 'production'],
    tsconfigRaw: { compilerOptions: base.compilerOptions },
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}
