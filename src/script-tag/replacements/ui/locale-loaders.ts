import { ON_DEMAND_LANGUAGES } from '../../../ui/languages.js'
import type { LocaleStrings } from '../../../ui/locale.js'
import { fileHash } from '../../file-hashes.js'
import { pageHub } from '../../page-hub.js'

// In the script tag's modal, this module stands in for src/ui/locale-loaders.ts: each language
// is dist/script-tag/locales/<code>.js, loaded with integrity like the modal itself, by the file
// loader of the script tag that loaded this modal, from the same folder. The languages' hashes
// are in this file, not in the script tag: a page whose visitors never open the modal does not
// download them.

// Read while dist/script-tag/modal.js runs, when it is `document.currentScript`.
const own = typeof document === 'undefined' ? null : document.currentScript
const distFolder = own instanceof HTMLScriptElement ? new URL('..', own.src).href : ''

export const LOCALE_LOADERS: Record<string, () => Promise<{ default: LocaleStrings }>> = Object.fromEntries(
  ON_DEMAND_LANGUAGES.map((language) => [
    language,
    async () => {
      const load = pageHub().loaders[distFolder]
      if (!load) throw new Error(`No script tag on this page loads languages from ${distFolder}`)
      const path = `script-tag/locales/${language}.js`
      return (await load(path, fileHash(path))) as { default: LocaleStrings }
    },
  ]),
)
