/** A request started now and read later, maybe by code that loads in the meantime. */
export interface PendingRequest {
  url: string
  timeoutMs: number
  /** Aborted when the deadline passed before the whole answer was in. */
  signal: AbortSignal
  /** The answer with its body already read in, under the deadline. */
  response: Promise<Response>
}

/**
 * Starts `fetch` and reads the whole answer under one deadline, so a slow body times out too. A
 * cancel flow starts its config request on intent, before the code that reads it has loaded;
 * `readResponse` (core/http.ts) turns the outcome into data or a `WindbackError`.
 */
export function startRequest(fetchFn: typeof fetch, url: string, init: RequestInit, timeoutMs: number): PendingRequest {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  const response = new Promise<Response>((resolve) => resolve(fetchFn(url, { ...init, signal: controller.signal })))
    .then(async (answer) => new Response(await answer.arrayBuffer(), answer))
    .finally(() => clearTimeout(timer))
  // Read later, or never (a flow preloaded but not opened): not an unhandled rejection meanwhile.
  response.catch(() => undefined)
  return { url, timeoutMs, signal: controller.signal, response }
}
