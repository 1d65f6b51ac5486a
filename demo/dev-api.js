// @ts-check
// A local stand-in for the Windback API (the endpoints this package talks to), as Windback's API
// reference describes them: envelopes, error codes, rate limits, CORS. It adds switchable faults and a log
// of what it received, for the demo page and the browser tests.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/**
 * A fault for one route group. `times` counts down to 0 and then the fault clears itself.
 * @typedef {{ status?: number; delayMs?: number; malformed?: boolean; body?: string; offline?: boolean; times?: number }} Fault
 */
/** @typedef {{ at: string; method: string; path: string; status: number; key?: string; body?: unknown; fault?: string }} LogEntry */

const MAX_BODY_BYTES = 1_000_000
const LOG_LIMIT = 500

const reasonsSchema = z.object({
  submission_id: z.string().min(8).max(100),
  customer_email: z.string().email(),
  customer_name: z.string().max(200).optional(),
  cancel_reason: z.string().regex(/^[a-z0-9_]+$/, 'must be a snake_case id').max(100).nullable(),
  stripe_feedback: z.string().max(100).optional(),
  feedback_text: z.string().max(5000).optional(),
  selected_offer: z.string().max(100).nullable(),
  outcome: z.enum(['retained', 'cancelled']),
  occurred_at: z.string().datetime({ offset: true }),
})

const trackEventSchema = z.object({
  event: z.string().min(1).max(200),
  customer_email: z.string().email(),
  properties: z.record(z.string(), z.unknown()).optional(),
  timestamp: z.string().datetime({ offset: true }).optional(),
  message_id: z.string().max(200).optional(),
})
const trackSchema = z.union([z.object({ events: z.array(trackEventSchema).min(1).max(1000) }), trackEventSchema])

/**
 * @param {{ configDir: string; rateLimit?: { limit: number; windowMs: number }; now?: () => number }} options
 */
