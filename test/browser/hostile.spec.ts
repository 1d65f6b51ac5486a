import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openCloseCycles, pageMetrics } from '../../bench/page-probes.mjs'
import { startServer } from '../../demo/server.js'
import { repo } from './packed-package.js'
import { animationsDone, expect, openEsmPage, part, reasonsPosts, test } from './fixtures.js'

/** What a customer sees of the modal: boxes and the computed styles that carry the look. */
async function modalLook(page: Page) {
  return page.locator('windback-cancel-flow').evaluate((host) => {
    const root = host.shadowRoot!
    const pick = (selector: string) => {
      const element = root.querySelector(selector)!
      const box = element.getBoundingClientRect()
      const style = getComputedStyle(element)
      return {
        box: [box.x, box.y, box.width, box.height].map(Math.round),
        style: [style.display, style.fontSize, style.fontFamily, style.fontStyle, style.color, style.backgroundColor, style.textTransform, style.letterSpacing, style.wordSpacing, style.lineHeight, style.textAlign, style.boxSizing, style.cursor],
      }
    }
    return Object.fromEntries(
      ['[part~=dialog]', '[part~=close]', 'h2', 'legend', '[part~=reason]', 'label.wb-reason', '[part~=continue-cancel]'].map((selector) => [selector, pick(selector)]),
    )
  })
}

async function openFromLink(page: Page, url: string) {
  await page.goto(url)
  await page.click('#cancel-link')
  await expect(part(page, 'dialog')).toBeVisible()
  await animationsDone(page)
}

test('aggressive page CSS (all: unset !important, display: none, 6px root, Bootstrap, Tailwind preflight) changes nothing inside', async ({ page, server }) => {
  await openFromLink(page, `${server.url}/pages/clean.html`)
  const clean = await modalLook(page)
  await openFromLink(page, `${server.url}/pages/hostile.html`)
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('6px')
  expect(await modalLook(page)).toEqual(clean)
})

test.describe('strict Content-Security-Policy', () => {
  test('by script tag: styled, translated, completed, with zero violations', async ({ page, server }) => {
    const response = await page.goto(`${server.url}/csp/index.html`)
    expect(response?.headers()['content-security-policy']).toContain("style-src 'self'")
    await page.click('#cancel-link')
    await expect(page.locator('windback-cancel-flow legend')).toHaveText('Pourquoi résiliez-vous ?')
    await expect(part(page, 'continue-cancel')).toHaveCSS('background-color', 'rgb(15, 118, 110)')
    await part(page, 'reason').first().check()
    await part(page, 'continue-cancel').click()
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    await page.waitForURL('**/csp/index.html#cancelled')
    await expect.poll(() => server.api.submissions().length).toBe(1)
    expect(await page.evaluate(() => (window as any).violations)).toEqual([])
  })

  test('by ESM import with lazily loaded chunks: zero violations', async ({ page, server }) => {
    await page.goto(`${server.url}/csp/esm.html`)
    await page.waitForFunction(() => 'windback' in window)
    await page.evaluate(() => {
      ;(window as any).result = (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', locale: 'de', customer: { email: 'jane@example.com' } })
    })
    await expect(page.locator('windback-cancel-flow legend')).toHaveText('Warum kündigen Sie?')
    await part(page, 'close').click()
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'dismissed' })
    expect(await page.evaluate(() => (window as any).violations)).toEqual([])
  })
})

