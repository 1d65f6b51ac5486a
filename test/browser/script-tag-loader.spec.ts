import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dist } from '../../bench/sizes.mjs'
import { startServer } from '../../demo/server.js'
import { addScriptTag, expect, part, requestLog, test, type DevServer } from './fixtures.js'
import { repo } from './packed-package.js'

// dist/windback.umd.js loads the rest of the script tag (modal, outbox, languages) from
// dist/script-tag/ only when a customer shows intent, as classic scripts with integrity.

const pages = join(repo, 'test', 'browser', 'pages')
const integrity = () => (JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8')) as { files: Record<string, string> }).files
const LEGENDS: Record<string, string> = { en: 'Why are you cancelling?', fr: 'Pourquoi résiliez-vous ?', ar: 'لماذا تلغي اشتراكك؟' }

/** A server for the loader page, sent with `policy` as its Content-Security-Policy (if any). */
async function loaderServer(policy?: string) {
  return startServer({
    mounts: [
      { prefix: '/loader/', dir: join(pages, 'loader'), ...(policy ? { headers: { 'Content-Security-Policy': policy } } : {}) },
      { prefix: '/pages/', dir: pages },
    ],
  })
}

async function withServer(policy: string | undefined, run: (server: DevServer) => Promise<void>) {
  const server = await loaderServer(policy)
  try {
    await run(server)
  } finally {
    await server.close()
  }
}

const setLocale = (page: Page, locale: string) =>
  page.locator('#cancel-link').evaluate((link, locale) => ((link as HTMLElement).dataset['locale'] = locale), locale)

/** Serves `file` (under dist/) with `from` changed to `to`: one changed byte, as in a tampered copy. */
function serveTampered(page: Page, file: string, from: string, to: string) {
  const body = readFileSync(join(dist, file), 'utf8')
  expect(body).toContain(from)
  return page.route(`**/dist/${file}`, (route) => route.fulfill({ body: body.replace(from, to), contentType: 'text/javascript' }))
}

/** What the page records of `windback:error`: the error code of each. */
const recordErrors = (page: Page) =>
  page.evaluate(() => {
    ;(window as any).errorCodes = []
    document.addEventListener('windback:error', (event) => (window as any).errorCodes.push((event as CustomEvent).detail.error.code))
  })

for (const locale of ['en', 'fr', 'ar']) {
  test(`${locale}: only the script tag loads until intent; the pointer over a link loads the modal, the config and the language, and the click shows the reasons`, async ({ page }) => {
    await withServer(undefined, async (server) => {
      const requests = requestLog(page, server)
      await page.goto(`${server.url}/loader/index.html`)
      await page.waitForLoadState('networkidle')
      expect(requests).toEqual(['/loader/index.html', '/pages/csp/violations.js', '/dist/windback.umd.js'])

      if (locale !== 'en') await setLocale(page, locale)
      await page.hover('#cancel-link')
      const expected = ['/dist/script-tag/modal.js', '/dist/script-tag/outbox.js', '/api/v1/cancel-flow/config/pub_test']
      if (locale !== 'en') expected.push(`/dist/script-tag/locales/${locale}.js`)
      await expect.poll(() => expected.filter((path) => !requests.includes(path))).toEqual([])
      await page.waitForLoadState('networkidle')
      const beforeClick = requests.length

      await page.click('#cancel-link')
      await expect(page.locator('windback-cancel-flow legend')).toHaveText(LEGENDS[locale]!)
      expect(requests.slice(beforeClick)).toEqual([])
      expect(requests.filter((path) => path.includes('/script-tag/locales/'))).toEqual(locale === 'en' ? [] : [`/dist/script-tag/locales/${locale}.js`])
    })
  })
}

const POLICIES = {
  "script-src 'nonce-…' (no 'self')": "default-src 'self'; script-src 'nonce-loader-nonce'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  "script-src 'self'": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'",
  'Trusted Types (trusted-types windback)': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; require-trusted-types-for 'script'; trusted-types windback",
}

for (const [name, policy] of Object.entries(POLICIES)) {
  for (const locale of ['en', 'ar']) {
    test(`under ${name}, ${locale}: a whole flow with zero violations, every file with its hash, crossorigin and the nonce`, async ({ page }) => {
      await withServer(policy, async (server) => {
        const response = await page.goto(`${server.url}/loader/index.html`)
        expect(response?.headers()['content-security-policy']).toBe(policy)
        if (locale !== 'en') await setLocale(page, locale)
        await page.click('#cancel-link')
        await expect(page.locator('windback-cancel-flow legend')).toHaveText(LEGENDS[locale]!)
        await part(page, 'continue-cancel').click()
        await part(page, 'confirm-cancel').click()
        await page.waitForURL('**/loader/index.html#cancelled')
        await expect.poll(() => server.api.submissions().length).toBe(1)
        expect(await page.evaluate(() => (window as any).violations)).toEqual([])

        const added = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLScriptElement>('script[src*="/script-tag/"]')].map((script) => ({
            path: new URL(script.src).pathname.replace('/dist/', ''),
            integrity: script.integrity,
            crossOrigin: script.crossOrigin,
            nonce: script.nonce,
          })),
        )
        const files = integrity()
        const paths = ['script-tag/modal.js', 'script-tag/outbox.js', ...(locale === 'en' ? [] : [`script-tag/locales/${locale}.js`])]
        expect(added).toEqual(expect.arrayContaining(paths.map((path) => ({ path, integrity: files[path], crossOrigin: 'anonymous', nonce: 'loader-nonce' }))))
        expect(added).toHaveLength(paths.length)
      })
    })
  }
}

