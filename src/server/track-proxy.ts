import { resolveApiBase } from '../core/api-base.js'
import { errorFromResponse } from '../core/http.js'
import { createWarnOnce, logError, printable } from '../core/log.js'
import { backoffDelay, serverRetryDelay } from '../core/retry.js'
import { WindbackError, type WindbackErrorDetail } from '../errors.js'
import { checkBatch, type ProxyEvent } from './batch.js'
import { normalizeOrigin, requestSite } from './cross-site.js'
import { readIdentity } from './identity.js'
import { personalDataKinds } from './personal-data.js'
import { readBody } from './read-body.js'
import { createRedactor, redactDeep } from './redact.js'

export interface TrackProxyOptions {
  /**
   * Your `sk_` key. Never sent to a browser, never logged. A function is read on every request:
   * use it where the key is not in the environment while the module loads (`next build`); a
   * request that finds no key is answered 500 and logged once.
   * @example process.env.WINDBACK_SECRET_KEY
   * @example () => process.env.WINDBACK_SECRET_KEY
   */
  secretKey: string | (() => string | undefined)
  /** @default "https://api.windbackai.com/api/v1" */
  apiBase?: string
  /**
   * Who is asking: return `{ customerEmail }` for the signed-in customer (it replaces the e-mail
   * of every event), `{}` to accept the events' own e-mails, or `null` to refuse (401). It fails
   * closed: any other answer, or a `customerEmail` that is not an e-mail address (`undefined`
   * from `{ customerEmail: session?.email }` without a session), is a 401 too. A throw is a 500.
   */
  authorize?: (request: Request) => Promise<{ customerEmail?: string } | null> | { customerEmail?: string } | null
  /** @default 100 */
  maxEvents?: number
  /** @default 262144 */
  maxBodyBytes?: number
  /**
   * Browser origins allowed to call the proxy from another site (CORS, with credentials).
   * Same-origin calls need nothing; every other cross-site browser request is refused (403).
   */
  allowedOrigins?: string[]
  /** For tests and runtimes with their own fetch. @default globalThis.fetch */
  fetch?: typeof fetch
  /** Upstream attempts in total (the first one included) for a 5xx or an unreachable API before answering 502. @default 3 */
  upstreamAttempts?: number
  /** How long one upstream attempt may take before it counts as unreachable. @default 10000 */
  upstreamTimeoutMs?: number
  /** How long the whole request body may take to arrive before the answer is 408. @default 10000 */
  bodyTimeoutMs?: number
}

type Upstream =
  | { kind: 'ok' }
  /** Windback refused the events themselves (400, 413, 422, 429…): the browser hears why. */
  | { kind: 'refused'; status: number; error: WindbackError; retryAfter?: string }
  /**
   * Windback refused our key (401, 403) or answered a redirect (never followed: the key would go
   * along): nothing the browser can fix, so it must keep the events.
   */
  | { kind: 'server-problem'; cause: string; message: string }
  | { kind: 'unavailable' }

const UPSTREAM_RETRY = { baseMs: 200, maxMs: 2000 }

/** Why `key` cannot be sent as `X-API-Key`, or `undefined` when it can. */
function keyProblem(key: unknown): 'missing' | 'unprintable' | undefined {
  if (typeof key !== 'string' || !key.startsWith('sk_') || key.length <= 3) return 'missing'
  // A trailing newline from an environment file is the usual case; a header cannot carry it.
  if (!/^[\x21-\x7e]+$/.test(key)) return 'unprintable'
  return undefined
}
const UNPRINTABLE_KEY = 'has spaces, line breaks or other characters a header cannot carry (a trailing newline from an environment file?)'

/**
 * A Fetch-API handler (`Request` → `Response`) that takes the tracker's batches from your
 * users' browsers, checks them, and forwards them to Windback with your secret key.
 * Runs in Node ≥ 20 (with {@link toNodeHandler}), Cloudflare Workers, Vercel Edge and any
 * runtime with `fetch`, `Request` and `Response`.
 */
