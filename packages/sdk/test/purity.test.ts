/**
 * The SDK runs in browsers and Node alike: no DOM, no Node-only APIs, no side
 * effects on import. Checked with the type checker: every global the sources
 * use must come from the ECMAScript libs or be one of the web-platform APIs
 * that browsers and Node share.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../../../', import.meta.url).pathname;
const src = new URL('../src/', import.meta.url).pathname;

/** Web-platform APIs present in every browser and in Node >= 20. */
const sharedGlobals = new Set([
  'Blob',
  'AbortSignal',
  'AbortController',
  'crypto',
  'Crypto',
  'SubtleCrypto',
  'FormData',
  'TextEncoder',
  'TextDecoder',
  'setTimeout',
  'clearTimeout',
  'structuredClone',
  'URL',
  'URLSearchParams',
  'DOMException',
  'Event',
  'EventTarget',
  'console',
  'BlobPart',
  'File',
  'queueMicrotask',
  'ReadableStream',
  'Response',
  'Headers',
]);

/**
 * Browser-only code the SDK reaches only after feature detection: the photo
 * downscale worker (src/photos/downscale-worker.ts), started once
 * `canDownscale()` found Worker, createImageBitmap and OffscreenCanvas.
 */
const browserOnly: Record<string, Set<string>> = {
  'photos/downscale-worker.ts': new Set(['Worker', 'MessageEvent', 'createImageBitmap', 'OffscreenCanvas']),
};

function program() {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${root}tsconfig.json`,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  // src/node/ is the Node-only entry (`@attachkit/sdk/node`), which the main entry never imports.
  const files = config.fileNames.filter((f) => f.startsWith(src) && !f.startsWith(`${src}node/`));
  return { program: ts.createProgram(files, config.options), files };
}

describe('sdk purity', () => {
  const { program: p, files } = program();
  const checker = p.getTypeChecker();

  it('uses no DOM and no Node-only globals', () => {
    const violations = new Set<string>();
    for (const file of files) {
      const source = p.getSourceFile(file)!;
      const visit = (node: ts.Node) => {
        const isMemberName =
          node.parent !== undefined &&
          ((ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) ||
            (ts.isQualifiedName(node.parent) && node.parent.right === node));
        if (ts.isIdentifier(node) && !isMemberName) {
          const symbol = checker.getSymbolAtLocation(node);
          const declarations = symbol?.declarations ?? [];
          const origins = declarations.map((d) => d.getSourceFile().fileName);
          const fromDom = origins.some((o) => /lib\.dom(\.iterable)?\.d\.ts$/.test(o));
          const onlyNode = origins.length > 0 && origins.every((o) => o.includes('/@types/node/'));
          const allowed = sharedGlobals.has(node.text) || browserOnly[file.slice(src.length)]?.has(node.text);
          if ((fromDom || onlyNode) && !allowed && !origins.some((o) => o.startsWith(src) || /lib\.es/.test(o))) {
            violations.add(`${file.slice(src.length)}: ${node.text}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual([...violations], []);
  });

  it('imports only zod/mini (the small build), axios and its own modules', () => {
    for (const file of files) {
      const source = p.getSourceFile(file)!;
      for (const statement of source.statements) {
        if (
          (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
          statement.moduleSpecifier &&
          ts.isStringLiteral(statement.moduleSpecifier)
        ) {
          const specifier = statement.moduleSpecifier.text;
          assert.ok(
            specifier.startsWith('.') || ['zod/mini', 'zod/locales', 'axios'].includes(specifier),
            `${file.slice(src.length)} imports ${specifier}`,
          );
        }
      }
    }
  });

  it('is declared free of side effects', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    assert.equal(manifest.sideEffects, false);
  });
});
