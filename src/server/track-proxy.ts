import * as z from 'zod/mini'
import { resolveApiBase } from '../core/api-base.js'
import { errorFromResponse } from '../core/http.js'
import { issueDetails } from '../core/issue-details.js'
import { createWarnOnce, logError } from '../core/log.js'
import { backoffDelay, serverRetryDelay } from '../core/retry.js'
import { WindbackError, type WindbackErrorDetail } from '../errors.js'
import { personalDataKinds } from './personal-data.js'
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
   * of every event), `{}` to accept the events' own e-mails, or `null` to refuse (401).
   */
  authorize?: (request: Request) => Promise<{ customerEmail?: string } | null> | { customerEmail?: string } | null
  /** @default 100 */
  maxEvents?: number
  /** @default 262144 */
  maxBodyBytes?: number
  /** Browser origins allowed to call the proxy cross-origin (CORS, with credentials); same-origin calls need nothing. */
  allowedOrigins?: string[]
  /** For tests and runtimes with their own fetch. @default globalThis.fetch */
  fetch?: typeof fetch
  /** Upstream attempts in total (the first one included) for a 5xx or an unreachable API before answering 502. @default 3 */
  upstreamAttempts?: number
}

const eventSchema = z.object({
  event: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters')),
  customer_email: z.optional(z.email('must be an e-mail address')),
  // Not z.record: it rebuilds the object key by key, the largest cost of a batch, for the same verdict on JSON.
  properties: z.optional(z.looseObject({})),
  timestamp: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  message_id: z.string().check(z.minLength(1), z.maxLength(200)),
})

type ProxyEvent = z.infer<typeof eventSchema>

type Upstream =
  | { kind: 'ok' }
  /** Windback refused the events themselves (400, 413, 422, 429…): the browser hears why. */
  | { kind: 'refused'; status: number; error: WindbackError; retryAfter?: string }
  /** Windback refused our key (401, 403): nothing the browser can fix, so it must keep the events. */
  | { kind: 'key-refused'; status: number; error: WindbackError }
  | { kind: 'unavailable' }

const UPSTREAM_RETRY = { baseMs: 200, maxMs: 2000 }
const isSecretKey = (key: unknown): key is string => typeof key === 'string' && key.startsWith('sk_') && key.length > 3

/**
 * A Fetch-API handler (`Request` → `Response`) that takes the tracker's batches from your
 * users' browsers, checks them, and forwards them to Windback with your secret key.
 * Runs in Node ≥ 20 (with {@link toNodeHandler}), Cloudflare Workers, Vercel Edge and any
 * runtime with `fetch`, `Request` and `Response`.
 */
