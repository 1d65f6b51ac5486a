import { fetchWithTimeout, errorFromResponse, readData } from '../core/http.js'
import { CONFIG_TIMEOUT_MS, DEFAULT_CONFIG } from '../defaults.js'
import { WindbackError } from '../errors.js'
import { parseConfig } from './config-schema.js'
import type { CancelFlowConfig } from './types.js'

export type LoadedConfig =
  | { config: CancelFlowConfig; fallback: false }
  /** The built-in defaults, with why the real config could not be used. */
  | { config: CancelFlowConfig; fallback: true; error: WindbackError }

export interface ConfigRequest {
  apiBase: string
  publicKey: string
  fetch: typeof fetch
  timeoutMs?: number
}

/** Fetches and validates the config; never rejects: any failure yields the built-in defaults. */
export async function loadConfig({ apiBase, publicKey, fetch, timeoutMs = CONFIG_TIMEOUT_MS }: ConfigRequest): Promise<LoadedConfig> {
  try {
    const url = `${apiBase}/cancel-flow/config/${encodeURIComponent(publicKey)}`
    const config = await fetchWithTimeout(fetch, url, { headers: { Accept: 'application/json' } }, timeoutMs, async (response) => {
      if (!response.ok) throw await errorFromResponse(response)
      const parsed = parseConfig(await readData(response, 'INVALID_CONFIG'))
      if (!parsed.ok) {
        throw new WindbackError('INVALID_CONFIG', 'The cancel-flow config does not match the schema', {
          status: response.status,
          details: parsed.details,
        })
      }
      return parsed.config
    })
    return { config, fallback: false }
  } catch (cause) {
    const error =
      cause instanceof WindbackError
        ? cause
        : new WindbackError('INVALID_CONFIG', 'The cancel-flow config could not be read', { cause })
    return { config: DEFAULT_CONFIG, fallback: true, error }
  }
}
