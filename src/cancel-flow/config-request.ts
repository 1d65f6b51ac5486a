import { startRequest, type PendingRequest } from '../core/request.js'
import { CONFIG_TIMEOUT_MS } from '../defaults.js'

export interface ConfigRequestSettings {
  apiBase: string
  publicKey: string
  fetch: typeof fetch
  timeoutMs?: number
}

/**
 * Starts the config request: on intent or `preload()`, alongside the modal's code, which reads
 * the answer (config-loader.ts), so that neither waits for the other.
 */
export const requestConfig = ({ apiBase, publicKey, fetch, timeoutMs = CONFIG_TIMEOUT_MS }: ConfigRequestSettings): PendingRequest =>
  startRequest(fetch, `${apiBase}/cancel-flow/config/${encodeURIComponent(publicKey)}`, { headers: { Accept: 'application/json' } }, timeoutMs)
