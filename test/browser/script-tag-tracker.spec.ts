import type { Page, Route } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer } from '../../demo/server.js'
import { expect, requestLog, test, type DevServer } from './fixtures.js'
import { repo } from './packed-package.js'

// By script tag, the tracker's code is dist/script-tag/signals.js, loaded on demand through the
// same integrity chain as the modal: a billing page that does not track never downloads it, and
// calls made before it arrives are neither lost nor sent twice.

const dist = join(repo, 'dist')
const TRACKER_FILE = '**/dist/script-tag/signals.js'

/** Every event that reached Windback (the dev API behind the proxy), with how many came twice. */
const delivered = (server: DevServer) => ({ events: server.api.trackedEvents().map((event) => event.properties?.['index']), duplicates: server.api.duplicateEvents() })

/** Holds the tracker's file until `release()`; then it is served as built. */
async function holdTrackerFile(page: Page) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  await page.route(TRACKER_FILE, async (route: Route) => {
    await released
    await route.continue()
  })
  return release
}

const trackNumbered = (page: Page, count: number) =>
  page.evaluate((count) => {
    const { tracker } = (window as any).Windback
    for (let index = 0; index < count; index += 1) tracker.track('feature_used', { index })
  }, count)

test('a script-tag page that does not track downloads no tracker code', async ({ page, server }) => {
  const requests = requestLog(page, server)
  await page.goto(`${server.url}/pages/script-tag.html`)
  await page.waitForLoadState('networkidle')
  await page.hover('#cancel-link')
  await page.click('#cancel-link')
  await expect(page.locator('windback-cancel-flow [part~="reason"]').first()).toBeVisible()
  expect(requests.filter((path) => path.includes('/dist/'))).not.toContain('/dist/script-tag/signals.js')
  // Nor does the script tag's own file carry it: the tracker's sending code is not in it.
  const ownFile = readFileSync(join(dist, 'windback.umd.js'), 'utf8')
  expect(ownFile).not.toContain('events-rejected')
  expect(readFileSync(join(dist, 'script-tag', 'signals.js'), 'utf8')).toContain('events-rejected')
  expect(requests.some((path) => /track|analytics|event/i.test(path.replace('/api/windback/track', '')))).toBe(false)
})

test('50 events tracked before the tracker file arrives reach Windback once each, in order', async ({ page, server }) => {
  const release = await holdTrackerFile(page)
  await page.goto(`${server.url}/pages/tracker.html`)
  await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
  await trackNumbered(page, 50)
  expect(await page.evaluate(() => (window as any).Windback.tracker.stats())).toEqual({ queued: 50, sent: 0, dropped: 0 })
  expect(server.api.trackedEvents()).toEqual([])
  release()
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  expect(delivered(server)).toEqual({ events: Array.from({ length: 50 }, (_, index) => index), duplicates: 0 })
  expect(server.api.trackedEvents().every((event) => event.customer_email === 'jane@example.com')).toBe(true)
  expect(await page.evaluate(() => (window as any).Windback.tracker.stats())).toEqual({ queued: 0, sent: 50, dropped: 0 })
})

test('with the tracker file blocked, 10 events are stored and the next page sends them exactly once', async ({ page, server }) => {
  await page.route(TRACKER_FILE, (route) => route.abort('blockedbyclient'))
  const warnings: string[] = []
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
  await page.goto(`${server.url}/pages/tracker.html`)
  await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
  await trackNumbered(page, 10)
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  expect(warnings.filter((text) => text.includes('tracker-unavailable'))).toHaveLength(1)
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('windback:tracker:')).length)
  expect(stored).toBe(1)
  expect(server.api.trackedEvents()).toEqual([])

  await page.unroute(TRACKER_FILE)
  await page.goto(`${server.url}/pages/tracker.html`)
  await expect.poll(() => server.api.trackedEvents().length, { timeout: 10_000 }).toBe(10)
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  // A third page finds nothing left to send.
  await page.goto(`${server.url}/pages/tracker.html`)
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  expect(delivered(server)).toEqual({ events: Array.from({ length: 10 }, (_, index) => index), duplicates: 0 })
})

