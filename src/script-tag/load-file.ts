import { SCRIPT_LOAD_TIMEOUT_MS } from '../defaults.js'
import { WindbackError } from '../errors.js'
import { pageHub } from './page-hub.js'

export interface FileLoaderSettings {
  /** The script tag's own URL: its files load from beside it. */
  baseUrl: string
  /** The script tag's CSP nonce, given to every script it adds. */
  nonce: string
  document: Document
  timeoutMs?: number
}

/** A file that did not load, ran nothing or was refused: the flow ends as `error` (fail-open). */
const loadFailed = (url: string, why: string, cause?: unknown) =>
  new WindbackError('SCRIPT_LOAD_FAILED', `${url} could not be loaded: ${why}`, cause === undefined ? {} : { cause })

/**
 * Loads a file of dist/script-tag/ by its path under dist/ and its `sha384-…` hash, which the
 * caller's own build wrote into it: the script tag holds the hashes of the modal and the outbox,
 * the modal those of the languages. A chain, so the integrity of the one tag a host writes
 * covers every byte that runs.
 */
export type FileLoader = (path: string, integrity: string) => Promise<unknown>

/**
 * Loads the script tag's other files as classic scripts with their build-time SHA-384
 * `integrity`, `crossorigin="anonymous"` and the script tag's nonce. Each URL loads once per
 * page; a failure is not remembered, so the next call tries again.
 */
export function createFileLoader({ baseUrl, nonce, document, timeoutMs = SCRIPT_LOAD_TIMEOUT_MS }: FileLoaderSettings): FileLoader {
  const hub = pageHub()

  function addScript(url: string, integrity: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script')
      const finish = (error?: WindbackError) => {
        clearTimeout(timer)
        script.onload = script.onerror = null
        if (!error) return resolve()
        script.remove()
        reject(error)
      }
      const timer = setTimeout(() => finish(loadFailed(url, `no answer within ${timeoutMs / 1000} s`)), timeoutMs)
      script.onload = () => finish()
      // The browser does not say which: the console does.
      script.onerror = () => finish(loadFailed(url, 'the download failed, was blocked, or does not match its integrity hash'))
      script.integrity = integrity
      script.crossOrigin = 'anonymous'
      if (nonce) script.nonce = nonce
      try {
        script.src = trustedScriptUrl(url) as string
      } catch (cause) {
        return finish(loadFailed(url, 'Trusted Types refused its URL; allow the policy with "trusted-types windback"', cause))
      }
      document.head.appendChild(script)
    })
  }

  return (path, integrity) => {
    const url = new URL(path, baseUrl).href
    let loading = hub.loading.get(url)
    if (loading) return loading
    loading = addScript(url, integrity).then(() => {
      if (url in hub.exports) return hub.exports[url]
      throw loadFailed(url, 'it ran but handed nothing over')
    })
    hub.loading.set(url, loading)
    loading.catch(() => hub.loading.delete(url))
    return loading
  }
}

interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown }
}

/**
 * `url` as a Trusted Types script URL where the page has Trusted Types: through the page's one
 * `windback` policy, which passes only scripts in the script-tag/ folder beside a copy of the
 * script tag on this page.
 */
function trustedScriptUrl(url: string): unknown {
  const hub = pageHub()
  if (hub.scriptUrlPolicy === undefined) {
    const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes
    try {
      hub.scriptUrlPolicy =
        factory?.createPolicy('windback', {
          createScriptURL(candidate) {
            const { href, pathname, search, hash } = new URL(candidate)
            const inOurFolder = Object.keys(hub.loaders).some((folder) => href.startsWith(`${folder}script-tag/`))
            if (inOurFolder && pathname.endsWith('.js') && !search && !hash) return href
            throw new TypeError(`The windback policy passes only @windback/browser's own files, not ${candidate}`)
          },
        }) ?? null
    } catch {
      // The page's CSP does not allow the name: assigning the URL below throws, and says why.
      hub.scriptUrlPolicy = null
    }
  }
  return hub.scriptUrlPolicy ? hub.scriptUrlPolicy.createScriptURL(url) : url
}
