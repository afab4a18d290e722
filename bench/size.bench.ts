/**
 * Bundle size: minified + gzip of what a user imports, lit included, built
 * with esbuild from sources, against upload widgets from npm built the same
 * way in the same run (their CSS counted too). Deterministic, so one build
 * each; bench/size-check.ts runs the same builds as a pass/fail check.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { BenchRow } from './stats.js';
import { glue, gzipAttribution, type MappedOutput, type ModuleCost } from './size-attribution.js';

const root = new URL('../', import.meta.url);
const elementsDir = new URL('packages/elements/', root).pathname;
const tsconfigBase = JSON.parse(readFileSync(new URL('tsconfig.base.json', root), 'utf8')) as { compilerOptions: Record<string, unknown> };

export interface BundleFigure {
  label: string;
  /** Minified bytes, JS and CSS. */
  jsBytes: number;
  cssBytes: number;
  /**
   * gzip (level 9) of each up-front file, summed, plus gzip of the CSS: what
   * goes over the wire (each file is fetched and compressed on its own;
   * gzipping them as one would let later files reuse earlier ones' strings).
   */
  gzipBytes: number;
  /** What loads only on demand (dynamic `import()`s and what they import): not counted in the figure. */
  onDemand: {
    /** Minified bytes, and gzip of each chunk summed (each is fetched on its own). */
    jsBytes: number;
    gzipBytes: number;
    /** Each on-demand chunk: the modules it holds, biggest first, and its sizes. */
    chunks: { modules: string[]; jsBytes: number; gzipBytes: number }[];
  };
  /** The metafile of what loads up front only. */
  metafile: Metafile;
  /** What loads up front, each file with its source map (for the per-module gzip attribution). */
  upFront: MappedOutput[];
}

/** The entries: a user's import lines. `export` keeps the SDK functions from being tree-shaken away. */
/** The outputs a page loads before anything runs: `entry` and what it imports statically, transitively (not `import()`). */
export function staticClosure(outputs: Metafile['outputs'], entry: string): Set<string> {
  const closure = new Set<string>();
  const visit = (output: string) => {
    if (closure.has(output)) return;
    closure.add(output);
    for (const imported of outputs[output]?.imports ?? [])
      if (imported.kind !== 'dynamic-import' && outputs[imported.path]) visit(imported.path);
  };
  visit(entry);
  return closure;
}

export const entries = {
  uploaderAndList: {
    label: 'attachkit: uploader + attachment list + SDK + HTTP backend',
    contents: [
      "import '@attachkit/elements/uploader/define';",
      "import '@attachkit/elements/attachment-list/define';",
      "export { createAttachKit, createHttpBackend } from '@attachkit/sdk';",
    ].join('\n'),
  },
  allElements: {
    label: 'attachkit: all elements + SDK + HTTP backend',
    contents: ["import '@attachkit/elements/define-all';", "export { createAttachKit, createHttpBackend } from '@attachkit/sdk';"].join(
      '\n',
    ),
  },
  uppy: {
    label: 'Uppy: core + dashboard + xhr-upload, JS + CSS',
    contents: [
      "export { default as Uppy } from '@uppy/core';",
      "export { default as Dashboard } from '@uppy/dashboard';",
      "export { default as XHRUpload } from '@uppy/xhr-upload';",
      "import '@uppy/core/css/style.min.css';",
      "import '@uppy/dashboard/css/style.min.css';",
    ].join('\n'),
  },
  filepond: {
    label: 'FilePond, JS + CSS',
    contents: ["export * from 'filepond';", "import 'filepond/dist/filepond.min.css';"].join('\n'),
  },
  vaadinUpload: {
    label: '@vaadin/upload',
    contents: "export * from '@vaadin/upload';",
  },
} as const;

export type EntryName = keyof typeof entries;

const gzipSize = (text: string) => (text.length === 0 ? 0 : gzipSync(text, { level: 9 }).length);

/**
 * The esbuild options of one entry (--bundle --minify --format=esm, conditions
 * source+browser), shared by the bench and its Chromium page check so both
 * measure the same build. Code imported on demand (e.g. a locale loaded by
 * setLocale('ar')) goes to its own chunk: what a page loads up front is the
 * entry and what it imports statically.
 */
