import { resumePendingSubmissions } from '../cancel-flow/create-cancel-flow.js'
import { assertPublicKey } from '../cancel-flow/options.js'
import { warn } from '../core/log.js'
import type { WindbackError } from '../errors.js'
import type { Tracker, TrackerOptions } from '../tracker/types.js'
import { bindCancelLinks } from './cancel-links.js'
import { whenLoadedAndIdle } from './when-idle.js'

const isConfigured = (script: HTMLScriptElement) =>
  script.dataset['publicKey'] !== undefined || script.dataset['trackEndpoint'] !== undefined

/** The `<script>` that loaded us: `currentScript` while it runs, else the one carrying our attributes. */
export function findOwnScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript
  if (current instanceof HTMLScriptElement && isConfigured(current)) return current
  return doc.querySelector<HTMLScriptElement>('script[data-public-key], script[data-track-endpoint]')
}

/**
 * Script-tag mode: resumes answers an earlier page left undelivered, reads `data-public-key` /
 * `data-api-base` / `data-locale` from the script and binds every `[data-windback-cancel]`
 * element. Without a usable key nothing is bound, so those links keep working as plain links.
 * `data-track-endpoint` (with an optional `data-customer-email`) creates a tracker, returned for
 * `window.Windback.tracker`.
 */
export function initFromScriptTag(doc: Document, createTracker: (options: TrackerOptions) => Tracker): { tracker?: Tracker } {
  // Not urgent, and the first storage read of a page is slow: after load, when the page is idle.
  whenLoadedAndIdle(resumePendingSubmissions, doc)
  const script = findOwnScript(doc)
  if (!script) return {}
  const endpoint = script.dataset['trackEndpoint']
  const customerEmail = script.dataset['customerEmail']
  let tracker: Tracker | undefined
  try {
    if (endpoint) tracker = createTracker({ endpoint, ...(customerEmail ? { customerEmail } : {}) })
  } catch (error) {
    warn(`data-track-endpoint: ${(error as WindbackError).message}`)
  }
  bindFromScript(doc, script)
  return tracker ? { tracker } : {}
}

function bindFromScript(doc: Document, script: HTMLScriptElement): void {
  const publicKey = script.dataset['publicKey']
  if (publicKey === undefined) return
  try {
    assertPublicKey(publicKey)
  } catch (error) {
    warn(`data-public-key: ${(error as WindbackError).message} Cancel links are left as they are.`)
    return
  }
  const apiBase = script.dataset['apiBase']
  const locale = script.dataset['locale']
  bindCancelLinks(doc, { publicKey, ...(apiBase ? { apiBase } : {}), ...(locale ? { locale } : {}) })
}
