/** Debian's Chromium for the demo's end-to-end tests (scripts/chromium.mjs: nothing downloads a browser), and a context signed in as a demo user. */
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

export { launchChromium } from '../../../../scripts/chromium.mjs';

/** A fresh context whose pages are signed in as `token` (the demo host keeps the choice in localStorage). */
export async function contextAs(browser: Browser, token: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript((t) => localStorage.setItem('attachkit-demo-token', t), token);
  // tsx compiles the tests with esbuild's keepNames: functions handed to the page call `__name`.
  await context.addInitScript('globalThis.__name = (fn) => fn;');
  return context;
}