export function createDevApi({ configDir, rateLimit = { limit: 10, windowMs: 15_000 }, now = Date.now }) {
  /** @type {Map<string, unknown>} */
  const configs = new Map()
  /** @type {Map<string, z.infer<typeof reasonsSchema>>} reasons submissions by submission_id */
  const submissions = new Map()
  /** @type {Map<string, z.infer<typeof trackEventSchema>>} tracked events by message_id (or a generated id) */
  const trackedEvents = new Map()
  let duplicateEvents = 0
  /** @type {Record<string, Fault>} */
  let faults = {}
  /** @type {LogEntry[]} */
  const log = []
  /** @type {Set<(entry: LogEntry) => void>} */
  const logListeners = new Set()
  /** @type {Map<string, { start: number; count: number }>} */
  const windows = new Map()
  const limits = { ...rateLimit }

  async function loadConfigs() {
    configs.clear()
    for (const file of await readdir(configDir)) {
      if (!file.endsWith('.json')) continue
      configs.set(file.slice(0, -'.json'.length), JSON.parse(await readFile(join(configDir, file), 'utf8')))
    }
  }

  /** @param {LogEntry} entry */
  function record(entry) {
    log.push(entry)
    if (log.length > LOG_LIMIT) log.shift()
    for (const listener of logListeners) listener(entry)
  }

  /** @param {string} key */
  function takeRateLimit(key) {
    const at = now()
    let window = windows.get(key)
    if (!window || at - window.start >= limits.windowMs) {
      window = { start: at, count: 0 }
      windows.set(key, window)
    }
    window.count += 1
    const resetMs = window.start + limits.windowMs
    return {
      allowed: window.count <= limits.limit,
      headers: {
        'X-RateLimit-Limit': String(limits.limit),
        'X-RateLimit-Remaining': String(Math.max(0, limits.limit - window.count)),
        'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
      },
      retryAfterSeconds: Math.max(1, Math.ceil((resetMs - at) / 1000)),
    }
  }

  /** @param {string} group */
  function takeFault(group) {
    const fault = faults[group] ?? faults['all']
    if (!fault) return undefined
    if (fault.times !== undefined) {
      fault.times -= 1
      if (fault.times <= 0) {
        if (faults[group] === fault) delete faults[group]
        else delete faults['all']
      }
    }
    return fault
  }

  let requestsInFlight = 0

  /**
   * Handles `/api/v1/*`, unknown paths with a 404 envelope.
   * @param {Request} req @param {Response} res @param {string} path the part after `/api/v1`
   */
  async function handle(req, res, path) {
    requestsInFlight += 1
    try {
      await respond(req, res, path)
    } finally {
      requestsInFlight -= 1
    }
  }

  /** @param {Request} req @param {Response} res @param {string} path */
  async function respond(req, res, path) {
    const method = req.method ?? 'GET'
    const key = header(req, 'x-api-key')
    /** @type {LogEntry} */
    const entry = { at: new Date(now()).toISOString(), method, path, status: 0, ...(key ? { key: redact(key) } : {}) }
    /** @type {Record<string, string>} */
    let extraHeaders = {}

    /** @param {number} status @param {unknown} payload */
    const reply = (status, payload) => {
      entry.status = status
      record(entry)
      send(res, status, payload, extraHeaders)
    }
    /** @param {number} status @param {string} code @param {string} message @param {{field: string; message: string}[]} [details] */
    const fail = (status, code, message, details) =>
      reply(status, { error: { code, message, ...(details ? { details } : {}) } })

    if (method === 'OPTIONS') {
      res.writeHead(204, corsHeaders())
      res.end()
      return
    }

    const group = path.startsWith('/cancel-flow/config/')
      ? 'config'
      : path === '/cancel-flow/reasons'
        ? 'reasons'
        : path === '/track'
          ? 'track'
          : undefined
    if (!group) {
      fail(404, 'NOT_FOUND', `No route for ${method} ${path}`)
      return
    }

    let body
    if (method === 'POST') {
      const raw = await readBody(req)
      if (raw === undefined) return fail(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large')
      try {
        body = JSON.parse(raw)
      } catch {
        entry.body = raw.slice(0, 2000)
        return fail(400, 'VALIDATION_ERROR', 'The request body is not valid JSON')
      }
      entry.body = body
    }

    const fault = takeFault(group)
    if (fault) {
      entry.fault = JSON.stringify(fault)
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
      if (fault.offline) {
        entry.status = 0
        record(entry)
        req.socket.destroy()
        return
      }
      if (fault.malformed) {
        entry.status = fault.status ?? 200
        record(entry)
        res.writeHead(entry.status, { 'Content-Type': 'application/json', ...corsHeaders() })
        res.end(fault.body ?? '{"data": {"title": "Bef')
        return
      }
      if (fault.status) {
        if (fault.status === 429) extraHeaders['Retry-After'] = '1'
        return fail(fault.status, codeForStatus(fault.status), `Injected fault (${fault.status})`)
      }
    }

    if (group === 'config') {
      if (method !== 'GET') return fail(405, 'METHOD_NOT_ALLOWED', 'Use GET')
      const publicKey = decodeURIComponent(path.slice('/cancel-flow/config/'.length))
      if (publicKey.startsWith('sk_')) return fail(401, 'UNAUTHORIZED', 'Secret keys are not accepted on public endpoints')
      const limit = takeRateLimit(publicKey)
      extraHeaders = limit.headers
      if (!limit.allowed) {
        extraHeaders['Retry-After'] = String(limit.retryAfterSeconds)
        return fail(429, 'RATE_LIMITED', 'Too many requests')
      }
      const config = configs.get(publicKey)
      if (!config) return fail(404, 'NOT_FOUND', `No cancel flow is configured for ${redact(publicKey)}`)
      return reply(200, { data: config })
    }

    if (group === 'reasons') {
      if (method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', 'Use POST')
      if (!key) return fail(401, 'UNAUTHORIZED', 'The X-API-Key header is missing')
      if (!key.startsWith('pub_')) return fail(401, 'UNAUTHORIZED', 'Use a public (pub_) key on this endpoint; secret keys are not accepted on public endpoints')
      const limit = takeRateLimit(key)
      extraHeaders = limit.headers
      if (!limit.allowed) {
        extraHeaders['Retry-After'] = String(limit.retryAfterSeconds)
        return fail(429, 'RATE_LIMITED', 'Too many requests')
      }
      if (!configs.has(key)) return fail(404, 'NOT_FOUND', `Unknown public key ${redact(key)}`)
      const parsed = reasonsSchema.safeParse(body)
      if (!parsed.success) return fail(400, 'VALIDATION_ERROR', 'Invalid cancel-flow answer', zodDetails(parsed.error))
      const duplicate = submissions.has(parsed.data.submission_id)
      if (!duplicate) submissions.set(parsed.data.submission_id, parsed.data)
      return reply(duplicate ? 200 : 201, { data: { submission_id: parsed.data.submission_id, duplicate } })
    }

    // /track: secret key only, as the Windback API requires for event tracking.
    if (method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', 'Use POST')
    if (!key) return fail(401, 'UNAUTHORIZED', 'The X-API-Key header is missing')
    if (!key.startsWith('sk_')) return fail(401, 'UNAUTHORIZED', '/track needs a secret (sk_) key, sent from your server')
    const parsed = trackSchema.safeParse(body)
    if (!parsed.success) return fail(400, 'VALIDATION_ERROR', 'Invalid event', zodDetails(parsed.error))
    const events = 'events' in parsed.data ? parsed.data.events : [parsed.data]
    for (const event of events) {
      const id = event.message_id ?? `${trackedEvents.size}:${event.event}`
      if (trackedEvents.has(id)) duplicateEvents += 1
      else trackedEvents.set(id, event)
    }
    return reply(200, { status: 'ok', data: { accepted: events.length } })
  }

  return {
    handle,
    loadConfigs,
    /** @param {string} publicKey @param {unknown} config */
    setConfig: (publicKey, config) => configs.set(publicKey, config),
    /** @param {string} publicKey */
    getConfig: (publicKey) => configs.get(publicKey),
    /** Every configured public key with its config. */
    allConfigs: () => [...configs],
    /** @param {Record<string, Fault>} next */
    setFaults(next) {
      faults = structuredClone(next)
    },
    getFaults: () => faults,
    /** @param {{ limit?: number; windowMs?: number }} next */
    setRateLimit: (next) => Object.assign(limits, next),
    log: () => log.slice(),
    /** Requests received and not answered yet: with none, the log holds everything that arrived. */
    requestsInFlight: () => requestsInFlight,
    clearLog() {
      log.length = 0
    },
    /** @param {(entry: LogEntry) => void} listener */
    onLog(listener) {
      logListeners.add(listener)
      return () => logListeners.delete(listener)
    },
    submissions: () => [...submissions.values()],
    trackedEvents: () => [...trackedEvents.values()],
    duplicateEvents: () => duplicateEvents,
    reset() {
      submissions.clear()
      trackedEvents.clear()
      duplicateEvents = 0
      faults = {}
      log.length = 0
      windows.clear()
    },
  }
}

export function corsHeaders() {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, X-API-Key',
    'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
    'Access-Control-Max-Age': '600',
  }
}

/** @param {Response} res @param {number} status @param {unknown} payload @param {Record<string, string>} [headers] */
export function send(res, status, payload, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...corsHeaders(), ...headers })
  res.end(JSON.stringify(payload))
}

/** @param {Request} req @returns {Promise<string | undefined>} undefined when over the size limit */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** @param {Request} req @param {string} name */
const header = (req, name) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Keys are logged only by their prefix, the way a real API should. @param {string} key */
const redact = (key) => (key.length > 12 ? `${key.slice(0, 9)}…` : key)

/** @param {number} status */
function codeForStatus(status) {
  /** @type {Record<number, string>} */
  const codes = { 400: 'VALIDATION_ERROR', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 429: 'RATE_LIMITED' }
  return codes[status] ?? 'INTERNAL_ERROR'
}

/** @param {import('zod').ZodError} error */
const zodDetails = (error) =>
  error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }))