export function bundleOptions(name: EntryName) {
  return {
    stdin: { contents: entries[name].contents, resolveDir: elementsDir, loader: 'js', sourcefile: `${name}.entry.js` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source', 'browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfigRaw: { compilerOptions: tsconfigBase.compilerOptions },
    // Fonts and images referenced from the peers' CSS are fetched separately, not bundled.
    loader: { '.svg': 'empty', '.png': 'empty', '.gif': 'empty', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.eot': 'empty' },
    legalComments: 'none',
    splitting: true,
    write: false,
    metafile: true,
    logLevel: 'error',
  } satisfies BuildOptions;
}

/** Builds one entry (esbuild --bundle --minify --format=esm, conditions source+browser) and measures it. */
export async function measureBundle(name: EntryName): Promise<BundleFigure> {
  const entry = entries[name];
  const result = await build({
    ...bundleOptions(name),
    outdir: '/size-bench-out',
    // External maps (not counted) say which module each output byte comes from.
    sourcemap: 'external',
  });
  const outputs = result.metafile.outputs;
  // Metafile keys are relative paths (../../size-bench-out/x.js), output files absolute: match by file name.
  const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const key = (path: string) => Object.keys(outputs).find((k) => fileName(k) === fileName(path)) ?? path;
  // Dynamically imported modules are entry points too, in esbuild's model; ours is the stdin one.
  const entryOutput = Object.keys(outputs).find((k) => fileName(outputs[k]!.entryPoint ?? '') === `${name}.entry.js`)!;
  const initial = staticClosure(outputs, entryOutput);
  const cssOf = outputs[entryOutput]?.cssBundle;
  if (cssOf) initial.add(cssOf);
  let js = 0;
  let jsGzip = 0;
  let css = '';
  const onDemand: BundleFigure['onDemand'] = { jsBytes: 0, gzipBytes: 0, chunks: [] };
  const upFront: MappedOutput[] = [];
  const maps = new Map(result.outputFiles.filter((file) => file.path.endsWith('.map')).map((file) => [file.path, file.text]));
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.map')) continue;
    // esbuild ends each output with a comment pointing at its map: not part of what is measured.
    const text = file.text.replace(/(\/\/# sourceMappingURL=[^\n]*|\/\*# sourceMappingURL=[^\n]*\*\/)\n?$/, '');
    if (!initial.has(key(file.path))) {
      const inputs = Object.entries(outputs[key(file.path)]?.inputs ?? {})
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
        .map(([input]) => shortName(input));
      const chunk = { modules: inputs, jsBytes: Buffer.byteLength(text), gzipBytes: gzipSize(text) };
      onDemand.jsBytes += chunk.jsBytes;
      onDemand.gzipBytes += chunk.gzipBytes;
      onDemand.chunks.push(chunk);
      continue;
    }
    if (file.path.endsWith('.css')) css += text;
    else if (file.path.endsWith('.js')) {
      js += Buffer.byteLength(text);
      jsGzip += gzipSize(text);
    }
    const map = maps.get(`${file.path}.map`);
    if (map && file.path.endsWith('.js')) upFront.push({ text, map: JSON.parse(map) as MappedOutput['map'] });
  }
  const initialMetafile = {
    ...result.metafile,
    outputs: Object.fromEntries([...initial].filter((k) => outputs[k]).map((k) => [k, outputs[k]!])),
  };
  return {
    label: entry.label,
    jsBytes: js,
    cssBytes: Buffer.byteLength(css),
    gzipBytes: jsGzip + gzipSize(css),
    onDemand: { ...onDemand, chunks: onDemand.chunks.sort((a, b) => b.jsBytes - a.jsBytes) },
    metafile: initialMetafile,
    upFront,
  };
}

/** An input's path from its package: `lit-html/lit-html.js`, `elements/src/components/…`. */
function shortName(input: string): string {
  const modules = input.lastIndexOf('node_modules/');
  if (modules >= 0) return input.slice(modules + 'node_modules/'.length);
  const workspace = input.indexOf('packages/');
  return workspace >= 0 ? input.slice(workspace + 'packages/'.length) : input;
}

/** Which package a module belongs to: `lit-html`, `@attachkit/sdk`, `zod`… */
export function packageOf(module: string): string {
  const modules = module.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [first, second] = module.slice(modules + 'node_modules/'.length).split('/');
    return first!.startsWith('@') ? `${first}/${second}` : first!;
  }
  const workspace = /packages\/([^/]+)\//.exec(module);
  return workspace ? `@attachkit/${workspace[1]}` : module;
}

/** What each module of the up-front files costs: minified bytes and its exact gzip share (bench/size-attribution.ts). */
export const moduleCosts = (figure: BundleFigure): ModuleCost[] => gzipAttribution(figure.upFront, (source) => source);

/** The same, summed per package, biggest gzip first. */
export function packageCosts(costs: ModuleCost[]): ModuleCost[] {
  const totals = new Map<string, ModuleCost>();
  for (const cost of costs) {
    const name = packageOf(cost.module);
    const total = totals.get(name) ?? { module: name, minified: 0, gzip: 0 };
    total.minified += cost.minified;
    total.gzip += cost.gzip;
    totals.set(name, total);
  }
  return [...totals.values()].sort((a, b) => b.gzip - a.gzip);
}

const kb = (bytes: number) => bytes / 1024;
const exact = (value: number) => ({ median: value, min: value, max: value, spread: 0 });

export interface SizeResults {
  figures: Record<EntryName, BundleFigure>;
  rows: BenchRow[];
  details: string;
}

export async function measureSizes(): Promise<SizeResults> {
  const names = Object.keys(entries) as EntryName[];
  const figures = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await measureBundle(name)] as const))) as Record<
    EntryName,
    BundleFigure
  >;
  const row = (id: string, ours: EntryName, baseline: EntryName, name: string): BenchRow => ({
    id,
    name,
    unit: 'KB gz',
    ours: exact(kb(figures[ours].gzipBytes)),
    baseline: { name: entries[baseline].label, sample: exact(kb(figures[baseline].gzipBytes)) },
    ratio: figures[ours].gzipBytes / figures[baseline].gzipBytes,
  });
  /** What loads on demand: reported beside its up-front row, never counted in a budget. */
  const onDemandRow = (id: string, ours: EntryName, name: string): BenchRow => ({
    id,
    name,
    unit: 'KB gz',
    ours: exact(kb(figures[ours].onDemand.gzipBytes)),
    note: `${figures[ours].onDemand.chunks.length} chunks, ${kb(figures[ours].onDemand.jsBytes).toFixed(1)} KB min`,
  });
  const rows = [
    row(
      'size.uploaderAndList',
      'uploaderAndList',
      'filepond',
      'size (a): uploader + list + SDK + HTTP backend, up front, min+gz, with lit',
    ),
    row('size.allElements', 'allElements', 'uppy', 'size (b): all elements + SDK + HTTP backend, up front, min+gz, with lit'),
    onDemandRow('size.uploaderAndListOnDemand', 'uploaderAndList', 'size (a) on demand (reported, not counted in (a))'),
    onDemandRow('size.allElementsOnDemand', 'allElements', 'size (b) on demand (reported, not counted in (b))'),
    row('size.uploaderAndListVsVaadin', 'uploaderAndList', 'vaadinUpload', 'size (a) against @vaadin/upload (reported)'),
  ];
  const lines = ['Bundle sizes (esbuild --bundle --minify --format=esm --splitting; gzip -9; 1 KB = 1024 bytes):'];
  for (const name of names) {
    const f = figures[name];
    lines.push(
      `  ${f.label.padEnd(62)} ${kb(f.gzipBytes).toFixed(1).padStart(7)} KB gz up front (min: JS ${kb(f.jsBytes).toFixed(1)} KB${f.cssBytes ? `, CSS ${kb(f.cssBytes).toFixed(1)} KB` : ''})${f.onDemand.chunks.length ? `; on demand ${kb(f.onDemand.gzipBytes).toFixed(1)} KB gz in ${f.onDemand.chunks.length} chunks, not counted` : ''}`,
    );
  }
  lines.push('', 'What (b) loads on demand (each chunk: gzip, minified, its biggest modules):');
  for (const chunk of figures.allElements.onDemand.chunks)
    lines.push(
      `  ${kb(chunk.gzipBytes).toFixed(1).padStart(6)} KB gz ${kb(chunk.jsBytes).toFixed(1).padStart(6)} KB min  ${chunk.modules.slice(0, 3).join(', ')}${chunk.modules.length > 3 ? ` and ${chunk.modules.length - 3} more` : ''}`,
    );
  const ours = (name: string) => name.startsWith('@attachkit/') || name === glue;
  for (const [name, budget] of [
    ['uploaderAndList', figures.filepond.gzipBytes],
    ['allElements', Math.min(45 * 1024, figures.uppy.gzipBytes)],
  ] as const) {
    const costs = moduleCosts(figures[name]);
    const packages = packageCosts(costs);
    const theirs = packages.filter((p) => !ours(p.module)).reduce((sum, p) => sum + p.gzip, 0);
    lines.push(
      '',
      `What ${name === 'allElements' ? '(b)' : '(a)'} loads up front, per package (minified; gzip: what each module adds to the gzip of the file before it, exact sum):`,
    );
    for (const part of packages)
      lines.push(
        `  ${part.module.padEnd(30)} ${kb(part.minified).toFixed(1).padStart(7)} KB min  ${kb(part.gzip).toFixed(2).padStart(6)} KB gz`,
      );
    lines.push(
      `  dependencies ${kb(theirs).toFixed(1)} KB gz, attachkit's own code (and esbuild's glue) ${kb(figures[name].gzipBytes - theirs).toFixed(1)} KB gz; the budget (${kb(budget).toFixed(1)} KB) leaves ${kb(budget - theirs).toFixed(1)} KB gz for our own code`,
    );
    lines.push(`  its 25 biggest modules:`);
    for (const part of costs.slice(0, 25))
      lines.push(
        `  ${kb(part.gzip).toFixed(2).padStart(6)} KB gz ${kb(part.minified).toFixed(1).padStart(6)} KB min  ${shortName(part.module)}`,
      );
  }
  return { figures, rows, details: lines.join('\n') };
}

export async function runSizeBench(): Promise<{ rows: BenchRow[]; details: string }> {
  const { rows, details } = await measureSizes();
  return { rows, details };
}
