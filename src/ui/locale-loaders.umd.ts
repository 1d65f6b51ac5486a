import { ON_DEMAND_LANGUAGES } from './languages.js'
import type { LocaleStrings } from './locale.js'

// The <script> build is one file; inlining eleven languages would more than double it. It
// loads dist/locales/<language>.js (the ESM build's files) from beside windback.umd.js instead,
// so a strict CSP needs nothing more than the script's own origin.
let scriptUrl: string | undefined

/** Called by the UMD entry while it runs, when `document.currentScript` is still this script. */
export function rememberScriptUrl(script: Element | null): void {
  if (script instanceof HTMLScriptElement && script.src) scriptUrl = script.src
}

export const LOCALE_LOADERS: Record<string, () => Promise<{ default: LocaleStrings }>> = Object.fromEntries(
  ON_DEMAND_LANGUAGES.map((language) => [
    language,
    () => {
      if (!scriptUrl) return Promise.reject(new Error('The script URL is unknown'))
      return import(/* @vite-ignore */ new URL(`locales/${language}.js`, scriptUrl).href)
    },
  ]),
)
