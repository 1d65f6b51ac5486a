import { createRequire } from 'node:module'
import type { Page } from '@playwright/test'
import { animationsDone, expect, openEsmPage, part, settledReasonsPosts, test, type DevServer } from './fixtures.js'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

const PAUSE = { id: 'pause_any', type: 'pause', title: 'Take a break instead', description: 'No charges for {duration}.', cta: 'Pause', pause_months: 1, pause_months_options: [1, 2, 3] }
const DISCOUNT = { id: 'discount_growth', type: 'discount', title: '30% off for 3 months', percent_off: 30, duration_months: 3, eligibility: { plans: ['Growth'], min_mrr: 1000 } }

/** The test key's flow, with a pause offer leading and a discount only Growth customers may see. */
function useLeadConfig(server: DevServer) {
  server.api.setConfig('pub_test', {
    title: 'Before you go…',
    reasons: [
      { id: 'too_expensive', label: "It's too expensive", offer_ids: ['discount_growth', 'pause_any'], stripe_feedback: 'too_expensive' },
      { id: 'unused', label: 'Not using it enough', offer_ids: ['pause_any'], stripe_feedback: 'unused' },
      { id: 'other', label: 'Something else' },
    ],
    offers: [PAUSE, DISCOUNT],
    lead_offer_ids: ['pause_any'],
    theme: { primary_color: '#0f766e', mode: 'auto' },
  })
}

interface Customer {
  email: string
  plan_name?: string
  mrr?: number
  tenure_days?: number
}

/** Opens the flow from the ESM build; the result lands in `window.result`, analytics in `window.flowEvents`. */
async function openFlow(page: Page, server: DevServer, customer: Customer = { email: 'jane@example.com' }, locale = 'en') {
  await openEsmPage(page, server)
  await page.evaluate(
    ({ customer, locale }) => {
      const w = window as any
      w.flowEvents = []
      document.getElementById('trigger')!.focus()
      w.result = w.windback.openCancelFlow({
        publicKey: 'pub_test',
        apiBase: '/api/v1',
        locale,
        customer,
        onEvent: (event: { type: string }) => w.flowEvents.push(event),
      })
    },
    { customer, locale },
  )
  await expect(part(page, 'dialog')).toBeVisible()
}

const result = (page: Page) => page.evaluate(() => (window as any).result)
const flowEvents = (page: Page, type: string) => page.evaluate((type) => (window as any).flowEvents.filter((event: { type: string }) => event.type === type), type)

test.beforeEach(({ server }) => useLeadConfig(server))

test('a lead offer taken before any reason: retained with reason null, and the exact answer sent', async ({ page, server }) => {
  await openFlow(page, server)
  await expect(part(page, 'offer')).toHaveCount(1)
  await expect(part(page, 'reason')).toHaveCount(3)
  await expect(part(page, 'continue-cancel')).toBeVisible()
  await part(page, 'accept-offer').click()
  expect(await result(page)).toEqual({ outcome: 'retained', reason: null, offer: { ...PAUSE, pause_months: 1 } })
  expect(await settledReasonsPosts(page, server)).toEqual([201])
  expect(server.api.submissions()).toEqual([
    {
      submission_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      customer_email: 'jane@example.com',
      cancel_reason: null,
      selected_offer: 'pause_any',
      outcome: 'retained',
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    },
  ])
  expect(await flowEvents(page, 'offer_accepted')).toEqual([{ type: 'offer_accepted', offer: 'pause_any', reason: null, placement: 'lead', pause_months: 1 }])
})

test('with a lead offer shown, the first card holds the only filled button and cancelling still takes at most two presses', async ({ page, server }) => {
  for (const reason of [null, 'too_expensive', 'unused']) {
    await openFlow(page, server, { email: 'jane@example.com', plan_name: 'Growth', mrr: 4900 })
    await expect(part(page, 'dialog').locator('.wb-button-primary')).toHaveCount(1)
    await expect(part(page, 'offer').first().locator('[part~=accept-offer]')).toHaveClass(/wb-button-primary/)
    await expect(part(page, 'dialog').getByRole('heading', { name: 'Still want to cancel?' })).toBeVisible()
    if (reason) await part(page, 'reason').and(page.locator(`[value=${reason}]`)).check()
    let presses = 0
    while (!(await part(page, 'confirm-cancel').isVisible()) && presses < 3) {
      await part(page, 'continue-cancel').click()
      presses += 1
    }
    expect(presses).toBeLessThanOrEqual(2)
    if (reason === 'too_expensive') {
      // The pause already shown above the reasons is not offered again: only the discount was.
      expect((await flowEvents(page, 'offer_shown')).map((event: { offer: string; placement: string }) => `${event.placement}:${event.offer}`)).toEqual([
        'lead:pause_any',
        'reason:discount_growth',
      ])
    }
    await part(page, 'confirm-cancel').click()
    expect(await result(page)).toEqual({ outcome: 'cancelled', reason })
  }
})

