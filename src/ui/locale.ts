import type { CancelFlowConfig, Copy } from '../cancel-flow/types.js'
import { ENGLISH } from './defaults.js'

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

// One chunk per language, loaded only when needed: English ships with the modal.
const LOADERS: Record<string, () => Promise<{ default: LocaleStrings }>> = {
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

export const languageOf = (locale: string): string => locale.toLowerCase().split(/[-_]/)[0] ?? ''

const isSupported = (locale: string | undefined): locale is string =>
  typeof locale === 'string' && (languageOf(locale) === 'en' || languageOf(locale) in LOADERS)

/** The first candidate the widget speaks (options, then config, then the browser), else English. */
export const pickLocale = (candidates: Array<string | undefined>): string => candidates.find(isSupported) ?? 'en'

/** The strings for a locale; English when it is English or its chunk fails to load. */
export async function loadStrings(locale: string): Promise<LocaleStrings> {
  const load = LOADERS[languageOf(locale)]
  if (!load) return ENGLISH
  try {
    return (await load()).default
  } catch {
    return ENGLISH
  }
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
