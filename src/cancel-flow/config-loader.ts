import { errorFromResponse, fetchWithTimeout, readData } from '../core/http.js'
import { CONFIG_TIMEOUT_MS } from '../defaults.js'
import { WindbackError } from '../errors.js'

/** The config response's `data`, not yet validated (that needs the lazily loaded schema), or why there is none. */
export type FetchedConfig = { ok: true; data: unknown; status: number } | { ok: false; error: WindbackError }

export interface ConfigRequest {
  apiBase: string
  publicKey: string
  fetch: typeof fetch
  timeoutMs?: number
}

/** Fetches the config; never rejects. */
export async function fetchConfig({ apiBase, publicKey, fetch, timeoutMs = CONFIG_TIMEOUT_MS }: ConfigRequest): Promise<FetchedConfig> {
  try {
    const url = `${apiBase}/cancel-flow/config/${encodeURIComponent(publicKey)}`
    return await fetchWithTimeout(fetch, url, { headers: { Accept: 'application/json' } }, timeoutMs, async (response) => {
      if (!response.ok) throw await errorFromResponse(response)
      return { ok: true as const, data: await readData(response, 'INVALID_CONFIG'), status: response.status }
    })
  } catch (cause) {
    const error =
      cause instanceof WindbackError ? cause : new WindbackError('INVALID_CONFIG', 'The cancel-flow config could not be read', { cause })
    return { ok: false, error }
  }
}