test.describe("the README's Content-Security-Policy lines, served verbatim", () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Content-Security-Policy'), readme.indexOf('## Fail-open guarantees'))
  const policies = [...section.matchAll(/^Content-Security-Policy: (.+)$/gm)].map((match) => match[1]!.replace('{NONCE}', 'readme-test-nonce'))

  test('the README has the allow-list and the nonce policy', () => {
    expect(policies).toHaveLength(2)
    expect(policies[1]).toContain("'nonce-readme-test-nonce'")
  })

  for (const [index, name] of ['host allow-list', 'nonce'].entries()) {
    for (const locale of ['en', 'ar']) {
      test(`${name} policy, ${locale}: a whole flow with a logo and zero violations`, async ({ page }) => {
        const pages = join(repo, 'test', 'browser', 'pages')
        const server = await startServer({
          mounts: [
            { prefix: '/csp-readme/', dir: join(pages, 'csp-readme'), headers: { 'Content-Security-Policy': policies[index]! } },
            { prefix: '/csp/', dir: join(pages, 'csp') },
          ],
        })
        try {
          server.api.setConfig('pub_test', { ...(server.api.getConfig('pub_test') as object), theme: { primary_color: '#0f766e', logo_url: '/acme-logo.svg' } })
          const response = await page.goto(`${server.url}/csp-readme/index.html`)
          expect(response?.headers()['content-security-policy']).toBe(policies[index])
          await page.locator('#cancel-link').evaluate((link, locale) => ((link as HTMLElement).dataset['locale'] = locale), locale)
          await page.click('#cancel-link')
          await expect(part(page, 'dialog')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr')
          await expect(page.locator('windback-cancel-flow legend')).toHaveText(locale === 'ar' ? 'لماذا تلغي اشتراكك؟' : 'Why are you cancelling?')
          await expect.poll(() => part(page, 'logo').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
          await part(page, 'continue-cancel').click()
          await part(page, 'confirm-cancel').click()
          await page.waitForURL('**/csp-readme/index.html#cancelled')
          await expect.poll(() => server.api.submissions().length).toBe(1)
          expect(await page.evaluate(() => (window as any).violations)).toEqual([])
        } finally {
          await server.close()
        }
      })
    }
  }
})

test('an XSS payload in every config field runs nothing and is shown as text', async ({ page, server }) => {
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
  server.api.setConfig('pub_test', {
    title: payload,
    subtitle: payload,
    reasons: [{ id: 'too_expensive', label: payload, feedback_prompt: payload, offer_ids: ['talk'] }],
    offers: [{ id: 'talk', type: 'contact', title: payload, description: payload, cta: 'Talk', url: 'javascript:window.__xss=3' }],
    theme: { primary_color: 'red;}</style><script>window.__xss=4</script>', logo_url: 'javascript:window.__xss=5', font_family: 'x;}:host{display:none' },
    copy: { confirm_title: payload, decline_offers: payload },
  })
  await openEsmPage(page, server)
  const opened: string[] = []
  await page.exposeFunction('recordOpen', (url: string) => opened.push(url))
  await page.evaluate(() => {
    ;(window as any).open = (url: string) => void (window as any).recordOpen(String(url))
    ;(window as any).result = (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', locale: 'en', customer: { email: 'jane@example.com' } })
  })
  await expect(page.locator('windback-cancel-flow h2')).toHaveText(payload)
  await part(page, 'reason').first().check()
  await part(page, 'continue-cancel').click()
  await expect(part(page, 'offer').locator('h3')).toHaveText(payload)
  await part(page, 'accept-offer').click()
  expect(await page.evaluate(() => (window as any).result)).toMatchObject({ outcome: 'retained' })
  expect(opened).toEqual([])
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined()
  await expect(page.locator('img')).toHaveCount(0)
})

test.describe('fail-open: the customer can always cancel, the promise always settles', () => {
  test('a huge config body falls back to the default reasons', async ({ page, server }) => {
    const reasons = Array.from({ length: 40_000 }, (_, index) => ({ id: `reason_${index}`, label: `Reason number ${index} with a long label` }))
    server.api.setConfig('pub_test', { title: 'Huge', reasons })
    await openEsmPage(page, server)
    await page.evaluate(() => {
      ;(window as any).result = (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
    })
    await expect(part(page, 'reason')).toHaveCount(8)
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'cancelled', reason: null })
  })

  test('a throwing onEvent is logged and changes nothing', async ({ page, server }) => {
    const errors: string[] = []
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    await openEsmPage(page, server)
    await page.evaluate(() => {
      ;(window as any).result = (window as any).windback.openCancelFlow({
        publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' },
        onEvent: () => { throw new Error('analytics down') },
      })
    })
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'cancelled', reason: null })
    const ours = errors.filter((text) => text.startsWith('[windback]'))
    expect(ours.length).toBeGreaterThan(0)
    expect(ours.every((text) => text.startsWith('[windback] onEvent threw; the flow goes on.'))).toBe(true)
  })

  test('a modal that cannot render resolves error RENDER_ERROR and leaves nothing behind', async ({ page, server }) => {
    await openEsmPage(page, server)
    const result = await page.evaluate(() =>
      (window as any).windback
        .openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' }, container: document.createElement('div') })
        .then((r: any) => ({ outcome: r.outcome, code: r.error?.code })),
    )
    expect(result).toEqual({ outcome: 'error', code: 'RENDER_ERROR' })
    expect(await page.evaluate(() => [document.querySelectorAll('windback-cancel-flow').length, document.documentElement.style.overflow])).toEqual([0, ''])
  })

  test('two flows at once: the second replaces the first, which resolves dismissed', async ({ page, server }) => {
    await openEsmPage(page, server)
    await page.evaluate(() => {
      const w = window as any
      const options = { publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } }
      w.first = w.windback.openCancelFlow(options)
    })
    await expect(part(page, 'dialog')).toBeVisible()
    await page.evaluate(() => {
      const w = window as any
      w.second = w.windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'sam@example.com' } })
    })
    expect(await page.evaluate(() => (window as any).first)).toEqual({ outcome: 'dismissed' })
    await expect(page.locator('windback-cancel-flow')).toHaveCount(1)
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await page.evaluate(() => (window as any).second)).toEqual({ outcome: 'cancelled', reason: null })
  })

  test('open() while open returns the pending promise; destroy() mid-flow settles it dismissed and cleans up', async ({ page, server }) => {
    await openEsmPage(page, server)
    await page.evaluate(() => {
      const w = window as any
      w.flow = w.windback.createCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
      w.a = w.flow.open()
    })
    await expect(part(page, 'dialog')).toBeVisible()
    expect(await page.evaluate(() => (window as any).a === (window as any).flow.open())).toBe(true)
    await part(page, 'reason').first().check()
    await page.evaluate(() => (window as any).flow.destroy())
    expect(await page.evaluate(() => (window as any).a)).toEqual({ outcome: 'dismissed' })
    expect(await page.evaluate(() => [document.querySelectorAll('windback-cancel-flow').length, document.documentElement.style.overflow])).toEqual([0, ''])
    // Not an `error` outcome, which a host answers by cancelling without a flow.
    expect(await page.evaluate(() => (window as any).flow.open().then(() => 'resolved', (error: any) => error.code))).toBe('FLOW_DESTROYED')
  })

  test('navigating away mid-flow leaves nothing to send and nothing on the next page', async ({ page, server }) => {
    await openEsmPage(page, server)
    await page.evaluate(() => void (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } }))
    await part(page, 'reason').first().check()
    await page.goto(`${server.url}/pages/esm.html`)
    await expect(page.locator('windback-cancel-flow')).toHaveCount(0)
    expect(await page.evaluate(() => localStorage.getItem('windback:outbox:v1'))).toBeNull()
    expect(reasonsPosts(server)).toHaveLength(0)
  })

  test('localStorage full or blocked: the answer is still delivered, with one console warning', async ({ page, server }) => {
    const warnings: string[] = []
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
    await page.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      }
    })
    server.api.setFaults({ reasons: { status: 503, times: 1 } })
    await openEsmPage(page, server)
    await page.evaluate(() => {
      ;(window as any).result = (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
    })
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'cancelled', reason: null })
    await expect.poll(() => server.api.submissions().length, { timeout: 10_000 }).toBe(1)
    expect(warnings.filter((text) => text.includes('localStorage'))).toHaveLength(1)
  })
})

