/**
 * The languages the widget speaks besides English (which ships with the modal), each a file in
 * ./locales/ loaded on demand. The builds write dist/locales/<code>.js for each, and the script
 * tag finds them by this list; the ESM loader map must name each one (the type checker says so).
 */
export const ON_DEMAND_LANGUAGES = ['es', 'fr', 'de', 'pt', 'it', 'nl', 'ja', 'zh', 'ko', 'ar', 'he'] as const

export type OnDemandLanguage = (typeof ON_DEMAND_LANGUAGES)[number]
