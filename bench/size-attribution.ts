/**
 * Which source module each gzip byte of a bundle belongs to. esbuild's source
 * map says which module every character of the minified output comes from;
 * the output is cut into runs of one module each, and a run's gzip cost is
 * what it adds to the gzip of everything before it in the same file
 * (gzip(prefix + run) − gzip(prefix)): a module is charged what it really
 * costs after the code gzip already saw, and the costs add up to the file's
 * gzip size exactly. Bytes the source map gives no module (esbuild's glue
 * between modules) are charged to `(esbuild glue)`.
 */
import { gzipSync } from 'node:zlib';

/** One output file of an esbuild build with `sourcemap: 'external'`. */
export interface MappedOutput {
  text: string;
  map: { sources: string[]; mappings: string };
}

export interface ModuleCost {
  module: string;
  minified: number;
  gzip: number;
}

export const glue = '(esbuild glue)';
const base64 = new Map(Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c, i) => [c, i]));

/** The source-map segments of one generated line: [column, source index?] each (VLQ-decoded). */
function decodeLine(line: string, state: { source: number }): [number, number | undefined][] {
  const segments: [number, number | undefined][] = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (segment === '') continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = base64.get(char);
      if (digit === undefined) throw new Error(`bad source map character ${char}`);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0] ?? 0;
    if (fields.length > 1) state.source += fields[1] ?? 0;
    segments.push([column, fields.length > 1 ? state.source : undefined]);
  }
  return segments;
}

/** The output cut into runs of one module each: [start, end) in string indices, and the module. */
function runsOf(output: MappedOutput, name: (source: string) => string): { end: number; module: string }[] {
  const runs: { end: number; module: string }[] = [];
  const push = (end: number, module: string) => {
    const last = runs.at(-1);
    if (last?.module === module) last.end = end;
    else if (end > (last?.end ?? 0)) runs.push({ end, module });
  };
  const lines = output.map.mappings.split(';');
  const state = { source: 0 };
  let lineStart = 0;
  for (const [index, line] of output.text.split('\n').entries()) {
    const segments = decodeLine(lines[index] ?? '', state);
    let current = glue;
    let at = lineStart;
    for (const [column, source] of segments) {
      push(lineStart + column, current);
      at = lineStart + column;
      current = source === undefined ? glue : name(output.map.sources[source] ?? glue);
    }
    // The rest of the line, and its newline, belong to the last segment.
    const lineEnd = lineStart + line.length + 1;
    push(Math.min(lineEnd, output.text.length), at === lineEnd ? glue : current);
    lineStart = lineEnd;
  }
  return runs;
}

/** Gzip (level 9, as the size bench) and minified bytes per module over the given outputs. */
export function gzipAttribution(outputs: MappedOutput[], name: (source: string) => string): ModuleCost[] {
  const costs = new Map<string, ModuleCost>();
  for (const output of outputs) {
    const gz = (end: number) => (end === 0 ? 0 : gzipSync(output.text.slice(0, end), { level: 9 }).length);
    let start = 0;
    let before = 0;
    for (const run of runsOf(output, name)) {
      const after = gz(run.end);
      const cost = costs.get(run.module) ?? { module: run.module, minified: 0, gzip: 0 };
      cost.minified += Buffer.byteLength(output.text.slice(start, run.end));
      cost.gzip += after - before;
      costs.set(run.module, cost);
      start = run.end;
      before = after;
    }
  }
  return [...costs.values()].sort((a, b) => b.gzip - a.gzip);
}