const FAULTS: Record<string, (page: Page) => Promise<unknown>> = {
  'a tampered modal file (one byte changed)': (page) => serveTampered(page, 'script-tag/modal.js', 'Why are you cancelling?', 'Why are you cancelling!'),
  'a blocked modal file': (page) => page.route('**/dist/script-tag/modal.js', (route) => route.abort('blockedbyclient')),
  'a modal file that never answers (10 s)': (page) => page.route('**/dist/script-tag/modal.js', () => undefined),
}

for (const [fault, inject] of Object.entries(FAULTS)) {
  test(`${fault}: nothing of it runs, the link fires windback:error with SCRIPT_LOAD_FAILED and navigates`, async ({ page, server }) => {
    test.setTimeout(30_000)
    await inject(page)
    await page.goto(`${server.url}/pages/loader/index.html`)
    await recordErrors(page)
    await Promise.all([page.waitForURL('**/loader/index.html#cancelled', { timeout: 15_000 }), page.click('#cancel-link')])
    expect(await page.evaluate(() => (window as any).errorCodes)).toEqual(['SCRIPT_LOAD_FAILED'])
    expect(await page.locator('windback-cancel-flow').count()).toBe(0)
    const shared = await page.evaluate(() => Object.keys((globalThis as any)[Symbol.for('@windback/browser:page-hub:v1')].exports))
    expect(shared.some((url) => url.endsWith('/script-tag/modal.js'))).toBe(false)
  })
}

test('a file that failed is tried again on the next open(), and then the modal shows', async ({ page, server }) => {
  let refusals = 0
  await page.route('**/dist/script-tag/modal.js', (route) => (refusals++ === 0 ? route.abort('connectionreset') : route.continue()))
  await page.goto(`${server.url}/pages/loader/index.html`)
  const open = () =>
    page.evaluate(() => {
      const options = { publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } }
      return (window as any).Windback.openCancelFlow(options).then((result: any) => ({ outcome: result.outcome, code: result.error?.code }))
    })
  expect(await open()).toEqual({ outcome: 'error', code: 'SCRIPT_LOAD_FAILED' })
  const second = open()
  await expect(part(page, 'dialog')).toBeVisible()
  await part(page, 'close').click()
  expect(await second).toEqual({ outcome: 'dismissed' })
  expect(refusals).toBe(2)
})

test('a second copy of the script tag, two flows and two triggers: each file is requested once and one click opens one modal', async ({ page, server }) => {
  const requests = requestLog(page, server)
  await page.goto(`${server.url}/pages/loader/index.html`)
  await addScriptTag(page, '/dist/windback.umd.js', { 'data-public-key': 'pub_test', 'data-api-base': '/api/v1' })
  await page.hover('#other-link')
  await page.focus('#cancel-link')
  await page.click('#cancel-link')
  await expect(part(page, 'dialog')).toBeVisible()
  expect(await page.locator('windback-cancel-flow').count()).toBe(1)
  await part(page, 'close').click()
  await page.click('#other-link')
  await expect(part(page, 'dialog')).toBeVisible()
  await page.waitForLoadState('networkidle')
  const onDemand = requests.filter((path) => path.startsWith('/dist/script-tag/'))
  expect(onDemand.sort()).toEqual(['/dist/script-tag/modal.js', '/dist/script-tag/outbox.js'])
  expect(requests.filter((path) => path === '/api/v1/cancel-flow/config/pub_test')).toHaveLength(2)
})

test('a copy of the script tag served from another folder loads the modal and its languages from its own folder', async ({ page }) => {
  const server = await startServer({ mounts: [{ prefix: '/copy/', dir: dist }, { prefix: '/pages/', dir: pages }] })
  try {
    const requests = requestLog(page, server)
    await page.goto(`${server.url}/pages/loader/index.html`)
    await addScriptTag(page, '/copy/windback.umd.js')
    const result = page.evaluate(() =>
      (window as any).Windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', locale: 'fr', customer: { email: 'jane@example.com' } }),
    )
    await expect(page.locator('windback-cancel-flow legend')).toHaveText(LEGENDS['fr']!)
    await part(page, 'close').click()
    expect(await result).toEqual({ outcome: 'dismissed' })
    const onDemand = requests.filter((path) => path.includes('/script-tag/'))
    expect(onDemand.sort()).toEqual(['/copy/script-tag/locales/fr.js', '/copy/script-tag/modal.js', '/copy/script-tag/outbox.js'])
  } finally {
    await server.close()
  }
})

