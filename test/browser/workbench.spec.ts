import { createRequire } from 'node:module'
import type { Frame, Page } from '@playwright/test'
import { expect, test } from './fixtures.js'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const STEPS = ['reasons', 'feedback', 'offers', 'confirm', 'fallback'] as const
const OFFER_TYPES = ['discount', 'pause', 'downgrade', 'trial_extension', 'contact', 'custom']

async function openGallery(page: Page, url: string) {
  await page.setViewportSize({ width: 1600, height: 1000 })
  await page.goto(url)
  await page.getByRole('tab', { name: 'Gallery: every step' }).click()
  await expect(page.locator('[data-tile]')).toHaveCount(40)
}

/** The tile's frame once its widget is rendered (tiles load lazily, as they scroll into view). */
async function tileFrame(page: Page, tile: string): Promise<Frame> {
  const element = page.locator(`[data-tile="${tile}"]`)
  await element.scrollIntoViewIfNeeded()
  const loaded = await (await element.elementHandle())!.contentFrame()
  await expect.poll(() => loaded?.evaluate(() => document.documentElement.dataset['ready']).catch(() => undefined), { timeout: 20_000 }).toBe('true')
  return loaded!
}

const tileNames = () => STEPS.flatMap((step) => ['light', 'dark'].flatMap((scheme) => ['ltr', 'rtl'].flatMap((dir) => [320, 640].map((width) => `${step}-${scheme}-${dir}-${width}`))))

