import type { Page } from '@playwright/test'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO_SECRET_KEY } from '../../demo/server.js'
import { expect, test, type DevServer } from './fixtures.js'

const tracked = (server: DevServer) => server.api.trackedEvents()

async function openTrackerPage(page: Page, server: DevServer) {
  await page.goto(`${server.url}/pages/tracker.html`)
  await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
}

/** Tracks `count` feature_used events numbered by an `index` property. */
const trackMany = (page: Page, count: number, from = 0) =>
  page.evaluate(
    ([count, from]) => {
      const { tracker } = (window as any).Windback
      for (let index = from; index < from + count; index += 1) tracker.track('feature_used', { index })
    },
    [count, from] as const,
  )

test('data-track-endpoint creates window.Windback.tracker; events reach Windback through the proxy with the secret key', async ({ page, server }) => {
  await openTrackerPage(page, server)
  await page.evaluate(async () => {
    const { tracker } = (window as any).Windback
    tracker.track('login')
    tracker.track('feature_used', { feature: 'exports' })
    await tracker.flush()
  })
  expect(tracked(server)).toEqual([
    { event: 'login', customer_email: 'jane@example.com', timestamp: expect.any(String), message_id: expect.any(String) },
    { event: 'feature_used', customer_email: 'jane@example.com', properties: { feature: 'exports' }, timestamp: expect.any(String), message_id: expect.any(String) },
  ])
  const forwards = server.api.log().filter((entry) => entry.path === '/track')
  expect(forwards.map((entry) => [entry.status, entry.key])).toEqual([[200, 'sk_test_w…']])
})

test('thousands of events under injected failures all arrive exactly once by message_id', async ({ page, server }) => {
  test.setTimeout(60_000)
  await openTrackerPage(page, server)
  // Windback fails 8 times in a row (the proxy retries, then answers 502), then recovers.
  server.api.setFaults({ track: { status: 503, times: 8 } })
  await page.evaluate(() => {
    const { createTracker } = (window as any).Windback
    const tracker = createTracker({ endpoint: '/api/windback/track', customerEmail: 'jane@example.com', maxQueue: 5000, flushIntervalMs: 200 })
    ;(window as any).bulk = tracker
    for (let index = 0; index < 3000; index += 1) tracker.track('feature_used', { index })
  })
  await expect
    .poll(() => page.evaluate(() => (window as any).bulk.stats()), { timeout: 45_000, intervals: [250] })
    .toEqual({ queued: 0, sent: 3000, dropped: 0 })
  const indexes = tracked(server).map((event) => event.properties?.['index'])
  expect(indexes).toEqual(Array.from({ length: 3000 }, (_, index) => index))
  expect(new Set(tracked(server).map((event) => event.message_id)).size).toBe(3000)
  expect(server.api.duplicateEvents()).toBe(0)
  expect(server.api.log().filter((entry) => entry.path === '/track' && entry.status === 503)).toHaveLength(8)
})

test('events tracked while offline survive a reload and are delivered once back online', async ({ page, server, context }) => {
  await openTrackerPage(page, server)
  await context.setOffline(true)
  await trackMany(page, 40)
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  expect(await page.evaluate(() => (window as any).Windback.tracker.stats())).toEqual({ queued: 40, sent: 0, dropped: 0 })
  // The reload itself fails offline; the page being left stores its queue for the next one.
  await page.reload().catch(() => undefined)
  // Chromium's offline error page reloads itself once the network is back; closed, it cannot
  // race the next page for the stored events.
  await page.close()
  expect(tracked(server)).toHaveLength(0)
  await context.setOffline(false)
  await openTrackerPage(await context.newPage(), server)
  await expect.poll(() => tracked(server).length, { timeout: 15_000 }).toBe(40)
  expect(tracked(server).map((event) => event.properties?.['index'])).toEqual(Array.from({ length: 40 }, (_, index) => index))
  expect(server.api.duplicateEvents()).toBe(0)
})

test('events tracked just before navigating away still arrive (keepalive on pagehide)', async ({ page, server }) => {
  await openTrackerPage(page, server)
  await page.evaluate(() => {
    const { tracker } = (window as any).Windback
    for (let index = 0; index < 5; index += 1) tracker.track('feature_used', { index })
    location.href = '/pages/after.html'
  })
  await page.waitForURL('**/pages/after.html')
  await expect.poll(() => tracked(server).length).toBe(5)
  expect(server.api.duplicateEvents()).toBe(0)
})

test('the ESM tracker entry loads without Preact and refuses an sk_ key', async ({ page, server }) => {
  await page.goto(`${server.url}/pages/after.html`)
  const result = await page.evaluate(async () => {
    const { createTracker } = await import('/dist/tracker.js' as string)
    try {
      createTracker({ endpoint: 'sk_live_nope' })
      return 'accepted'
    } catch (error: any) {
      return error.code
    }
  })
  expect(result).toBe('INVALID_KEY')
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))
  expect(scripts.some((name) => /\/chunks\/modal-/.test(name))).toBe(false)
})

