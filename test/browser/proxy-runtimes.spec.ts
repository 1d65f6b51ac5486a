import { EdgeVM } from '@edge-runtime/vm'
import { Miniflare } from 'miniflare'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'
import { DEMO_SECRET_KEY } from '../../demo/server.js'
import { keepAliveClient } from '../helpers/http.js'
import { readmeSnippet, writeSnippet } from '../unit/readme-snippets.js'
import { expect, test, type DevServer } from './fixtures.js'

// The README's Worker and Edge-route recipes, bundled the way wrangler and Next bundle them (with
// the built package), run inside workerd and Vercel's Edge runtime against the dev API on loopback.

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const WINDBACK_API = 'https://api.windbackai.com'

/** "Your auth" in the recipes: the session cookie names the signed-in customer. */
const AUTH_MODULE = `export async function userFromSession(request: Request) {
  const session = /(?:^|;\\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
  return session ? { email: decodeURIComponent(session) } : null
}
`

async function bundleRecipe(name: string, heading: string, format: 'esm' | 'iife') {
  const entry = writeSnippet(`${name}.ts`, `${readmeSnippet(heading, 'ts')}\n`)
  const auth = writeSnippet(`${name}-auth.ts`, AUTH_MODULE)
  const bundle = await rolldown({
    input: entry,
    platform: 'neutral',
    resolve: {
      alias: {
        '@windback/browser/server': join(repo, 'dist', 'server.js'),
        '@/lib/auth': auth,
        './auth': auth,
      },
    },
    logLevel: 'silent',
  })
  const { output } = await bundle.generate({ format, name: 'route' })
  await bundle.close()
  return output[0].code
}

/** Where the platform's network sends the proxy's calls to Windback: the dev API on loopback. */
const toDevApi = (server: DevServer, url: string) => url.replace(WINDBACK_API, server.url)

const event = (overrides: Record<string, unknown> = {}) => ({
  event: 'feature_used',
  customer_email: 'someone-else@example.com',
  properties: { feature: 'exports' },
  timestamp: '2026-11-22T10:00:00.000Z',
  message_id: `m-${Math.random()}`,
  ...overrides,
})

interface Answer {
  status: number
  body: string
  headers: [string, string][]
}
/** A browser's own page sends `same-origin`; a page on another site, `cross-site` with its Origin. */
type Send = (init: { method?: string; body?: string; cookie?: string; from?: 'same-origin' | 'cross-site' }) => Promise<Answer>

const APP_ORIGIN = 'https://app.example.com'
/** The headers Chromium adds to a fetch from its page, as the proxy reads them. */
const browserHeaders = (from: 'same-origin' | 'cross-site' = 'same-origin') => ({
  'Sec-Fetch-Site': from,
  'Sec-Fetch-Mode': 'cors',
  Origin: from === 'same-origin' ? APP_ORIGIN : 'https://evil.example',
})

const runtimes: { name: string; start: (server: DevServer) => Promise<{ send: Send; url?: Promise<URL>; stop: () => Promise<void> }> }[] = [
  {
    name: 'a Cloudflare Worker in workerd',
    async start(server) {
      const worker = new Miniflare({
        modules: true,
        script: await bundleRecipe('worker', '**Cloudflare Workers**', 'esm'),
        compatibilityDate: '2026-04-01',
        bindings: { WINDBACK_SECRET_KEY: DEMO_SECRET_KEY },
        outboundService: async (request: Request) =>
          fetch(toDevApi(server, request.url), { method: request.method, headers: request.headers, body: await request.text() }) as never,
      })
      const send: Send = async ({ method = 'POST', body, cookie, from }) => {
        const response = await worker.dispatchFetch(`${APP_ORIGIN}/api/windback/track`, {
          method,
          headers: { 'Content-Type': 'application/json', ...browserHeaders(from), ...(cookie ? { Cookie: cookie } : {}) },
          ...(body === undefined ? {} : { body }),
        })
        return { status: response.status, body: await response.text(), headers: [...response.headers] }
      }
      return { send, url: worker.ready, stop: () => worker.dispose() }
    },
  },
  {
    name: 'a Next.js Edge route in the Edge runtime',
    async start(server) {
      const code = await bundleRecipe('edge-route', '**Next.js Edge route / Vercel Edge**', 'iife')
      const edge = new EdgeVM({
        extend: (context) => {
          const edgeFetch = context.fetch
          // Next gives Edge routes the server's environment as process.env.
          return Object.assign(context, {
            process: { env: { WINDBACK_SECRET_KEY: DEMO_SECRET_KEY } },
            fetch: (input: string, init: RequestInit) => edgeFetch(toDevApi(server, String(input)), init),
          })
        },
      })
      edge.evaluate(code)
      const route = edge.evaluate('route') as { runtime: string; POST: (request: Request) => Promise<Response> }
      expect(route.runtime).toBe('edge')
      const send: Send = async ({ method = 'POST', body, cookie, from }) => {
        const request = new edge.context.Request(`${APP_ORIGIN}/api/windback/track`, {
          method,
          headers: { 'Content-Type': 'application/json', ...browserHeaders(from), ...(cookie ? { Cookie: cookie } : {}) },
          ...(body === undefined ? {} : { body }),
        })
        const response = await route.POST(request)
        return { status: response.status, body: await response.text(), headers: [...response.headers] }
      }
      return { send, stop: async () => undefined }
    },
  },
]

