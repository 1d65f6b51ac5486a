import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import { animationsDone, expect, openEsmPage, part, test, type DevServer } from './fixtures.js'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

async function openFlow(page: Page, server: DevServer, locale = 'en') {
  await openEsmPage(page, server)
  await page.addScriptTag({ path: axePath })
  await page.evaluate((locale) => {
    document.getElementById('trigger')!.focus()
    ;(window as any).result = (window as any).windback.openCancelFlow({
      publicKey: 'pub_test',
      apiBase: '/api/v1',
      locale,
      customer: { email: 'jane@example.com' },
    })
  }, locale)
  await expect(part(page, 'dialog')).toBeVisible()
}

/** axe-core inside the modal's shadow root: WCAG 2.x A and AA rules. */
async function axeViolations(page: Page) {
  // Animations finish first, so colours are measured as the customer sees them.
  await animationsDone(page)
  return page.evaluate(async () => {
    const results = await (window as any).axe.run(
      { include: [['windback-cancel-flow', '.wb-dialog']] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
    )
    return results.violations.map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`)
  })
}

for (const scheme of ['light', 'dark'] as const) {
  for (const locale of ['en', 'he'] as const) {
    test(`axe finds nothing at any step (${scheme}, ${locale === 'he' ? 'RTL' : 'LTR'})`, async ({ page, server }) => {
      await page.emulateMedia({ colorScheme: scheme })
      // The config says light; let the customer's scheme decide here.
      server.api.setConfig('pub_test', { ...(server.api.getConfig('pub_test') as object), theme: { primary_color: '#0f766e', mode: 'auto' } })
      await openFlow(page, server, locale)
      await expect(part(page, 'dialog')).toHaveAttribute('dir', locale === 'he' ? 'rtl' : 'ltr')
      expect(await axeViolations(page)).toEqual([])
      await part(page, 'reason').first().check()
      await expect(part(page, 'feedback')).toBeVisible()
      expect(await axeViolations(page)).toEqual([])
      await part(page, 'continue-cancel').click()
      await expect(part(page, 'offer')).toHaveCount(2)
      expect(await axeViolations(page)).toEqual([])
      await part(page, 'continue-cancel').click()
      await expect(part(page, 'confirm-cancel')).toBeVisible()
      expect(await axeViolations(page)).toEqual([])
    })
  }
}

test.describe('keyboard only', () => {
  test('retained: Tab to the reasons, arrows pick, Space selects, Enter accepts the offer', async ({ page, server }) => {
    await openFlow(page, server)
    await expect(page.locator('windback-cancel-flow h2')).toBeFocused()
    await page.keyboard.press('Tab') // close button
    await page.keyboard.press('Tab') // first reason (radio group stop)
    await page.keyboard.press('Space')
    await expect(part(page, 'reason').first()).toBeChecked()
    await page.keyboard.press('ArrowDown')
    await expect(part(page, 'reason').nth(1)).toBeChecked()
    await page.keyboard.press('ArrowUp')
    await expect(part(page, 'reason').first()).toBeChecked()
    await page.keyboard.press('Tab') // feedback
    await page.keyboard.type('too pricey')
    await page.keyboard.press('Tab') // continue
    await page.keyboard.press('Enter')
    await expect(page.locator('windback-cancel-flow h2')).toBeFocused()
    await expect(page.locator('windback-cancel-flow [aria-live]')).toHaveText('Step 2 of 3')
    await page.keyboard.press('Tab') // back
    await page.keyboard.press('Tab') // close
    await page.keyboard.press('Tab') // first offer's accept
    await expect(part(page, 'accept-offer').first()).toBeFocused()
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => (window as any).result)).toMatchObject({ outcome: 'retained', reason: 'too_expensive', feedback: 'too pricey' })
    await expect(page.locator('#trigger')).toBeFocused()
  })

  test('cancelled without a reason, and Shift+Tab wraps to the last button', async ({ page, server }) => {
    await openFlow(page, server)
    await page.keyboard.press('Shift+Tab')
    await expect(part(page, 'continue-cancel')).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.locator('windback-cancel-flow h2')).toHaveText('Cancel your subscription?')
    await expect(page.locator('windback-cancel-flow h2')).toBeFocused()
    await page.keyboard.press('Shift+Tab')
    await expect(part(page, 'confirm-cancel')).toBeFocused()
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'cancelled', reason: null })
  })

  test('dismissed with Escape from the offers step', async ({ page, server }) => {
    await openFlow(page, server)
    await part(page, 'reason').first().focus()
    await page.keyboard.press('Space')
    await part(page, 'continue-cancel').focus()
    await page.keyboard.press('Enter')
    await expect(part(page, 'offer')).toHaveCount(2)
    await page.keyboard.press('Escape')
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'dismissed' })
    await expect(page.locator('#trigger')).toBeFocused()
  })
})

test('a flow closed before its first frame leaves the page scrollable', async ({ page, server }) => {
  await openEsmPage(page, server)
  const overflow = await page.evaluate(async () => {
    const flow = (window as any).windback.createCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
    await flow.preload()
    const shown = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => document.querySelector('windback-cancel-flow') && (observer.disconnect(), resolve()))
      observer.observe(document.body, { childList: true })
    })
    const done = flow.open()
    await shown
    flow.close()
    await done
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    return getComputedStyle(document.documentElement).overflow
  })
  expect(overflow).toBe('visible')
})

test('the page behind is inert and does not scroll while the flow is open', async ({ page, server }) => {
  await openFlow(page, server)
  // From the dialog's first frame on (the lock waits for it, so the dialog shows sooner).
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).overflow)).toBe('hidden')
  // The modal <dialog> blocks the rest of the document: nothing there can take focus.
  expect(await page.evaluate(() => {
    const trigger = document.getElementById('trigger')!
    trigger.focus()
    return document.activeElement === trigger
  })).toBe(false)
  const targets = await part(page, 'close').evaluate((close) => {
    const root = close.getRootNode() as ShadowRoot
    return [...root.querySelectorAll('button, label.wb-reason')].map((element) => {
      const box = element.getBoundingClientRect()
      return Math.min(box.width, box.height)
    })
  })
  expect(Math.min(...targets)).toBeGreaterThanOrEqual(24)
})

test.describe('languages', () => {
  const cases = [
    ['fr', 'Pourquoi résiliez-vous ?', '30 % de réduction pendant 3 mois'],
    ['de', 'Warum kündigen Sie?', '30 % Rabatt für 3 Monate'],
    ['ja', '解約の理由を教えてください', '3か月間 30%オフ'],
    ['ar', 'لماذا تلغي اشتراكك؟', `خصم ${new Intl.NumberFormat('ar', { style: 'percent' }).format(0.3)} لمدة ${new Intl.NumberFormat('ar').format(3)} أشهر`],
  ] as const
  for (const [locale, legend, chip] of cases) {
    test(`${locale}: the widget's strings and Intl-formatted offers`, async ({ page, server }) => {
      await openFlow(page, server, locale)
      await expect(page.locator('windback-cancel-flow legend')).toHaveText(legend)
      await part(page, 'reason').first().check()
      await part(page, 'continue-cancel').click()
      await expect(part(page, 'offer').first().locator('.wb-chip')).toHaveText(chip)
    })
  }

  test('falls back from an unsupported locale to the browser language, then English', async ({ page, server }) => {
    await openFlow(page, server, 'sv-SE')
    await expect(page.locator('windback-cancel-flow legend')).toHaveText('Why are you cancelling?')
  })

  test('a language file that cannot load: English strings, and lang says English when all text is ours', async ({ page, server }) => {
    await page.route('**/locales/fr.js', (route) => route.abort('connectionreset'))
    server.api.setFaults({ config: { status: 500 } })
    await openFlow(page, server, 'fr')
    await expect(page.locator('windback-cancel-flow legend')).toHaveText('Why are you cancelling?')
    await expect(part(page, 'dialog')).toHaveAttribute('lang', 'en')
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await page.evaluate(() => (window as any).result)).toEqual({ outcome: 'cancelled', reason: null })
  })

  test('the built-in reasons are translated when the config cannot be loaded', async ({ page, server }) => {
    server.api.setFaults({ config: { status: 500 } })
    await openFlow(page, server, 'es')
    await expect(part(page, 'reason').first().locator('xpath=..')).toHaveText('Es demasiado caro')
    await expect(part(page, 'dialog')).toHaveAttribute('lang', 'es')
  })
})

