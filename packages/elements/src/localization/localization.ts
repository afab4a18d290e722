import { configureLocalization } from '@lit/localize';
import type { LocaleModule } from '@lit/localize';
import { allLocales, sourceLocale, targetLocales } from './generated/locale-codes.js';

export { allLocales, sourceLocale, targetLocales };
export type LocaleCode = (typeof allLocales)[number];

const loaders: Record<(typeof targetLocales)[number], () => Promise<LocaleModule>> = {
  ar: () => import('./generated/locales/ar.js'),
};

/** Locales written right to left (by language subtag). */
const rightToLeft = new Set(['ar', 'fa', 'he', 'ur']);

let runtime: ReturnType<typeof configureLocalization> | null = null;

/** The active locale (the source locale, `en`, until `setLocale` is called). */
export function getLocale(): string {
  return runtime?.getLocale() ?? sourceLocale;
}

/** Whether a locale is written right to left. */
export function isRightToLeft(locale: string): boolean {
  return rightToLeft.has((locale.split('-')[0] ?? '').toLowerCase());
}

export interface SetLocaleOptions {
  /** Also set `lang` and `dir` on `<html>` (default true). Pass false when the host manages them. */
  updateDocument?: boolean;
}

/**
 * Switches every attachkit element to `locale` (`'en'` or `'ar'`) and, unless
 * told otherwise, sets `<html lang dir>` so right-to-left locales lay out
 * right to left. Resolves once the elements have the new strings.
 *
 * @lit/localize allows one runtime configuration per page: an application
 * that configures @lit/localize itself should load attachkit's templates
 * through its own `loadLocale` instead of calling this.
 */
export async function setLocale(locale: LocaleCode | (string & {}), options: SetLocaleOptions = {}): Promise<void> {
  runtime ??= configureLocalization({
    sourceLocale,
    targetLocales,
    loadLocale: (code) => loaders[code as (typeof targetLocales)[number]](),
  });
  await runtime.setLocale(locale);
  if (options.updateDocument !== false && typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.documentElement.dir = isRightToLeft(locale) ? 'rtl' : 'ltr';
  }
}