export function createTrackProxy(options: TrackProxyOptions): (request: Request) => Promise<Response> {
  const keySource = options?.secretKey
  if (typeof keySource !== 'function') {
    const problem = keyProblem(keySource)
    if (problem === 'missing') throw new WindbackError('INVALID_OPTIONS', 'createTrackProxy needs secretKey: your sk_ key, from the server environment')
    if (problem) throw new WindbackError('INVALID_OPTIONS', `createTrackProxy: secretKey ${UNPRINTABLE_KEY}`)
  }
  const { authorize, maxEvents = 100, maxBodyBytes = 262_144, upstreamAttempts = 3, upstreamTimeoutMs = 10_000, bodyTimeoutMs = 10_000 } = options
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((origin) => normalizeOrigin(origin) ?? origin))
  const apiBase = resolveApiBase(options.apiBase)
  const fetchUpstream = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const redactors = new Map<string, (text: string) => string>()
  const redactorFor = (key: string) => {
    let redact = redactors.get(key)
    if (!redact) redactors.set(key, (redact = createRedactor(key)))
    return redact
  }
  // Operators hear once per cause, not once per request: a wrong key fails every request. Every
  // line is redacted and made printable: event names and upstream errors are not ours to trust.
  const warnOnce = createWarnOnce()
  const loggedOnce = new Set<string>()
  const logOnce = (cause: string, message: string, redact: (text: string) => string) => {
    if (loggedOnce.has(cause)) return
    loggedOnce.add(cause)
    logError(printable(redact(message)))
  }
  // Every event passes here, so this is where the developer hears, once per kind, about personal
  // data in properties (checked here, not in each visitor's browser, where it would cost bytes).
  const warnAboutPersonalData = (events: ProxyEvent[]) => {
    for (const event of events) {
      for (const kind of event.properties ? personalDataKinds(event.properties) : []) {
        warnOnce(
          kind,
          printable(`track proxy: event "${event.event}" has a property that looks like ${kind === 'email' ? 'an e-mail address' : 'a card number'}. Send no personal data beyond customer_email.`),
        )
      }
    }
  }

  return async function handleTrack(request: Request): Promise<Response> {
    const secretKey = typeof keySource === 'function' ? keySource() : keySource
    const problem = keyProblem(secretKey)
    // Every string of every answer passes here, so not even an upstream that echoes the key can leak it.
    const redact = typeof secretKey === 'string' && secretKey.length > 3 ? redactorFor(secretKey) : (text: string) => text
    const origin = request.headers.get('origin')
    const site = requestSite(request.headers, request.url, allowedOrigins)
    const cors: Record<string, string> =
      site === 'allowed' && origin ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {}
    // Only these headers are ever sent: never one of the upstream's.
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      Response.json(redactDeep(body, redact), { status, headers: { 'Cache-Control': 'no-store', ...cors, ...headers } })
    const fail = (status: number, code: string, message: string, details?: WindbackErrorDetail[], headers?: Record<string, string>) =>
      reply(status, { error: { code, message, ...(details ? { details } : {}) } }, headers)

    try {
      if (site === 'cross-site') return fail(403, 'FORBIDDEN', origin ? `Origin ${origin} is not allowed` : 'Cross-site requests are not allowed')
      if (request.method === 'OPTIONS' && site === 'allowed') {
        return new Response(null, { status: 204, headers: { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' } })
      }
      if (request.method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', 'Use POST', undefined, { Allow: 'POST' })
      if (problem !== undefined || typeof secretKey !== 'string') {
        const what = problem === 'missing' ? 'no sk_ key' : `a key that ${UNPRINTABLE_KEY}`
        logOnce(`key:${problem}`, `track proxy: secretKey() gave ${what}, so no event can be forwarded. Set WINDBACK_SECRET_KEY (or what your secretKey reads) on the server.`, redact)
        return fail(500, 'INTERNAL_ERROR', 'The track proxy is not configured')
      }

      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (mediaType !== 'application/json' && mediaType !== 'text/plain') {
        return fail(400, 'VALIDATION_ERROR', 'Send the events as application/json (or text/plain)', [
          { field: '(content-type)', message: 'must be application/json or text/plain' },
        ])
      }
      const body = await readBody(request, maxBodyBytes, bodyTimeoutMs)
      if (body.kind === 'too-large') return fail(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes`)
      if (body.kind === 'timeout') return fail(408, 'REQUEST_TIMEOUT', `The body did not arrive within ${bodyTimeoutMs} ms`)
      if (body.kind === 'unreadable') return fail(400, 'VALIDATION_ERROR', 'The body could not be read', [{ field: '(body)', message: 'was cut off' }])
      let json: unknown
      try {
        json = JSON.parse(body.text)
      } catch {
        return fail(400, 'VALIDATION_ERROR', 'The body is not valid JSON', [{ field: '(body)', message: 'must be JSON' }])
      }
      const batch = checkBatch(json, maxEvents)
      if ('details' in batch) return fail(400, 'VALIDATION_ERROR', 'Invalid events', batch.details)

      let customerEmail: string | undefined
      if (authorize) {
        let answer: unknown
        try {
          answer = await authorize(request)
        } catch (error) {
          logOnce('authorize-threw', `track proxy: authorize threw (${describe(error)}); answered 500, so browsers keep their events and retry`, redact)
          return fail(500, 'INTERNAL_ERROR', 'Could not check who is signed in')
        }
        const identity = readIdentity(answer)
        if (identity.kind === 'invalid') logOnce(`authorize:${identity.problem}`, `track proxy: ${identity.problem}`, redact)
        if (identity.kind !== 'customer') return fail(401, 'UNAUTHORIZED', 'Not signed in')
        customerEmail = identity.customerEmail
      }
      const rejected = [...batch.refused]
      const events: ProxyEvent[] = []
      for (const { index, event } of batch.valid) {
        const email = customerEmail ?? event.customer_email
        if (email) events.push({ ...event, customer_email: email })
        else rejected.push({ field: `events.${index}.customer_email`, message: 'is required (and authorize gave none)' })
      }
      if (events.length === 0) {
        const onlyEmails = rejected.every((detail) => detail.field.endsWith('.customer_email') && detail.message.startsWith('is required'))
        return fail(400, 'VALIDATION_ERROR', onlyEmails ? 'Events without a customer e-mail' : 'Invalid events', rejected)
      }
      warnAboutPersonalData(events)

      // Built once, before any attempt: a body that cannot be built is our failure, never a retried 502.
      const upstreamBody = JSON.stringify({ events })
      const upstream = await forward(upstreamBody, secretKey)
      switch (upstream.kind) {
        case 'ok':
          return reply(200, { data: { accepted: events.length, ...(rejected.length > 0 ? { rejected } : {}) } })
        case 'refused': {
          const { error, retryAfter } = upstream
          return fail(upstream.status, error.code, error.message, error.details, retryAfter ? { 'Retry-After': retryAfter } : {})
        }
        case 'server-problem':
          logOnce(upstream.cause, upstream.message, redact)
          return fail(502, 'UPSTREAM_ERROR', 'Windback did not accept this server; try again later')
        case 'unavailable':
          return fail(502, 'UPSTREAM_ERROR', 'Windback could not be reached; try again later')
      }
    } catch (error) {
      logOnce(`internal:${describe(error)}`, `track proxy failed: ${describe(error)}`, redact)
      return fail(500, 'INTERNAL_ERROR', 'The track proxy failed')
    }
  }

  async function forward(body: string, secretKey: string): Promise<Upstream> {
    const headers = { 'Content-Type': 'application/json', 'X-API-Key': secretKey }
    for (let attempt = 1; attempt <= upstreamAttempts; attempt += 1) {
      try {
        const response = await fetchUpstream(`${apiBase}/track`, {
          method: 'POST',
          headers,
          body,
          // A redirect is answered, never followed: following it would send the key to the new address.
          redirect: 'manual',
          signal: AbortSignal.timeout(upstreamTimeoutMs),
        })
        if (response.ok) {
          await response.body?.cancel()
          return { kind: 'ok' }
        }
        if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
          await response.body?.cancel()
          return {
            kind: 'server-problem',
            cause: 'redirect',
            message: `track proxy: ${apiBase}/track answered ${response.status} (a redirect), which is not followed so that the key goes nowhere else. Check apiBase.`,
          }
        }
        if (response.status < 500) {
          const error = await errorFromResponse(response)
          if (response.status === 401 || response.status === 403) {
            return {
              kind: 'server-problem',
              cause: `key-refused:${response.status}`,
              message: `track proxy: Windback answered ${response.status} ${error.code} (${error.message}): the server's sk_ key is wrong or revoked. Browsers are answered 502 and keep their events until it is fixed.`,
            }
          }
          // A number we computed (at most an hour), not the upstream's text: no header of theirs reaches the browser.
          const retryAfter =
            response.status === 429 ? String(Math.ceil((serverRetryDelay(response.headers, Date.now()) ?? 1000) / 1000)) : undefined
          return { kind: 'refused', status: response.status, error, ...(retryAfter ? { retryAfter } : {}) }
        }
        await response.body?.cancel()
      } catch {
        // Unreachable or past the deadline: the same as a 5xx, try again.
      }
      if (attempt < upstreamAttempts) await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, UPSTREAM_RETRY)))
    }
    return { kind: 'unavailable' }
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300)