test('events tracked while the file loads are stored if the page goes first, and sent once by the next page', async ({ page, server }) => {
  await holdTrackerFile(page)
  await page.goto(`${server.url}/pages/tracker.html`)
  await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
  await trackNumbered(page, 5)
  await page.unrouteAll({ behavior: 'ignoreErrors' })
  await page.goto(`${server.url}/pages/after.html`)
  await page.goto(`${server.url}/pages/tracker.html`)
  await expect.poll(() => server.api.trackedEvents().length, { timeout: 10_000 }).toBe(5)
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  expect(delivered(server)).toEqual({ events: [0, 1, 2, 3, 4], duplicates: 0 })
})

test('a tampered tracker file does not run: nothing is sent, the events are kept for a later page', async ({ page, server }) => {
  const body = readFileSync(join(dist, 'script-tag', 'signals.js'), 'utf8')
  expect(body).toContain('createTracker')
  // One changed byte that would still run: integrity alone stops it.
  await page.route(TRACKER_FILE, (route) => route.fulfill({ body: body.replace('createTracker', 'createTrackex'), contentType: 'text/javascript' }))
  await page.goto(`${server.url}/pages/tracker.html`)
  await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
  await trackNumbered(page, 3)
  await page.evaluate(() => (window as any).Windback.tracker.flush())
  expect(await page.evaluate(() => Object.keys((globalThis as any)[Symbol.for('@windback/browser:page-hub:v1')].exports))).toEqual([])
  expect(server.api.log().filter((entry) => entry.path === '/track')).toEqual([])
  const stored = await page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('windback:tracker:')).map(([, value]) => JSON.parse(value).events.length))
  expect(stored).toEqual([3])
})

test('bad options still throw at once, before any file loads', async ({ page, server }) => {
  const requests = requestLog(page, server)
  await page.goto(`${server.url}/pages/umd-only.html`)
  await page.waitForFunction(() => Boolean((window as any).Windback))
  const codes = await page.evaluate(() =>
    [{ endpoint: '/t', customerEmail: 'sk_live_1' }, {}, { endpoint: '/t', flushAt: 0 }].map((options) => {
      try {
        ;(window as any).Windback.createTracker(options)
        return 'created'
      } catch (error) {
        return (error as { code: string }).code
      }
    }),
  )
  expect(codes).toEqual(['INVALID_KEY', 'INVALID_OPTIONS', 'INVALID_OPTIONS'])
  expect(requests).not.toContain('/dist/script-tag/signals.js')
})

for (const [name, policy] of Object.entries({
  "script-src 'nonce-…'": "default-src 'self'; script-src 'nonce-loader-nonce'; img-src 'self' data:; connect-src 'self'",
  'Trusted Types': "default-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; require-trusted-types-for 'script'; trusted-types windback",
})) {
  test(`under ${name}, the tracker loads with its hash and the nonce and sends, with zero violations`, async ({ page }) => {
    const server = await startServer({
      mounts: [
        { prefix: '/tracker-csp/', dir: join(repo, 'test', 'browser', 'pages', 'tracker-csp'), headers: { 'Content-Security-Policy': policy } },
        { prefix: '/pages/', dir: join(repo, 'test', 'browser', 'pages') },
      ],
    })
    try {
      await page.goto(`${server.url}/tracker-csp/index.html`)
      await page.waitForFunction(() => Boolean((window as any).Windback?.tracker))
      await trackNumbered(page, 2)
      await page.evaluate(() => (window as any).Windback.tracker.flush())
      expect(delivered(server)).toEqual({ events: [0, 1], duplicates: 0 })
      const script = await page.evaluate(() => {
        const element = [...document.scripts].find((candidate) => candidate.src.endsWith('/script-tag/signals.js'))!
        return { integrity: element.integrity, crossOrigin: element.crossOrigin, nonce: element.nonce }
      })
      const hashes = JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8')).files
      expect(script).toEqual({ integrity: hashes['script-tag/signals.js'], crossOrigin: 'anonymous', nonce: 'loader-nonce' })
      expect(await page.evaluate(() => (window as any).violations)).toEqual([])
    } finally {
      await server.close()
    }
  })
}
