import type { StorybookConfig } from '@storybook/web-components-vite';

/** Storybook 10 with the web-components Vite framework, set up by hand (no network at install). */
const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  docs: { defaultName: 'Docs' },
  async viteFinal(viteConfig) {
    // Use the packages' TypeScript sources (the `source` export condition): no build step.
    viteConfig.resolve ??= {};
    viteConfig.resolve.conditions = ['source', 'browser', 'module', 'development', 'import', 'default'];
    // Lit's decorators need TypeScript's legacy decorators and `useDefineForClassFields: false`
    // (a class field would shadow the reactive accessor). Vite 8 transforms TypeScript with Oxc,
    // which reads these from the nearest tsconfig today; say it here too, so a tsconfig that
    // is not found (or an `extends` that is not followed) cannot silently break every element.
    if (viteConfig.oxc !== false) {
      viteConfig.oxc = {
        ...viteConfig.oxc,
        decorator: { ...viteConfig.oxc?.decorator, legacy: true },
        assumptions: { ...viteConfig.oxc?.assumptions, setPublicClassFields: true },
        typescript: { ...viteConfig.oxc?.typescript, removeClassFieldsWithoutInitializer: true },
      };
    }
    // One preview bundle holds Lit, the SDK, axe (a11y addon) and 10,000-item fixtures.
    viteConfig.build ??= {};
    viteConfig.build.chunkSizeWarningLimit = 2048;
    return viteConfig;
  },
};
export default config;