for (const runtime of runtimes) {
  test.describe(`the README's track proxy as ${runtime.name}`, () => {
    let send: Send
    let stop: () => Promise<void>
    test.beforeEach(async ({ server }) => {
      ;({ send, stop } = await runtime.start(server))
    })
    test.afterEach(() => stop())

    /** Sends, and checks the secret key is nowhere in the answer. */
    const answer = async (init: Parameters<Send>[0]) => {
      const reply = await send(init)
      expect(reply.body).not.toContain(DEMO_SECRET_KEY)
      for (const [name, value] of reply.headers) expect(`${name}: ${value}`).not.toContain(DEMO_SECRET_KEY)
      return { status: reply.status, body: JSON.parse(reply.body) as unknown }
    }

    test('forwards a valid batch with the key, for the signed-in customer', async ({ server }) => {
      const reply = await answer({ body: JSON.stringify({ events: [event(), event({ event: 'login' })] }), cookie: 'session=jane%40example.com' })
      expect(reply).toEqual({ status: 200, body: { data: { accepted: 2 } } })
      expect(server.api.trackedEvents().map((tracked) => [tracked.event, tracked.customer_email])).toEqual([
        ['feature_used', 'jane@example.com'],
        ['login', 'jane@example.com'],
      ])
      expect(server.api.log().filter((entry) => entry.path === '/track').map((entry) => [entry.status, entry.key])).toEqual([[200, 'sk_test_w…']])
    })

    test('answers 400 with a detail per field, 401 without a session, 413 past the body limit', async ({ server }) => {
      const invalid = await answer({ body: JSON.stringify({ events: [event({ event: '', timestamp: 'yesterday' })] }), cookie: 'session=jane%40example.com' })
      expect(invalid).toMatchObject({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_ERROR',
            details: [
              { field: 'events.0.event', message: 'must not be empty' },
              { field: 'events.0.timestamp', message: 'must be an ISO 8601 date-time' },
            ],
          },
        },
      })
      expect(await answer({ body: JSON.stringify({ events: [event()] }) })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } })
      const tooLarge = JSON.stringify({ events: [event({ properties: { note: 'x'.repeat(300_000) } })] })
      expect(await answer({ body: tooLarge, cookie: 'session=jane%40example.com' })).toMatchObject({ status: 413 })
      expect(server.api.log().filter((entry) => entry.path === '/track')).toEqual([])
      // A refused body leaves nothing behind for the next request.
      expect(await answer({ body: JSON.stringify({ events: [event()] }), cookie: 'session=jane%40example.com' })).toMatchObject({ status: 200 })
      expect(server.api.log().filter((entry) => entry.path === '/track').map((entry) => entry.status)).toEqual([200])
    })

    test('refuses a request another site made the signed-in visitor\'s browser send (403, nothing forwarded)', async ({ server }) => {
      const forged = await answer({ body: JSON.stringify({ events: [event()] }), cookie: 'session=jane%40example.com', from: 'cross-site' })
      expect(forged).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'Origin https://evil.example is not allowed' } } })
      expect(server.api.log().filter((entry) => entry.path === '/track')).toEqual([])
    })

    test('answers 502 UPSTREAM_ERROR after three attempts when Windback answers 500', async ({ server }) => {
      server.api.setFaults({ track: { status: 500 } })
      const reply = await answer({ body: JSON.stringify({ events: [event()] }), cookie: 'session=jane%40example.com' })
      expect(reply).toMatchObject({ status: 502, body: { error: { code: 'UPSTREAM_ERROR' } } })
      expect(server.api.log().filter((entry) => entry.path === '/track').map((entry) => entry.status)).toEqual([500, 500, 500])
    })
  })
}

test('the Worker keeps a keep-alive connection usable after a 413: the next request on the same socket is served', async ({ server }) => {
  const { url, stop } = await runtimes[0]!.start(server)
  const { send, close } = keepAliveClient(new URL('/api/windback/track', await url!), { Cookie: 'session=jane%40example.com', ...browserHeaders() })
  try {
    const large = JSON.stringify({ events: [event({ properties: { note: 'x'.repeat(300_000) } })] })
    const small = JSON.stringify({ events: [event()] })
    expect(await send(large)).toEqual({ status: 413, reused: false })
    expect(await send(small)).toEqual({ status: 200, reused: true })
    expect(await send(large)).toEqual({ status: 413, reused: true })
    expect(await send(small)).toEqual({ status: 200, reused: true })
    expect(server.api.log().filter((entry) => entry.path === '/track').map((entry) => entry.status)).toEqual([200, 200])
  } finally {
    close()
    await stop()
  }
})

test('the Worker answers 405 to a method other than POST', async ({ server }) => {
  const { send, stop } = await runtimes[0]!.start(server)
  try {
    const reply = await send({ method: 'GET' })
    expect(reply.status).toBe(405)
    expect(reply.headers).toContainEqual(['allow', expect.stringContaining('POST')])
  } finally {
    await stop()
  }
})
