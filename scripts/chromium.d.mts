/** The Chromium binary every suite drives: CHROMIUM_PATH, else /usr/bin/chromium. */
export declare function chromiumPath(): string;
/** null when Chromium is there; otherwise one line naming what is missing and how to get it. */
export declare function missingChromium(): string | null;
