/**
 * Words that turn a cancel action into a retention one ("Keep my plan" on the button that should
 * cancel), in each language the widget ships. Matched case-insensitively anywhere in the label.
 */
export const KEEP_WORDING: Readonly<Record<string, RegExp>> = {
  en: /\b(?:keep|stay|remain)\b|\bdo(?:n[’']t| not) cancel\b/i,
  es: /\b(?:mantener|quedar(?:me|se)?)\b|\bno cancelar\b/i,
  fr: /\b(?:garder|rester|conserver)\b|\bne pas résilier\b/i,
  de: /\b(?:behalten|bleiben)\b|\bnicht kündigen\b/i,
  pt: /\b(?:manter|ficar)\b|\bnão cancelar\b/i,
  it: /\b(?:mantieni|mantenere|restare|resta)\b|\bnon annullare\b/i,
  nl: /\b(?:houden|blijven)\b|\bniet opzeggen\b/i,
  ja: /継続|残る|解約しない/,
  zh: /保留|留下|不取消/,
  ko: /유지|해지하지 않/,
  ar: /الإبقاء|البقاء|الاحتفاظ/,
  he: /להישאר|השארת|לשמור|לא לבטל/,
}

/** The languages whose keep/stay wording `text` contains. */
export const keepWordingIn = (text: string): string[] =>
  Object.entries(KEEP_WORDING).flatMap(([language, pattern]) => (pattern.test(text) ? [language] : []))
