// A rollup plugin for the CDN bundle: every import() of one of its own chunks can be tried again after it failed.
//
// A page keeps the outcome of each module URL it imported, failures included (the HTML spec stopped keeping
// failed fetches in whatwg/html#10327, but the Debian Chromium 150 here still keeps them: an import() of a URL
// that once answered 503, or failed offline, fails again at once, with no request, until the page reloads).
// So a signal dropped while, say, tus-js-client's chunk loaded would leave every later import() of it failing.
// Here each import() of a chunk goes through a small helper at the top of the importing chunk: after a failure,
// the next import() of that chunk asks for `chunk.js?retry=N` — a new URL, so a new fetch — and the chunk's own
// imports (relative URLs, the query dropped) still reach the same modules. The SDK's code decides when to ask
// again (packages/sdk/src/backend/on-demand.ts); docs/uploads.md describes it.
import MagicString from 'magic-string';

const helper = '__attachkitImport';
const failures = '__attachkitFailedImports';
const helperCode =
  `const ${failures} = new Map();\n` +
  `const ${helper} = (specifier, base) => {\n` +
  `  const url = new URL(specifier, base).href;\n` +
  `  const attempt = ${failures}.get(url) ?? 0;\n` +
  `  return import(attempt === 0 ? url : \`\${url}?retry=\${attempt}\`).catch((error) => {\n` +
  `    ${failures}.set(url, Math.max(${failures}.get(url) ?? 0, attempt + 1));\n` +
  `    throw error;\n` +
  `  });\n` +
  `};\n`;

export function retryChunkImports() {
  return {
    name: 'attachkit-retry-chunk-imports',
    renderDynamicImport({ format, targetChunk }) {
      // Only the bundle's own chunks (an external import() stays as it is).
      if (format !== 'es' || !targetChunk) return null;
      return { left: `${helper}(`, right: ', import.meta.url)' };
    },
    renderChunk(code) {
      if (!code.includes(`${helper}(`)) return null;
      if (code.includes(`const ${helper}`) || code.includes(`const ${failures}`)) this.error(`${helper} is already declared in a chunk`);
      const output = new MagicString(code);
      // After the licence banner, which stays the first line.
      const banner = /^\/\*![\s\S]*?\*\/\n?/.exec(code);
      if (banner) output.appendRight(banner[0].length, helperCode);
      else output.prepend(helperCode);
      return { code: output.toString(), map: output.generateMap({ hires: true }) };
    },
  };
}
