import { pageHub } from '../script-tag/page-hub.js'
import { ON_DEMAND_LANGUAGES } from './languages.js'
import type { LocaleStrings } from './locale.js'

// The script tag's modal (vite.config.ts uses this in place of locale-loaders.ts): each language
// is dist/script-tag/locales/<code>.js, loaded by the script tag's own file loader, with
// integrity like the modal itself.
export const LOCALE_LOADERS: Record<string, () => Promise<{ default: LocaleStrings }>> = Object.fromEntries(
  ON_DEMAND_LANGUAGES.map((language) => [
    language,
    async () => {
      const load = pageHub().load
      if (!load) throw new Error('No script tag on this page loads languages')
      return (await load(`script-tag/locales/${language}.js`)) as { default: LocaleStrings }
    },
  ]),
)
