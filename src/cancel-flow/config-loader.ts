import { errorFromResponse, readResponse, readData } from '../core/http.js'
import type { PendingRequest } from '../core/request.js'
import { WindbackError } from '../errors.js'

/** The config response's `data`, not yet validated, or why there is none. */
export type FetchedConfig = { ok: true; data: unknown; status: number } | { ok: false; error: WindbackError }

/** Reads the answer to the config request (see config-request.ts); never rejects. */
export async function readConfig(request: PendingRequest): Promise<FetchedConfig> {
  try {
    return await readResponse(request, async (response) => {
      if (!response.ok) throw await errorFromResponse(response)
      return { ok: true as const, data: await readData(response, 'INVALID_CONFIG'), status: response.status }
    })
  } catch (cause) {
    const error =
      cause instanceof WindbackError ? cause : new WindbackError('INVALID_CONFIG', 'The cancel-flow config could not be read', { cause })
    return { ok: false, error }
  }
}