test.describe('layout per script', () => {
  for (const locale of ['fr', 'ja', 'ar'] as const) {
    for (const width of [320, 1280]) {
      test(`${locale} at ${width} px: nothing cut off, screenshot kept`, async ({ page, server }, testInfo) => {
        await page.setViewportSize({ width, height: width === 320 ? 640 : 800 })
        await openFlow(page, server, locale)
        await part(page, 'reason').first().check()
        await part(page, 'continue-cancel').click()
        await expect(part(page, 'offer')).toHaveCount(2)
        const overflow = await part(page, 'dialog').evaluate((dialog) => {
          const box = dialog.getBoundingClientRect()
          const body = dialog.querySelector('.wb-body')!
          return { left: box.left, right: box.right, bodyOverflow: body.scrollWidth - body.clientWidth }
        })
        expect(overflow.left).toBeGreaterThanOrEqual(0)
        expect(overflow.right).toBeLessThanOrEqual(width)
        expect(overflow.bodyOverflow).toBeLessThanOrEqual(0)
        await animationsDone(page)
        await page.screenshot({ path: testInfo.outputPath(`offers-${locale}-${width}.png`) })
      })
    }
  }
})

test('a right-to-left language the widget has no strings for still renders right-to-left', async ({ page, server }) => {
  await openFlow(page, server, 'fa')
  await expect(part(page, 'dialog')).toHaveAttribute('dir', 'rtl')
  await expect(part(page, 'dialog')).toHaveAttribute('lang', 'fa')
  await expect(page.locator('windback-cancel-flow legend')).toHaveText('Why are you cancelling?')
})

