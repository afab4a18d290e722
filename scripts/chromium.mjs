// Where the Debian Chromium is (CHROMIUM_PATH overrides /usr/bin/chromium), and one line saying how to get it
// when it is missing: the browser, build and e2e suites check this first instead of failing with stack traces.
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
