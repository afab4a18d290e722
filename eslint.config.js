// ESLint flat config: typescript-eslint (strict + stylistic, type-checked) everywhere, Lit and web-component rules on the
// elements (and Lit's on the stories), Prettier last so formatting is Prettier's alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/', 'storybook-static/', 'coverage/', '**/.attachkit-data/', 'packages/elements/src/localization/generated/'],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's describe/it return promises the runner itself awaits; chai's `.equal` is typed as a promise only
      // because @open-wc/semantic-dom-diff overloads it for `.dom.equal` (the ones we use are synchronous).
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
            { from: 'package', package: 'chai', name: 'Equal' },
          ],
        },
      ],
      // Numbers in messages and paths are normal; objects, undefined and null are still caught.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Lit's `@click=${() => this.close()}`, `.then(() => done())` and `return notFound()` in a void function are idiomatic;
      // a void value used anywhere else is still caught.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // `async` without `await` is how the promise-returning interfaces (MetadataStore, BlobStore, backends, Fastify
      // hooks) turn a throw into a rejection; unawaited promises are no-floating-promises' job.
      '@typescript-eslint/require-await': 'off',
      // Deliberate no-ops: ReactiveController's optional hooks and `.catch(() => {})` on best-effort cleanup.
      '@typescript-eslint/no-empty-function': 'off',
      // `process.env.X || undefined` treats an empty variable as unset, on purpose; `??` is still asked for elsewhere.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // `_`-prefixed parameters keep a signature's shape (an interface method that ignores its session).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // In tests, benchmarks and stories' play functions a wrong `!` fails loudly, which is what an assertion should do there.
    files: ['**/test/**', '**/*.test.ts', '**/*.e2e.ts', 'bench/**', 'stories/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read JSON bodies (`await response.json()` is any) and assert on them: a wrong shape fails the assertion.
      // Source code keeps all five rules.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Teardown guards for fixtures a failed before() leaves unset, and flags set in callbacks, which TypeScript's
      // narrowing cannot see, read as unnecessary conditions; source code keeps the rule.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // querySelector-style helpers (`$<HTMLInputElement>(el, 'input')`) take the type the caller expects, as lib.dom does.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  {
    // The SDK's copies of the lib.dom globals both runtimes share keep lib.dom's own form (`declare var`, any, call signatures).
    files: ['packages/sdk/types/*.d.ts'],
    rules: { 'no-var': 'off', '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/prefer-function-type': 'off' },
  },
  {
    // Plain JavaScript (scripts/*.mjs, configs) is not in a tsconfig: the non-type-aware rules only.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['packages/elements/src/**/*.ts', 'packages/elements/test/**/*.ts', 'stories/**/*.ts'],
    extends: [lit.configs['flat/recommended']],
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    extends: [wc.configs['flat/recommended'], wc.configs['flat/best-practice']],
  },
  prettier,
);