test('two tabs opening after a closed one adopt its stored events once between them', async ({ page, context, server }) => {
  const first = page
  await openTrackerPage(first, server)
  await context.setOffline(true)
  await trackMany(first, 30)
  await first.evaluate(() => (window as any).Windback.tracker.flush())
  // Leaving the page (offline) stores its queue as closed, for another tab to adopt.
  await first.goto('about:blank')
  await context.setOffline(false)
  // Two new tabs start at the same moment; each may adopt the closed tab's events, only one may.
  const [second, third] = await Promise.all([context.newPage(), context.newPage()])
  await Promise.all([openTrackerPage(second, server), openTrackerPage(third, server)])
  await Promise.all([second, third].map((page) => page.evaluate(() => (window as any).Windback.tracker.flush())))
  // The two new tabs' own "page loaded" tracking is not part of this page; only the adopted 30 arrive.
  await expect.poll(() => tracked(server).length, { timeout: 15_000 }).toBe(30)
  expect(tracked(server).map((event) => event.properties?.['index'])).toEqual(Array.from({ length: 30 }, (_, index) => index))
  expect(server.api.duplicateEvents()).toBe(0)
})

// The faults are at the server, not routed in the page: a keepalive request sent as the page
// unloads escapes Playwright's routing, so only a failing server shows where such a request goes.
for (const [failure, fault] of [
  ['Windback answering 503', { status: 503 }],
  ['Windback unreachable', { offline: true }],
] as const) {
  test(`with the endpoint failing (${failure}), events tracked before a reload arrive after it, each exactly once`, async ({ page, server }) => {
    test.setTimeout(45_000)
    await openTrackerPage(page, server)
    server.api.setFaults({ track: fault })
    await page.evaluate(() => {
      const tracker = (window as any).Windback.createTracker({ endpoint: '/api/windback/track', customerEmail: 'jane@example.com', flushAt: 10 })
      ;(window as any).failing = tracker
      for (let index = 0; index < 10; index += 1) tracker.track('feature_used', { index })
    })
    const failedAttempts = () => server.api.log().filter((entry) => entry.path === '/track' && entry.fault).length
    // The proxy tries Windback three times before answering 502; the tracker has seen it fail.
    await page.waitForResponse((response) => response.url().endsWith('/api/windback/track') && response.status() === 502)
    const beforeReload = failedAttempts()
    // Still failing as the page unloads: its pagehide must store the queue, not hand it to a
    // keepalive request that fails too. The next page's send of what was stored (or a keepalive
    // request, when that is broken) makes at least three more failing attempts; only then Windback recovers.
    await page.reload()
    await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
    await expect.poll(failedAttempts, { timeout: 20_000 }).toBeGreaterThanOrEqual(beforeReload + 3)
    server.api.setFaults({})
    await expect
      .poll(async () => {
        await page.evaluate(() => (window as any).Windback.tracker.flush())
        return tracked(server).length
      }, { timeout: 20_000 })
      .toBe(10)
    // The dev API keeps one copy per message_id; it also counts every copy beyond the first.
    expect(server.api.duplicateEvents()).toBe(0)
    expect(tracked(server).map((event) => event.properties?.['index']).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 10 }, (_, index) => index))
  })
}

test.describe('an endpoint on another origin that authorises by session cookie', () => {
  /** The app's API on its own origin: the README's proxy, whose `authorize` reads the session cookie. */
  async function startApiOrigin(server: DevServer, appOrigin: string) {
    const { createTrackProxy, toNodeHandler } = (await import(new URL('../../dist/server.js', import.meta.url).href)) as typeof import('../../src/server/index.js')
    const sessions = new Map([['s3cret-session', 'jane@example.com']])
    const handle = toNodeHandler(
      createTrackProxy({
        secretKey: DEMO_SECRET_KEY,
        apiBase: `${server.url}/api/v1`,
        allowedOrigins: [appOrigin],
        authorize: (request) => {
          const session = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
          const email = session && sessions.get(session)
          return email ? { customerEmail: email } : null
        },
      }),
    )
    const statuses: number[] = []
    const api = createServer((req, res) => {
      res.on('finish', () => statuses.push(res.statusCode))
      handle(req, res)
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    const { port } = api.address() as AddressInfo
    return { endpoint: `http://127.0.0.1:${port}/api/windback/track`, statuses, close: () => new Promise((resolve) => api.close(resolve)) }
  }

  for (const credentials of ['include', undefined] as const) {
    test(`with credentials ${credentials ?? 'left at the fetch default'}, events ${credentials ? 'arrive for the signed-in customer' : 'are refused (no cookie is sent)'}`, async ({ page, server, context }) => {
      // Another port is another origin, and cookies are per host: the session cookie the API
      // origin set is the browser's for 127.0.0.1 and goes cross-origin only with credentials.
      await context.addCookies([{ name: 'session', value: 's3cret-session', url: server.url, sameSite: 'Lax' }])
      const api = await startApiOrigin(server, server.url)
      try {
        await page.goto(`${server.url}/pages/clean.html`)
        await page.waitForFunction(() => Boolean((window as any).Windback))
        const stats = await page.evaluate(
          async ([endpoint, credentials]) => {
            const tracker = (window as any).Windback.createTracker({ endpoint, ...(credentials ? { credentials } : {}) })
            tracker.track('login')
            tracker.track('feature_used', { feature: 'exports' })
            await tracker.flush()
            return tracker.stats()
          },
          [api.endpoint, credentials] as const,
        )
        if (credentials) {
          expect(stats).toEqual({ queued: 0, sent: 2, dropped: 0 })
          expect(api.statuses).toEqual([200])
          expect(tracked(server).map((event) => [event.event, event.customer_email])).toEqual([
            ['login', 'jane@example.com'],
            ['feature_used', 'jane@example.com'],
          ])
        } else {
          expect(api.statuses).toEqual([401])
          expect(tracked(server)).toEqual([])
        }
      } finally {
        await api.close()
      }
    })
  }
})
