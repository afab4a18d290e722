// `npm run analyze` (from the repository root) → packages/elements/custom-elements.json.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export default {
  // internal/ak-element.ts: the base class, so every element lists the `kit` it inherits.
  globs: ['packages/elements/src/components/**/*.ts', 'packages/elements/src/internal/ak-element.ts'],
  // *.view.ts: the parts of the admin elements loaded on demand (their element classes document them).
  exclude: [
    'packages/elements/src/components/**/*.styles.ts',
    'packages/elements/src/components/**/*.view.ts',
    'packages/elements/src/components/**/define.ts',
  ],
  outdir: 'packages/elements',
  // packages/elements/package.json names the manifest itself; do not let the analyzer write the root package.json.
  packagejson: false,
  litelement: true,
  // The manifest lists modules in the order the analyzer's globby (fast-glob) finds the files, and fast-glob
  // walks directories concurrently: the order changes from run to run (3 runs in 30 here), and with it the
  // manifest, so scripts/check-docs.mjs failed at random. Sort the files: every run writes the same manifest.
  overrideModuleCreation({ ts, globs }) {
    return [...globs]
      .sort()
      .map((glob) => ts.createSourceFile(glob, readFileSync(resolve(process.cwd(), glob), 'utf8'), ts.ScriptTarget.ES2015, true));
  },
  plugins: [
    {
      // The analyzer guesses an event name from the first argument of every
      // `dispatchEvent(new SomeEvent(…))`; our events carry their name inside the
      // class, so keep only the documented `ak-*` events (from the @fires tags).
      name: 'attachkit-events-from-jsdoc',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events)
              declaration.events = declaration.events.filter((e) => typeof e.name === 'string' && e.name.startsWith('ak-'));
          }
        }
      },
    },
  ],
};
