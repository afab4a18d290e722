// Library builds: per package ESM with .d.ts and source maps (dependencies
// external, for npm consumers), plus one self-contained, minified CDN bundle
// of every element with lit, the SDK, zod and axios inside: one entry file
// (attachkit.min.js) and, next to it in attachkit-chunks/, what it imports on
// demand (the admin elements' views, the virtualizer, locales, tus-js-client), by relative URL.
//
//   npm run build                                   all packages + the CDN bundle
//   ATTACHKIT_BUILD=lib npx rollup -c               the packages only (ATTACHKIT_PACKAGES=sdk,elements picks some)
//   ATTACHKIT_BUILD=cdn npx rollup -c               the CDN bundle only (ATTACHKIT_CDN_OUT=path moves it)
//   node scripts/check-build.mjs                    builds, then checks what a consumer would get
//
// Entries come from each package's `exports` (their `source` condition), so
// the export map and the build cannot drift apart. The order matters: sdk,
// then elements and server, whose type-check and .d.ts files import
// `@attachkit/sdk` as a package (its dist/index.d.ts), not its sources — the
// build tsconfigs drop the `source` condition. Dependencies and peer
// dependencies stay external (tslib included: it is a dependency of elements).
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join } from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { retryChunkImports } from './scripts/rollup-retry-imports.mjs';

const packages = (process.env.ATTACHKIT_PACKAGES ?? 'sdk,elements,server').split(',');

function entries(dir) {
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const sources = Object.values(manifest.exports ?? {})
    .map((target) => (typeof target === 'object' ? target.source : undefined))
    .filter((source) => typeof source === 'string' && source.endsWith('.ts'));
  const bins = Object.values(manifest.bin ?? {}).length > 0 && manifest.name === '@attachkit/server' ? ['./src/cli.ts'] : [];
  return { manifest, inputs: [...new Set([...sources, ...bins])].map((s) => `${dir}/${s.replace(/^\.\//, '')}`) };
}

function external(manifest) {
  const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  return (id) => builtins.has(id) || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
}

const libraryBuilds = packages.map((name) => {
  const dir = `packages/${name}`;
  const { manifest, inputs } = entries(dir);
  return {
    input: inputs,
    external: external(manifest),
    plugins: [
      nodeResolve({ exportConditions: ['node', 'import', 'default'], preferBuiltins: true }),
      // noEmitOnError: a type error fails the build instead of shipping wrong .d.ts files.
      typescript({ tsconfig: `${dir}/tsconfig.build.json`, outputToFilesystem: true, noEmitOnError: true }),
    ],
    output: { dir: `${dir}/dist`, format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: `${dir}/src` },
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
      warn(warning);
    },
  };
});

// One comment naming every bundled package, its version and licence (the
// individual @license headers are dropped; this keeps the notices in ~1 line).
function licenseBanner(chunk) {
  const seen = new Map();
  for (const id of chunk.moduleIds) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.split('\\').join('/'));
    if (!match || seen.has(match[1])) continue;
    const manifest = JSON.parse(readFileSync(`node_modules/${match[1]}/package.json`, 'utf8'));
    seen.set(match[1], `${manifest.name}@${manifest.version} (${manifest.license})`);
  }
  const own = JSON.parse(readFileSync('packages/elements/package.json', 'utf8'));
  const bundled = seen.size > 0 ? ` | bundles ${[...seen.values()].sort().join(', ')}` : '';
  return `/*! attachkit ${own.version} (${own.license})${bundled} */`;
}

// ATTACHKIT_CDN_OUT writes the bundle elsewhere (the docs examples test builds it into a temp folder);
// its chunks go to attachkit-chunks/ beside it.
const cdnFile = process.env.ATTACHKIT_CDN_OUT ?? 'packages/elements/dist/attachkit.min.js';

const cdnBuild = {
  input: 'packages/elements/src/define-all.ts',
  plugins: [
    // Chunk names carry a content hash: clear the previous build's, so that dist holds only this build's chunks.
    {
      name: 'attachkit-clear-chunks',
      buildStart: () => rmSync(join(dirname(cdnFile), 'attachkit-chunks'), { recursive: true, force: true }),
    },
    // `source`: the SDK from its TypeScript; `production`: lit without its dev-mode warnings.
    nodeResolve({ browser: true, exportConditions: ['source', 'browser', 'import', 'production', 'default'] }),
    // tus-js-client's ESM build imports url-parse (and its querystringify, requires-port), which are CommonJS:
    // converted here, they land in tus-js-client's on-demand chunk. Only dependencies are converted.
    commonjs({ include: /node_modules/, sourceMap: true }),
    // outDir: the plugin wants the output file inside it; nothing else is written (no declarations).
    typescript({
      tsconfig: 'packages/elements/tsconfig.cdn.json',
      outDir: dirname(cdnFile),
      outputToFilesystem: true,
      noEmitOnError: true,
    }),
    // A chunk whose import() failed (a dropped signal) is asked for again under a new URL next time.
    retryChunkImports(),
    terser({ format: { comments: /^!/ }, compress: { passes: 2 } }),
  ],
  // The entry file holds everything loaded up front (its chunks import shared code from it), not a facade.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: dirname(cdnFile),
    entryFileNames: basename(cdnFile),
    // Dynamic imports become chunks, loaded by URLs relative to the module importing them.
    // (tus-js-client's entry module is browser/index.js: its chunk is named after the package instead.)
    chunkFileNames: (chunk) =>
      chunk.facadeModuleId?.split('\\').join('/').includes('/node_modules/tus-js-client/')
        ? 'attachkit-chunks/tus-js-client-[hash].js'
        : 'attachkit-chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
    banner: licenseBanner,
  },
  onwarn(warning, warn) {
    // zod's sources carry explanatory comments next to @__PURE__ annotations, and zod and
    // lit-labs have internal import cycles: both harmless, both outside this repository.
    if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
};

export default process.env.ATTACHKIT_BUILD === 'cdn'
  ? [cdnBuild]
  : process.env.ATTACHKIT_BUILD === 'lib'
    ? libraryBuilds
    : [...libraryBuilds, cdnBuild];
