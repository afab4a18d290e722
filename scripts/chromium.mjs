// Where the Debian Chromium is (CHROMIUM_PATH overrides /usr/bin/chromium), one line saying how to get it
// when it is missing (the browser, build and e2e suites check this first instead of failing with stack traces),
// and how every suite launches it with playwright-core (never a browser of its own).
import { accessSync, constants } from 'node:fs';

/** The Chromium binary every suite drives: CHROMIUM_PATH, else /usr/bin/chromium. */
export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** null when Chromium is there; otherwise one line naming what is missing and how to get it. */
export function missingChromium() {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    const where = process.env.CHROMIUM_PATH ? `CHROMIUM_PATH=${path}` : path;
    return `Chromium is missing (${where} is not an executable): install it with \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary.`;
  }
}

/** The flags the suites run Chromium with: no sandbox (containers, root), no GPU, no background traffic. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches that Chromium headless with playwright-core; `options` are playwright's launch options
 * (their `args` come after the flags above). Rejects with missingChromium()'s line when it is not there.
 */
export async function launchChromium(options = {}) {
  const missing = missingChromium();
  if (missing) throw new Error(missing);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ ...options, executablePath: chromiumPath(), args: [...chromiumArgs, ...(options.args ?? [])] });
}