test('Windows high contrast (forced-colors): buttons and the chosen reason keep visible edges', async ({ page, server }) => {
  await page.emulateMedia({ forcedColors: 'active' })
  await openFlow(page, server)
  await part(page, 'reason').first().check()
  const chosen = await page.locator('windback-cancel-flow label.wb-reason').first().evaluate((label) => getComputedStyle(label).outlineStyle)
  expect(chosen).toBe('solid')
  for (const name of ['close', 'continue-cancel']) {
    expect(await part(page, name).evaluate((button) => getComputedStyle(button).borderTopStyle)).toBe('solid')
  }
})

test('at 200 % zoom (640 × 400 CSS px) every step fits and its actions stay reachable', async ({ page, server }) => {
  await page.setViewportSize({ width: 640, height: 400 })
  await openFlow(page, server)
  await part(page, 'reason').first().check()
  for (const action of ['continue-cancel', 'continue-cancel', 'confirm-cancel']) {
    const button = part(page, action)
    await expect(button).toBeInViewport()
    const box = await part(page, 'dialog').boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(640)
    expect(box!.y + box!.height).toBeLessThanOrEqual(400)
    if (action !== 'confirm-cancel') await button.click()
  }
})

test.describe('contrast for any primary colour', () => {
  const primaries = ['#4f46e5', '#facc15', '#0ea5e9', '#22c55e', '#111111', '#ffffff', '#ff00ff']
  for (const scheme of ['light', 'dark'] as const) {
    test(`the button is filled with the primary colour, its text ≥ 4.5:1 and focus ring ≥ 3:1 against the dialog (${scheme})`, async ({ page, server }) => {
      await page.emulateMedia({ colorScheme: scheme })
      const failures: string[] = []
      for (const primary of primaries) {
        server.api.setConfig('pub_test', { ...(server.api.getConfig('pub_test') as object), theme: { primary_color: primary, mode: 'auto' } })
        await openFlow(page, server)
        // From the heading, Shift+Tab wraps to the last button: keyboard focus, so :focus-visible.
        await page.keyboard.press('Shift+Tab')
        await expect(part(page, 'continue-cancel')).toBeFocused()
        const colours = await part(page, 'continue-cancel').evaluate((button, primary) => {
          // Resolve any CSS colour (color-mix, light-dark) to sRGB channels through a canvas.
          const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!
          const rgb = (css: string) => {
            context.clearRect(0, 0, 1, 1)
            context.fillStyle = css
            context.fillRect(0, 0, 1, 1)
            return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)]
          }
          const style = getComputedStyle(button)
          const dialog = button.closest('dialog')!
          return {
            primary: rgb(primary),
            text: rgb(style.color),
            fill: rgb(style.backgroundColor),
            ring: rgb(style.outlineColor),
            surface: rgb(getComputedStyle(dialog).backgroundColor),
          }
        }, primary)
        const luminance = ([r, g, b]: number[]) =>
          [r!, g!, b!].map((channel) => {
            const c = channel / 255
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
          }).reduce((sum, c, index) => sum + c * [0.2126, 0.7152, 0.0722][index]!, 0)
        const ratio = (a: number[], b: number[]) => {
          const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x)
          return (high! + 0.05) / (low! + 0.05)
        }
        // Contrast is reached by the text colour, never by repainting the merchant's brand colour.
        if (colours.fill.join() !== colours.primary.join()) failures.push(`${primary}: filled with rgb(${colours.fill.join()})`)
        if (ratio(colours.text, colours.fill) < 4.5) failures.push(`${primary}: text ${ratio(colours.text, colours.fill).toFixed(2)}`)
        if (ratio(colours.ring, colours.surface) < 3) failures.push(`${primary}: ring ${ratio(colours.ring, colours.surface).toFixed(2)}`)
        await part(page, 'close').click()
      }
      expect(failures).toEqual([])
    })
  }
})
