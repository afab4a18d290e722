import type { Browser, LaunchOptions } from 'playwright-core';

/** The Chromium binary every suite drives: CHROMIUM_PATH, else /usr/bin/chromium. */
export declare function chromiumPath(): string;
/** null when Chromium is there; otherwise one line naming what is missing and how to get it. */
export declare function missingChromium(): string | null;
/** The flags the suites run Chromium with: no sandbox (containers, root), no GPU, no background traffic. */
export declare const chromiumArgs: readonly string[];
/** Launches that Chromium headless with playwright-core; rejects with missingChromium()'s line when it is not there. */
export declare function launchChromium(options?: LaunchOptions): Promise<Browser>;