test.describe('styling workbench', () => {
  test.describe.configure({ timeout: 180_000 })

  test('the gallery renders every step × light/dark × LTR/RTL × 320 px/desktop with its parts, and axe finds nothing in any tile', async ({ page, server }, testInfo) => {
    await openGallery(page, `${server.url}/`)
    for (const tile of tileNames()) {
      const [step, scheme, dir, width] = tile.split('-') as [string, string, string, string]
      const frame = await tileFrame(page, tile)
      const part = (name: string) => frame.locator(`windback-cancel-flow [part~="${name}"]`)
      await expect(part('dialog'), tile).toBeVisible()
      await expect(part('dialog'), tile).toHaveAttribute('dir', dir)
      await expect(part('dialog'), tile).toHaveAttribute('data-mode', scheme)
      if (step === 'reasons') await expect(part('reason'), tile).toHaveCount(8)
      if (step === 'feedback') await expect(part('feedback'), tile).toBeInViewport()
      if (step === 'offers') {
        expect(await part('offer').evaluateAll((offers) => offers.map((offer) => offer.getAttribute('data-offer-type'))), tile).toEqual(OFFER_TYPES)
      }
      if (step === 'confirm') await expect(part('confirm-cancel'), tile).toBeVisible()
      if (step === 'fallback') expect(await part('reason').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)), tile).toContain('too_expensive')
      if (step !== 'confirm') await expect(part('continue-cancel'), tile).toBeVisible()
      expect(await frame.evaluate(() => window.innerWidth), tile).toBe(Number(width))

      await frame.addScriptTag({ path: axePath })
      const violations = await frame.evaluate(async () => {
        const results = await (window as any).axe.run(
          { include: [['windback-cancel-flow', '.wb-dialog']] },
          { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
        )
        return results.violations.map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`)
      })
      expect(violations, tile).toEqual([])
      if (['offers-light-ltr-640', 'offers-dark-rtl-320', 'feedback-dark-ltr-320', 'fallback-light-rtl-640'].includes(tile)) {
        await page.locator(`[data-tile="${tile}"]`).screenshot({ path: testInfo.outputPath(`tile-${tile}.png`) })
      }
    }
  })

  test('a tile takes no focus, stays interactive like the real flow, and after a decision shows its step again', async ({ page, server }) => {
    await openGallery(page, `${server.url}/`)
    const frame = await tileFrame(page, 'reasons-light-ltr-640')
    await tileFrame(page, 'reasons-light-ltr-320')
    // Rendering a tile takes no focus: it stays on the tab that opened the gallery.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-gallery')
    const part = (name: string) => frame.locator(`windback-cancel-flow [part~="${name}"]`)
    await part('reason').nth(6).check()
    await part('continue-cancel').click()
    await expect(part('confirm-cancel')).toBeVisible()
    await part('keep').click()
    await expect(part('reason')).toHaveCount(8)
    await expect(part('confirm-cancel')).toHaveCount(0)
  })

  test("live CSS: a ::part(dialog) rule restyles every tile's dialog as you type; an unknown part and a selector that cannot reach the widget are reported", async ({ page, server }) => {
    await openGallery(page, `${server.url}/`)
    // Every tile rendered first, so what follows is the CSS reaching tiles already on screen.
    const frames = []
    for (const tile of tileNames()) frames.push(await tileFrame(page, tile))
    await page.getByText('Custom CSS').click()
    const css = page.locator('#custom-css')
    await css.fill('windback-cancel-flow::part(dialog) { outline: 5px solid rgb(255, 0, 128); }\nwindback-cancel-flow::part(dialogue) { color: red; }\n.wb-dialog { background: rgb(255, 0, 0); }')
    await expect(page.locator('#css-problems li')).toHaveText([
      /^Line 2: Unknown part "dialogue"/,
      /^Line 3: ".wb-dialog" does not reach the widget/,
    ])
    for (const [index, tile] of tileNames().entries()) {
      const dialog = frames[index]!.locator('windback-cancel-flow [part~=dialog]')
      await expect(dialog, tile).toHaveCSS('outline-color', 'rgb(255, 0, 128)')
      await expect(dialog, tile).not.toHaveCSS('background-color', 'rgb(255, 0, 0)')
    }
    // The billing page's own widget gets the same CSS.
    await page.getByRole('tab', { name: 'Billing page' }).click()
    await page.getByRole('button', { name: 'Open the cancel flow' }).click()
    await expect(page.frameLocator('#billing').locator('windback-cancel-flow [part~=dialog]')).toHaveCSS('outline-color', 'rgb(255, 0, 128)')
  })

  test('live CSS: a rule the browser drops and a declaration it cannot parse are reported by line', async ({ page, server }) => {
    await page.goto(`${server.url}/`)
    await page.getByText('Custom CSS').click()
    await page.locator('#custom-css').fill('windback-cancel-flow::part(close) { colr: red; }\n\nwindback-cancel-flow::part(back {\n')
    await expect(page.locator('#css-problems li')).toHaveText([/^Line 1: "colr: red" is not a valid declaration/, /^Line 3: /])
    await page.locator('#custom-css').fill('windback-cancel-flow { --wb-primary: #0f766e; }')
    await expect(page.locator('#css-problems li')).toHaveCount(0)
  })

  test('the config doctor shows a finding beside the JSON within a second of the edit', async ({ page, server }) => {
    await page.goto(`${server.url}/`)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await page.getByText('Config (JSON)').click()
    const box = page.locator('#config')
    const config = JSON.parse(await box.inputValue())
    config.reasons[0].offer_ids.push('discount_99')
    await box.fill(JSON.stringify(config, null, 2))
    await expect(page.locator('#config-errors li[data-severity=error]')).toHaveText(
      ['error missing-offer · reasons.0.offer_ids.2: Reason "too_expensive" lists offer "discount_99", which is not in offers.'],
      { timeout: 1000 },
    )
    await expect(page.locator('#findings-count')).toHaveText('1 error(s), 1 warning(s)')
  })

  test('a shared link restores the whole state in a fresh page', async ({ page, server, browser }) => {
    await page.goto(`${server.url}/`)
    await expect(page.locator('html')).toHaveAttribute('data-ready', 'true')
    await page.getByText('Config (JSON)').click()
    const config = JSON.parse(await page.locator('#config').inputValue())
    await page.locator('#config').fill(JSON.stringify({ ...config, title: 'Wait — before you go ✋' }, null, 2))
    await page.getByText('Custom CSS').click()
    await page.locator('#custom-css').fill('windback-cancel-flow::part(dialog) { border-radius: 2px; }')
    await page.getByLabel('Language').selectOption('fr')
    await page.getByLabel('Tenure (days)').fill('12')
    await page.getByLabel('Plan').fill('')
    await page.getByRole('tab', { name: 'Gallery: every step' }).click()
    const state = await page.evaluate(() => (window as any).workbench.state)
    expect(state).toMatchObject({ view: 'gallery', css: 'windback-cancel-flow::part(dialog) { border-radius: 2px; }', locale: 'fr', customer: { mrr: 4900, tenure_days: 12 } })
    await page.getByRole('button', { name: 'Copy link' }).click()
    const link = await page.locator('#share-url').inputValue()

    const fresh = await (await browser.newContext()).newPage()
    await fresh.goto(link)
    await expect(fresh.locator('html')).toHaveAttribute('data-ready', 'true')
    expect(await fresh.evaluate(() => (window as any).workbench.state)).toEqual(state)
    await expect(fresh.getByRole('tab', { name: 'Gallery: every step' })).toHaveAttribute('aria-selected', 'true')
    await expect(fresh.locator('#custom-css')).toHaveValue(state.css)
    expect((server.api.getConfig('pub_demo') as { title: string }).title).toBe('Wait — before you go ✋')
    await fresh.context().close()
  })
})
