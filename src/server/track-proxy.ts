import * as z from 'zod/mini'
import { createWarnOnce } from '../core/log.js'
import { backoffDelay, serverRetryDelay } from '../core/retry.js'
import { DEFAULT_API_BASE } from '../defaults.js'
import { WindbackError, type WindbackErrorDetail } from '../errors.js'
import { personalDataKinds } from './personal-data.js'

export interface TrackProxyOptions {
  /** Your `sk_` key, from the server's environment. Never sent to a browser. */
  secretKey: string
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
  /** Browser origins allowed to call the proxy cross-origin (CORS); same-origin calls need nothing. */
  allowedOrigins?: string[]
  /** For tests and runtimes with their own fetch. @default globalThis.fetch */
  fetch?: typeof fetch
  /** Upstream attempts for a 5xx or an unreachable API before answering 502. @default 3 */
  upstreamAttempts?: number
}

const eventSchema = z.object({
  event: z.string().check(z.minLength(1), z.maxLength(200)),
  customer_email: z.optional(z.email('must be an e-mail address')),
  properties: z.optional(z.record(z.string(), z.unknown())),
  timestamp: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  message_id: z.string().check(z.minLength(1), z.maxLength(200)),
})

type ProxyEvent = z.infer<typeof eventSchema>

const UPSTREAM_RETRY = { baseMs: 200, maxMs: 2000 }

/**
 * A Fetch-API handler (`Request` → `Response`) that takes the tracker's batches from your
 * users' browsers, checks them, and forwards them to Windback with your secret key.
 */
export function createTrackProxy(options: TrackProxyOptions): (request: Request) => Promise<Response> {
  if (typeof options?.secretKey !== 'string' || !options.secretKey.startsWith('sk_')) {
    throw new WindbackError('INVALID_OPTIONS', 'createTrackProxy needs secretKey: your sk_ key, from the server environment')
  }
  const {
    secretKey,
    authorize,
    maxEvents = 100,
    maxBodyBytes = 262_144,
    allowedOrigins,
    upstreamAttempts = 3,
  } = options
  const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '')
  const fetchUpstream = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const bodySchema = z.object({ events: z.array(eventSchema).check(z.minLength(1), z.maxLength(maxEvents)) })
  // Whatever upstream says is relayed without the key, even if it were to echo it.
  const redact = (text: string) => text.split(secretKey).join('[redacted]')
  // Every event passes here, so this is where the developer hears, once per kind, about personal
  // data in properties (checked here, not in each visitor's browser, where it would cost bytes).
  const warnOnce = createWarnOnce()
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
    const origin = request.headers.get('origin')
    const cors = corsHeaders(origin, allowedOrigins)
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...cors, ...headers } })
    const fail = (status: number, code: string, message: string, details?: WindbackErrorDetail[], headers?: Record<string, string>) =>
      reply(status, { error: { code, message: redact(message), ...(details ? { details } : {}) } }, headers)

    if (origin && allowedOrigins && !cors['Access-Control-Allow-Origin'] && !isSameOrigin(request, origin)) {
      return fail(403, 'FORBIDDEN', `Origin ${origin} is not allowed`)
    }
    if (request.method === 'OPTIONS' && cors['Access-Control-Allow-Origin']) {
      return new Response(null, { status: 204, headers: { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' } })
    }
    if (request.method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', 'Use POST', undefined, { Allow: 'POST' })

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
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }))
      return fail(400, 'VALIDATION_ERROR', 'Invalid events', details)
    }

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

    const upstream = await forward(events)
    if (upstream.kind === 'ok') return reply(200, { data: { accepted: events.length } })
    if (upstream.kind === 'client-error') {
      const headers: Record<string, string> = upstream.retryAfter ? { 'Retry-After': upstream.retryAfter } : {}
      return fail(upstream.status, upstream.code, upstream.message, upstream.details, headers)
    }
    return fail(502, 'UPSTREAM_ERROR', 'Windback could not be reached; try again later')
  }

  async function forward(events: ProxyEvent[]): Promise<
    | { kind: 'ok' }
    | { kind: 'client-error'; status: number; code: string; message: string; details?: WindbackErrorDetail[]; retryAfter?: string }
    | { kind: 'unavailable' }
  > {
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
          const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined
          const error = body?.error
          const retryAfter = response.status === 429 ? String(Math.ceil((serverRetryDelay(response.headers, Date.now()) ?? 1000) / 1000)) : undefined
          return {
            kind: 'client-error',
            status: response.status,
            code: typeof error?.code === 'string' ? error.code : 'UPSTREAM_ERROR',
            message: typeof error?.message === 'string' ? error.message : `Windback answered ${response.status}`,
            ...(Array.isArray(error?.details) ? { details: error.details as WindbackErrorDetail[] } : {}),
            ...(retryAfter ? { retryAfter } : {}),
          }
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
