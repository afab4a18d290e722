// The CDN bundle's files as a page gets them: attachkit.min.js and the chunks it imports by relative URL
// from attachkit-chunks/ beside it (scripts/check-build.mjs checks them and prints their sizes).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const chunkPath = (cdnFile, chunk) => join(dirname(cdnFile), 'attachkit-chunks', chunk);

/** The chunk files the entry and its chunks import, sorted (file names in attachkit-chunks/). */
export function cdnChunks(cdnFile) {
  const found = new Set();
  const visit = (file) => {
    for (const [, chunk] of readFileSync(file, 'utf8').matchAll(/["'](?:\.\/attachkit-chunks\/|\.\/)([\w.-]+-[\w-]{8}\.js)["']/g)) {
      if (found.has(chunk)) continue;
      found.add(chunk);
      if (existsSync(chunkPath(cdnFile, chunk))) visit(chunkPath(cdnFile, chunk));
    }
  };
  visit(cdnFile);
  return [...found].sort();
}

/**
 * Every import specifier of the entry and its chunks that is not a relative URL (`import "x"`,
 * `from "x"`, `import("x")`), as `file: specifier`: a page could only load those through an import map.
 * (Not preceded by a word character, dot or quote: the string "from" in a list of header names is no import.)
 */
export function bareImports(cdnFile) {
  const files = [cdnFile, ...cdnChunks(cdnFile).map((chunk) => chunkPath(cdnFile, chunk))];
  return files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?<![\w$."'`])(?:import\s*\(\s*|from\s*|import\s*)["'`]([^"'`]+)["'`]/g)]
      .map(([, specifier]) => specifier)
      .filter((specifier) => !/^\.{1,2}\//.test(specifier))
      .map((specifier) => `${file}: ${specifier}`),
  );
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** One line: the entry's size up front and its chunks' on demand, minified and min+gzip (-9, summed per file). */
export function cdnSizes(cdnFile, label) {
  const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
  const entry = readFileSync(cdnFile);
  const chunks = cdnChunks(cdnFile).map((chunk) => readFileSync(chunkPath(cdnFile, chunk)));
  const sum = (size) => chunks.reduce((total, chunk) => total + size(chunk), 0);
  return (
    `CDN bundle ${label}: ${kb(entry.length)} minified, ${kb(gzip(entry))} min+gzip up front;` +
    ` ${chunks.length} chunks on demand in attachkit-chunks/: ${kb(sum((c) => c.length))} minified, ${kb(sum(gzip))} min+gzip`
  );
}
