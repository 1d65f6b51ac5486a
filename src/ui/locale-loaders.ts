import type { OnDemandLanguage } from './languages.js'
import type { LocaleStrings } from './locale.js'

type LocaleModule = Promise<{ default: LocaleStrings }>

/**
 * One file per language, loaded only when needed (English ships with the modal). The ESM build
 * writes them to dist/locales/; the script tag loads its own copies (src/script-tag/replacements/ui/locale-loaders.ts).
 * Literal paths, so bundlers of apps that import the package see each file.
 */
export const LOCALE_LOADERS: Record<OnDemandLanguage, () => LocaleModule> = {
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  pt: () => import('./locales/pt.js'),
  it: () => import('./locales/it.js'),
  nl: () => import('./locales/nl.js'),
  ja: () => import('./locales/ja.js'),
  zh: () => import('./locales/zh.js'),
  ko: () => import('./locales/ko.js'),
  ar: () => import('./locales/ar.js'),
  he: () => import('./locales/he.js'),
}