export function createTrackProxy(options: TrackProxyOptions): (request: Request) => Promise<Response> {
  const keySource = options?.secretKey
  if (typeof keySource !== 'function' && !isSecretKey(keySource)) {
    throw new WindbackError('INVALID_OPTIONS', 'createTrackProxy needs secretKey: your sk_ key, from the server environment')
  }
  const { authorize, maxEvents = 100, maxBodyBytes = 262_144, allowedOrigins, upstreamAttempts = 3 } = options
  const apiBase = resolveApiBase(options.apiBase)
  const fetchUpstream = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const bodySchema = z.object({ events: z.array(eventSchema).check(z.minLength(1), z.maxLength(maxEvents)) })
  const redactors = new Map<string, (text: string) => string>()
  const redactorFor = (key: string) => {
    let redact = redactors.get(key)
    if (!redact) redactors.set(key, (redact = createRedactor(key)))
    return redact
  }
  // Operators hear once per cause, not once per request: a wrong key fails every request.
  const warnOnce = createWarnOnce()
  const loggedOnce = new Set<string>()
  const logOnce = (cause: string, message: string) => {
    if (loggedOnce.has(cause)) return
    loggedOnce.add(cause)
    logError(message)
  }
  // Every event passes here, so this is where the developer hears, once per kind, about personal
  // data in properties (checked here, not in each visitor's browser, where it would cost bytes).
  const warnAboutPersonalData = (events: ProxyEvent[]) => {
    for (const event of events) {
      for (const kind of event.properties ? personalDataKinds(event.properties) : []) {
        warnOnce(
          kind,
          `track proxy: event "${event.event}" has a property that looks like ${kind === 'email' ? 'an e-mail address' : 'a card number'}. Send no personal data beyond customer_email.`,
        )
      }
    }
  }

  return async function handleTrack(request: Request): Promise<Response> {
    const secretKey = typeof keySource === 'function' ? keySource() : keySource
    // Every string of every answer passes here, so not even an upstream that echoes the key can leak it.
    const redact = isSecretKey(secretKey) ? redactorFor(secretKey) : (text: string) => text
    const origin = request.headers.get('origin')
    const cors = corsHeaders(origin, allowedOrigins)
    // Only these headers are ever sent: never one of the upstream's.
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      Response.json(redactDeep(body, redact), { status, headers: { 'Cache-Control': 'no-store', ...cors, ...headers } })
    const fail = (status: number, code: string, message: string, details?: WindbackErrorDetail[], headers?: Record<string, string>) =>
      reply(status, { error: { code, message, ...(details ? { details } : {}) } }, headers)

    if (origin && allowedOrigins && !cors['Access-Control-Allow-Origin'] && !isSameOrigin(request, origin)) {
      return fail(403, 'FORBIDDEN', `Origin ${origin} is not allowed`)
    }
    if (request.method === 'OPTIONS' && cors['Access-Control-Allow-Origin']) {
      return new Response(null, { status: 204, headers: { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' } })
    }
    if (request.method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', 'Use POST', undefined, { Allow: 'POST' })
    if (!isSecretKey(secretKey)) {
      logOnce('no-key', 'track proxy: secretKey() gave no sk_ key, so no event can be forwarded. Set WINDBACK_SECRET_KEY (or what your secretKey reads) on the server.')
      return fail(500, 'INTERNAL_ERROR', 'The track proxy is not configured')
    }

    const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (mediaType !== 'application/json' && mediaType !== 'text/plain') {
      return fail(400, 'VALIDATION_ERROR', 'Send the events as application/json (or text/plain)', [
        { field: '(content-type)', message: 'must be application/json or text/plain' },
      ])
    }
    const text = await readLimited(request, maxBodyBytes)
    if (text === undefined) return fail(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes`)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return fail(400, 'VALIDATION_ERROR', 'The body is not valid JSON', [{ field: '(body)', message: 'must be JSON' }])
    }
    const parsed = bodySchema.safeParse(json)
    if (!parsed.success) return fail(400, 'VALIDATION_ERROR', 'Invalid events', issueDetails(parsed.error.issues, '(body)'))

    let identity: { customerEmail?: string } | null = {}
    if (authorize) {
      try {
        identity = await authorize(request)
      } catch {
        identity = null
      }
      if (!identity) return fail(401, 'UNAUTHORIZED', 'Not signed in')
    }
    const events: ProxyEvent[] = parsed.data.events.map((event) =>
      identity?.customerEmail ? { ...event, customer_email: identity.customerEmail } : event,
    )
    const missing = events.flatMap((event, index) =>
      event.customer_email ? [] : [{ field: `events.${index}.customer_email`, message: 'is required (and authorize gave none)' }],
    )
    if (missing.length > 0) return fail(400, 'VALIDATION_ERROR', 'Events without a customer e-mail', missing)
    warnAboutPersonalData(events)

    const upstream = await forward(events, secretKey)
    switch (upstream.kind) {
      case 'ok':
        return reply(200, { data: { accepted: events.length } })
      case 'refused': {
        const { error, retryAfter } = upstream
        return fail(upstream.status, error.code, error.message, error.details, retryAfter ? { 'Retry-After': retryAfter } : {})
      }
      case 'key-refused':
        logOnce(
          `key-refused:${upstream.status}`,
          `track proxy: Windback answered ${upstream.status} ${upstream.error.code} (${redact(upstream.error.message)}): the server's sk_ key is wrong or revoked. Browsers are answered 502 and keep their events until it is fixed.`,
        )
        return fail(502, 'UPSTREAM_ERROR', 'Windback did not accept this server; try again later')
      case 'unavailable':
        return fail(502, 'UPSTREAM_ERROR', 'Windback could not be reached; try again later')
    }
  }

  async function forward(events: ProxyEvent[], secretKey: string): Promise<Upstream> {
    for (let attempt = 1; attempt <= upstreamAttempts; attempt += 1) {
      try {
        const response = await fetchUpstream(`${apiBase}/track`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-API-Key': secretKey },
          body: JSON.stringify({ events }),
        })
        if (response.ok) {
          await response.body?.cancel()
          return { kind: 'ok' }
        }
        if (response.status < 500) {
          const error = await errorFromResponse(response)
          if (response.status === 401 || response.status === 403) return { kind: 'key-refused', status: response.status, error }
          // A number we computed, not the upstream's text: no header of theirs reaches the browser.
          const retryAfter =
            response.status === 429 ? String(Math.ceil((serverRetryDelay(response.headers, Date.now()) ?? 1000) / 1000)) : undefined
          return { kind: 'refused', status: response.status, error, ...(retryAfter ? { retryAfter } : {}) }
        }
        await response.body?.cancel()
      } catch {
        // Unreachable: the same as a 5xx, try again.
      }
      if (attempt < upstreamAttempts) await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, UPSTREAM_RETRY)))
    }
    return { kind: 'unavailable' }
  }
}

function corsHeaders(origin: string | null, allowedOrigins: string[] | undefined): Record<string, string> {
  if (!origin || !allowedOrigins?.includes(origin)) return {}
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
}

function isSameOrigin(request: Request, origin: string): boolean {
  try {
    return new URL(request.url).origin === origin
  } catch {
    return false
  }
}

/** The body as text, or `undefined` once it grows past `limit` bytes (read no further). */
async function readLimited(request: Request, limit: number): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) return undefined
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}