test('on a touch screen, the touch that starts a tap loads the modal, and the tap shows it', async ({ browser, server }) => {
  const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 700 } })
  const page = await context.newPage()
  try {
    const requests = requestLog(page, server)
    await page.goto(`${server.url}/pages/loader/index.html`)
    await page.waitForLoadState('networkidle')
    expect(requests.filter((path) => path.includes('/script-tag/'))).toEqual([])
    const touched = page.waitForRequest('**/dist/script-tag/modal.js', { timeout: 5000 })
    await page.locator('#cancel-link').dispatchEvent('touchstart', { touches: [], changedTouches: [], targetTouches: [] })
    await touched
    await page.tap('#cancel-link')
    await expect(part(page, 'dialog')).toBeVisible()
  } finally {
    await context.close()
  }
})

test('a flow the page creates at load loads nothing until preload(), when no answer is waiting', async ({ page, server }) => {
  const requests = requestLog(page, server)
  await page.goto(`${server.url}/pages/loader/index.html`)
  await page.evaluate(() => {
    ;(window as any).flow = (window as any).Windback.createCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
  })
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })))
  expect(requests.filter((path) => path.includes('/script-tag/') || path.startsWith('/api/'))).toEqual([])
  await page.evaluate(() => (window as any).flow.preload())
  expect(requests.filter((path) => path.includes('/script-tag/')).sort()).toEqual(['/dist/script-tag/modal.js', '/dist/script-tag/outbox.js'])
})

test('the script tag reads stored answers only once the page has loaded, never while it loads', async ({ page, server }) => {
  // An image that holds the load event until released: idle time comes first.
  let releaseImage!: () => void
  const imageHeld = new Promise<void>((resolve) => (releaseImage = resolve))
  await page.route('**/held.png', async (route) => {
    await imageHeld
    await route.fulfill({ status: 204 })
  })
  await page.route('**/pages/loader/index.html', async (route) => {
    const response = await route.fetch()
    await route.fulfill({ response, body: (await response.text()).replace('</body>', '<img src="/held.png" alt=""></body>') })
  })
  await page.addInitScript(() => {
    const reads: string[] = ((window as any).storageReads = [])
    const getItem = Storage.prototype.getItem
    Storage.prototype.getItem = function (this: Storage, key: string) {
      reads.push(`${key} ${document.readyState}`)
      return getItem.call(this, key)
    }
  })
  await page.goto(`${server.url}/pages/loader/index.html`, { waitUntil: 'domcontentloaded' })
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })))
  expect(await page.evaluate(() => (window as any).storageReads)).toEqual([])

  releaseImage()
  await page.waitForLoadState('load')
  await expect.poll(() => page.evaluate(() => (window as any).storageReads)).toEqual(['windback:outbox:v1 complete'])
})

test('a tampered language file (one byte changed) does not run: its hash comes from the verified modal, and the reasons show in English', async ({ page, server }) => {
  await serveTampered(page, 'script-tag/locales/fr.js', 'Pourquoi', 'Pourquoy')
  await page.goto(`${server.url}/pages/loader/index.html`)
  await setLocale(page, 'fr')
  await page.click('#cancel-link')
  await expect(page.locator('windback-cancel-flow legend')).toHaveText(LEGENDS['en']!)
  const ran = await page.evaluate(() => Object.keys((globalThis as any)[Symbol.for('@windback/browser:page-hub:v1')].exports))
  expect(ran.some((url) => url.endsWith('/script-tag/locales/fr.js'))).toBe(false)
})

test('under Trusted Types, the windback policy passes only scripts in the script-tag folder beside the script tag', async ({ page }) => {
  await withServer(POLICIES['Trusted Types (trusted-types windback)'], async (server) => {
    await page.goto(`${server.url}/loader/index.html`)
    await page.click('#cancel-link')
    await expect(part(page, 'dialog')).toBeVisible()
    const origin = server.url
    const verdicts = await page.evaluate((candidates) => {
      const policy = (globalThis as any)[Symbol.for('@windback/browser:page-hub:v1')].scriptUrlPolicy
      return candidates.map((url) => {
        try {
          return String(policy.createScriptURL(url))
        } catch {
          return 'refused'
        }
      })
    }, [`${origin}/dist/script-tag/locales/fr.js`, `${origin}/dist/evil.js`, `${origin}/dist/script-tag/../evil.js`, `${origin}/dist/script-tag/modal.js?x=.js`, 'https://elsewhere.example/dist/script-tag/modal.js'])
    expect(verdicts).toEqual([`${origin}/dist/script-tag/locales/fr.js`, 'refused', 'refused', 'refused', 'refused'])
  })
})
