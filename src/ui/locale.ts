import type { CancelFlowConfig, Copy } from '../cancel-flow/types.js'
import ENGLISH from './locales/en.js'
import { LOCALE_LOADERS } from './locale-loaders.js'

/** Stripe's `cancellation_details.feedback` values: the ids of the built-in reasons. */
export const DEFAULT_REASON_IDS = [
  'too_expensive',
  'missing_features',
  'switched_service',
  'unused',
  'customer_service',
  'too_complex',
  'low_quality',
  'other',
] as const

/** Everything the widget itself says in one language. */
export interface LocaleStrings {
  copy: Copy
  /** Used when the config cannot be loaded. */
  fallback: { title: string; subtitle: string; reasons: Record<(typeof DEFAULT_REASON_IDS)[number], string> }
}

export const languageOf = (locale: string): string => locale.toLowerCase().split(/[-_]/)[0] ?? ''

const isSupported = (locale: string | undefined): locale is string =>
  typeof locale === 'string' && (languageOf(locale) === 'en' || languageOf(locale) in LOCALE_LOADERS)

/** The first candidate the widget speaks (options, then config, then the browser), else English. */
export const pickLocale = (candidates: Array<string | undefined>): string => candidates.find(isSupported) ?? 'en'

/** A locale's strings, with the locale they are really in: English when its chunk fails to load. */
export async function loadStrings(locale: string): Promise<{ locale: string; strings: LocaleStrings }> {
  const load = (LOCALE_LOADERS as Partial<Record<string, () => Promise<{ default: LocaleStrings }>>>)[languageOf(locale)]
  try {
    if (load) return { locale, strings: (await load()).default }
  } catch {
    return { locale: 'en', strings: ENGLISH }
  }
  return { locale, strings: ENGLISH }
}

/** The built-in config, in the customer's language, so the customer can always cancel. */
export const defaultConfig = ({ fallback }: LocaleStrings): CancelFlowConfig => ({
  title: fallback.title,
  subtitle: fallback.subtitle,
  reasons: DEFAULT_REASON_IDS.map((id) => ({ id, label: fallback.reasons[id], stripe_feedback: id })),
  offers: [],
  theme: {},
  copy: {},
})