/** A modal left behind holds its DOM, styles and closures: tens of KB a cycle, megabytes over the series. */
const HEAP_GROWTH_ALLOWED = 512 * 1024

test(`no leaks: 200 open/close cycles leave as many DOM nodes and listeners as the page had before the first, and the heap within ${HEAP_GROWTH_ALLOWED / 1024} KB`, async ({ page, server }) => {
  test.setTimeout(90_000)
  await openEsmPage(page, server)
  const metrics = await pageMetrics(page)
  const counts = async () => {
    const { nodes, listeners } = await metrics()
    return { nodes, listeners }
  }
  const pristine = await counts()
  server.api.setRateLimit({ limit: 10_000 })
  // The first cycles load the modal's code and fill the engine's caches: heap that is not a leak.
  await openCloseCycles(page, 10)
  const { heap: warmHeap } = await metrics()
  await openCloseCycles(page, 200)
  // Right after the last close, the engine may still hold that one modal for a moment.
  await expect.poll(counts, { timeout: 5_000 }).toEqual(pristine)
  expect((await metrics()).heap - warmHeap).toBeLessThan(HEAP_GROWTH_ALLOWED)
})

test('a secret key in place of the public key is refused before any request, by ESM import and by script tag', async ({ page, server }) => {
  const SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
  const requested: string[] = []
  page.on('request', (request) => requested.push(`${request.url()} ${request.postData() ?? ''}`))
  const warnings: string[] = []
  page.on('console', (message) => void (message.type() === 'warning' && warnings.push(message.text())))

  await openEsmPage(page, server)
  const refusal = await page.evaluate(
    (publicKey) =>
      (window as any).windback
        .openCancelFlow({ publicKey, customer: { email: 'jane@example.com' } })
        .then(() => 'resolved', (error: { name: string; code: string }) => ({ name: error.name, code: error.code })),
    SECRET,
  )
  expect(refusal).toEqual({ name: 'WindbackError', code: 'INVALID_KEY' })

  // By script tag the cancel link is left as it is: it does what it did before the widget.
  await page.setContent(
    `<script src="/dist/windback.umd.js" data-public-key="${SECRET}"></script>` +
      '<a id="cancel" href="/pages/after.html?via=plain" data-windback-cancel data-customer-email="jane@example.com">Cancel</a>',
  )
  await Promise.all([page.waitForURL('**/pages/after.html?via=plain'), page.click('#cancel')])
  expect(warnings.filter((text) => text.includes('data-public-key'))).toHaveLength(1)
  expect(requested.filter((request) => request.includes(SECRET))).toEqual([])
  expect(server.api.log()).toEqual([])
})

test('the UMD defines exactly one global', async ({ page, server }) => {
  await page.goto(`${server.url}/pages/after.html`)
  const before = await page.evaluate(() => Object.keys(window))
  await page.addScriptTag({ url: '/dist/windback.umd.js' })
  const added = await page.evaluate((before) => Object.keys(window).filter((key) => !before.includes(key)), before)
  expect(added).toEqual(['Windback'])
})