test('eligibility: the Growth-only discount shows for a Growth customer and is hidden, with the reason why, for a Starter one', async ({ page, server }) => {
  await openFlow(page, server, { email: 'grow@example.com', plan_name: 'growth', mrr: 4900 })
  await part(page, 'reason').first().check()
  await part(page, 'continue-cancel').click()
  await expect(part(page, 'offer')).toHaveCount(1)
  await expect(part(page, 'offer')).toContainText('30% off for 3 months')
  expect(await flowEvents(page, 'offer_hidden')).toEqual([])

  await openFlow(page, server, { email: 'small@example.com', plan_name: 'Starter', mrr: 900 })
  await part(page, 'reason').first().check()
  await part(page, 'continue-cancel').click()
  // Its only other offer led the flow, so the reason goes straight to confirm.
  await expect(part(page, 'confirm-cancel')).toBeVisible()
  expect(await flowEvents(page, 'offer_hidden')).toEqual([
    { type: 'offer_hidden', offer: 'discount_growth', placement: 'reason', reason: 'too_expensive', unmet: ['plans', 'min_mrr'] },
  ])
})

test('eligibility by script tag: data-customer-plan-name and -mrr decide, and a link without them sees no conditional offer', async ({ page, server }) => {
  await page.goto(`${server.url}/pages/script-tag.html`)
  await page.evaluate(() => {
    document.getElementById('late-slot')!.innerHTML = `
      <a id="growth" href="/pages/after.html" data-windback-cancel data-customer-email="g@example.com" data-customer-plan-name="Growth" data-customer-mrr="4900">Cancel</a>
      <a id="starter" href="/pages/after.html" data-windback-cancel data-customer-email="s@example.com" data-customer-plan-name="Starter" data-customer-mrr="4900">Cancel</a>`
  })
  const offersAfterFirstReason = async (link: string) => {
    await page.click(link)
    await part(page, 'reason').first().check()
    await part(page, 'continue-cancel').click()
    await expect(part(page, 'offer').or(part(page, 'confirm-cancel')).first()).toBeVisible()
    const titles = await part(page, 'offer').locator('h3').allTextContents()
    await page.keyboard.press('Escape')
    await expect(page.locator('windback-cancel-flow')).toHaveCount(0)
    return titles
  }
  expect(await offersAfterFirstReason('#growth')).toEqual(['30% off for 3 months'])
  expect(await offersAfterFirstReason('#starter')).toEqual([])
  expect(await offersAfterFirstReason('#cancel-link')).toEqual([])
})

test('the pause length is picked by keyboard: the button says it, in the customer language too, and the result carries it', async ({ page, server }) => {
  await openFlow(page, server)
  const choices = part(page, 'pause-months')
  await expect(choices).toHaveCount(3)
  await expect(choices.first()).toBeChecked()
  await expect(part(page, 'dialog').getByRole('group', { name: 'How long?' })).toBeVisible()
  await expect(part(page, 'accept-offer')).toHaveText('Pause for 1 month')
  await choices.first().focus()
  await page.keyboard.press('ArrowRight')
  await expect(choices.nth(1)).toBeChecked()
  await expect(part(page, 'accept-offer')).toHaveText('Pause for 2 months')
  await expect(part(page, 'offer')).toContainText('No charges for 2 months.')
  await page.keyboard.press('Tab')
  await expect(part(page, 'accept-offer')).toBeFocused()
  await page.keyboard.press('Enter')
  const outcome = await result(page)
  expect(outcome.offer.pause_months).toBe(2)
  expect(await settledReasonsPosts(page, server)).toEqual([201])

  await openFlow(page, server, { email: 'jane@example.com' }, 'de')
  await part(page, 'pause-months').nth(2).check()
  await expect(part(page, 'accept-offer')).toHaveText('3 Monate pausieren')
})

for (const scheme of ['light', 'dark'] as const) {
  for (const locale of ['en', 'he'] as const) {
    for (const width of [320, 1280]) {
      test(`axe finds nothing on the first step with a lead offer (${scheme}, ${locale === 'he' ? 'RTL' : 'LTR'}, ${width} px), screenshot kept`, async ({ page, server }, testInfo) => {
        await page.setViewportSize({ width, height: width === 320 ? 640 : 900 })
        await page.emulateMedia({ colorScheme: scheme })
        await openFlow(page, server, { email: 'jane@example.com', plan_name: 'Growth', mrr: 4900 }, locale)
        await expect(part(page, 'dialog')).toHaveAttribute('dir', locale === 'he' ? 'rtl' : 'ltr')
        await page.addScriptTag({ path: axePath })
        await animationsDone(page)
        const violations = await page.evaluate(async () => {
          const results = await (window as any).axe.run(
            { include: [['windback-cancel-flow', '.wb-dialog']] },
            { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
          )
          return results.violations.map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`)
        })
        expect(violations).toEqual([])
        const overflow = await part(page, 'dialog').evaluate((dialog) => dialog.querySelector('.wb-body')!.scrollWidth - dialog.querySelector('.wb-body')!.clientWidth)
        expect(overflow).toBeLessThanOrEqual(0)
        await page.screenshot({ path: testInfo.outputPath(`lead-${scheme}-${locale}-${width}.png`) })
      })
    }
  }
}
