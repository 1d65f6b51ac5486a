import type { Page } from '@playwright/test'
import { pageMetrics } from '../../bench/page-probes.mjs'
import { appPath, buildApp, type AppVariant } from './apps/build.js'
import { expect, part, reasonsPosts, settledReasonsPosts, test, type DevServer } from './fixtures.js'

// The README's React and Vue snippets in real apps: React 18 and 19 in development mode under
// StrictMode, React 19 as a production build, and Vue 3. The snippets use the default API base
// and 'pub_123'; the page's requests to Windback are answered by the dev API's test config.

const variants: { variant: AppVariant; version: RegExp; mountEffects: number }[] = [
  { variant: 'react19-dev', version: /^19\./, mountEffects: 2 },
  { variant: 'react18-dev', version: /^18\./, mountEffects: 2 },
  { variant: 'react19-prod', version: /^19\./, mountEffects: 1 },
  { variant: 'vue-dev', version: /^3\./, mountEffects: 1 },
]

/** Opens the app with Windback's API answered by the dev API, and counts the host's own cancel calls. */
async function openApp(page: Page, server: DevServer, variant: AppVariant) {
  const hostCancels: string[] = []
  // The README's key, known to the dev API with the test config: config and answers both use it.
  server.api.setConfig('pub_123', server.api.getConfig('pub_test'))
  await page.route('https://api.windbackai.com/**', async (route) => {
    const response = await route.fetch({ url: `${server.url}${new URL(route.request().url()).pathname}` })
    await route.fulfill({ response })
  })
  await page.route('**/api/cancel', async (route) => {
    hostCancels.push(route.request().method())
    await route.fulfill({ status: 204 })
  })
  await page.goto(`${server.url}${appPath(variant)}`)
  await page.waitForFunction(() => window.app?.mountEffects > 0)
  return { hostCancels }
}

const appState = (page: Page) => page.evaluate(() => ({ version: window.app.version, mountEffects: window.app.mountEffects, outcomes: window.app.outcomes }))
const hosts = (page: Page) => page.locator('windback-cancel-flow')
const cancelButton = (page: Page) => page.getByRole('button', { name: 'Cancel subscription' })

for (const { variant, version, mountEffects } of variants) {
  test.describe(`the README snippet in a ${variant} app`, () => {
    test.describe.configure({ mode: 'serial' })
    test.beforeAll(async () => {
      test.setTimeout(60_000)
      await buildApp(variant)
    })
    // A test may end while a request it no longer waits for (the answer's POST, logged by the dev
    // API before the page has its response) is still being routed.
    test.afterEach(({ page }) => page.unrouteAll({ behavior: 'ignoreErrors' }))

    test('runs the framework it names, in the mode it names', async ({ page, server }) => {
      await openApp(page, server, variant)
      const state = await appState(page)
      expect(state.version).toMatch(version)
      // StrictMode's simulated unmount and remount, which broke the old snippet, happens in development only.
      expect(state.mountEffects).toBe(mountEffects)
    })

    test('open → retained: the offer is taken, the host cancels nothing', async ({ page, server }) => {
      const { hostCancels } = await openApp(page, server, variant)
      await cancelButton(page).click()
      await part(page, 'reason').first().check()
      await part(page, 'continue-cancel').click()
      await part(page, 'offer').first().locator('[part~=accept-offer]').click()
      await expect(hosts(page)).toHaveCount(0)
      await expect.poll(() => reasonsPosts(server).length).toBe(1)
      expect(reasonsPosts(server)[0]?.body).toMatchObject({ outcome: 'retained', selected_offer: 'discount_30', customer_email: 'jane@example.com' })
      expect(hostCancels).toEqual([])
    })

    test('open → cancelled: the host cancels once, and the answer reaches the API once', async ({ page, server }) => {
      const { hostCancels } = await openApp(page, server, variant)
      await cancelButton(page).click()
      await part(page, 'reason').nth(1).check()
      await part(page, 'continue-cancel').click()
      await part(page, 'confirm-cancel').click()
      await expect.poll(() => hostCancels).toEqual(['POST'])
      expect(await settledReasonsPosts(page, server)).toEqual([201])
      expect(reasonsPosts(server)[0]?.body).toMatchObject({ outcome: 'cancelled', cancel_reason: 'missing_features', customer_email: 'jane@example.com' })
    })

    test('a customer e-mail changed mid-session: the next flow posts the new e-mail', async ({ page, server }) => {
      await openApp(page, server, variant)
      await cancelButton(page).click()
      await part(page, 'close').click()
      await expect(hosts(page)).toHaveCount(0)
      await page.evaluate(() => window.app.setEmail('sam@example.com'))
      await cancelButton(page).click()
      await part(page, 'reason').nth(1).check()
      await part(page, 'continue-cancel').click()
      await part(page, 'confirm-cancel').click()
      await expect.poll(() => reasonsPosts(server).length).toBe(1)
      expect(reasonsPosts(server)[0]?.body).toMatchObject({ customer_email: 'sam@example.com' })
    })

    test('unmounted while open: the flow settles dismissed and its host is gone', async ({ page, server }) => {
      const { hostCancels } = await openApp(page, server, variant)
      await page.evaluate(() => window.app.openProbe())
      await expect(part(page, 'dialog')).toBeVisible()
      await page.evaluate(() => window.app.setMounted(false))
      await expect.poll(async () => (await appState(page)).outcomes).toEqual(['dismissed'])
      await expect(hosts(page)).toHaveCount(0)
      expect(hostCancels).toEqual([])
      expect(reasonsPosts(server)).toEqual([])
    })

    test('mounted and unmounted 100 times, opened each time: one host at most, not one listener or node more', async ({ page, server }) => {
      test.setTimeout(60_000)
      await openApp(page, server, variant)
      const measure = await pageMetrics(page)
      const cycles = (count: number) =>
        page.evaluate(async (count) => {
          const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))
          let mostHosts = 0
          const observer = new MutationObserver(() => {
            mostHosts = Math.max(mostHosts, document.querySelectorAll('windback-cancel-flow').length)
          })
          observer.observe(document.body, { childList: true })
          for (let cycle = 0; cycle < count; cycle += 1) {
            window.app.openProbe()
            while (!document.querySelector('windback-cancel-flow')?.shadowRoot?.querySelector('[part~="dialog"]')) await frame()
            window.app.setMounted(false)
            while (document.querySelector('windback-cancel-flow')) await frame()
            // A new probe is there once it has replaced openProbe (React does so in an effect).
            const unmountedProbe = window.app.openProbe
            window.app.setMounted(true)
            while (window.app.openProbe === unmountedProbe) await frame()
          }
          observer.disconnect()
          return mostHosts
        }, count)
      await cycles(5)
      const before = await measure()
      expect(await cycles(100)).toBe(1)
      const after = await measure()
      expect((await appState(page)).outcomes).toEqual(Array(105).fill('dismissed'))
      // A leak adds at least one per cycle; the framework may let go of some of its own meanwhile.
      expect(after.listeners).toBeLessThanOrEqual(before.listeners)
      expect(after.nodes).toBeLessThanOrEqual(before.nodes)
    })
  })
}
