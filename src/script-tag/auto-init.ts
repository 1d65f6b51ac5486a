import { resumePendingSubmissions } from '../cancel-flow/create-cancel-flow.js'
import { assertPublicKey } from '../cancel-flow/options.js'
import { warn } from '../core/log.js'
import { WindbackError } from '../errors.js'
import { bindCancelLinks } from './cancel-links.js'

/** The `<script>` that loaded us: `currentScript` while it runs, else the one carrying the key. */
export function findOwnScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript
  if (current instanceof HTMLScriptElement && current.dataset['publicKey'] !== undefined) return current
  return doc.querySelector<HTMLScriptElement>('script[data-public-key]')
}

/**
 * Script-tag mode: reads `data-public-key` / `data-api-base` / `data-locale` from the script
 * and binds every `[data-windback-cancel]` element. Without a usable key nothing is bound, so
 * those links keep working as plain links.
 */
export function initFromScriptTag(doc: Document): void {
  const script = findOwnScript(doc)
  const publicKey = script?.dataset['publicKey']
  if (!script || publicKey === undefined) return
  try {
    assertPublicKey(publicKey)
  } catch (error) {
    warn(`data-public-key: ${(error as WindbackError).message} Cancel links are left as they are.`)
    return
  }
  const apiBase = script.dataset['apiBase']
  const locale = script.dataset['locale']
  bindCancelLinks(doc, { publicKey, ...(apiBase ? { apiBase } : {}), ...(locale ? { locale } : {}) })
  resumePendingSubmissions()
}
