import type { FrameLocator, Page } from '@playwright/test'
import { expect, test, type DevServer } from './fixtures.js'

const flowPart = (frame: FrameLocator | Page, name: string) => frame.locator(`windback-cancel-flow [part~="${name}"]`)

test.describe('npm start demo', () => {
  test('opens from the billing page, restyles live from the playground, and logs the cancel', async ({ page, server }) => {
    await page.goto(`${server.url}/`)
    const billing = page.frameLocator('#billing')
    await billing.getByRole('link', { name: 'Cancel subscription' }).click()
    await expect(flowPart(billing, 'reason')).toHaveCount(8)
    // The lead pause offer's button is the first step's one filled button.
    const leadButton = flowPart(billing, 'accept-offer')
    await expect(leadButton).toHaveCSS('background-color', 'rgb(79, 70, 229)')

    await page.locator('input[name="primary_color"]').fill('#dc2626')
    await expect(leadButton).toHaveCSS('background-color', 'rgb(220, 38, 38)')
    await expect(page.locator('#snippet')).toContainText('data-public-key="pub_demo"')
    await page.getByRole('tab', { name: 'CSS' }).click()
    await expect(page.locator('#snippet')).toContainText('--wb-primary: #dc2626;')

    await flowPart(billing, 'reason').nth(2).check()
    await flowPart(billing, 'continue-cancel').click()
    await flowPart(billing, 'continue-cancel').click()
    await flowPart(billing, 'confirm-cancel').click()
    await expect(page.locator('#outcome')).toContainText('"outcome":"cancelled"')
    await expect(page.locator('#log')).toContainText('POST /cancel-flow/reasons  → 201')
    await expect(page.locator('#log')).toContainText('"cancel_reason": "missing_features"')
  })

  test('the customer fields preview eligibility: a short tenure hides the pause offer, and the playground says why', async ({ page, server }) => {
    await page.goto(`${server.url}/`)
    await page.getByRole('button', { name: 'Open the cancel flow' }).click()
    const billing = page.frameLocator('#billing')
    await expect(flowPart(billing, 'offer')).toHaveCount(1)
    await expect(page.locator('#offer-report')).toContainText('pause (lead): shown')

    await page.getByLabel('Tenure (days)').fill('10')
    await expect(page.locator('#offer-report')).toContainText('pause (lead): hidden, not met: min_tenure_days')
    await expect(flowPart(billing, 'offer')).toHaveCount(0)
    await expect(flowPart(billing, 'reason')).toHaveCount(8)
    await page.getByRole('tab', { name: 'npm / ESM' }).click()
    await expect(page.locator('#snippet')).toContainText('plan_name: "Growth", mrr: 4900, tenure_days: 10')
  })

  test('shows inline errors for an invalid config and keeps the last good one', async ({ page, server }) => {
    await page.goto(`${server.url}/`)
    await page.getByText('Config (JSON)').click()
    await page.locator('#config').fill('{ "title": "x", "reasons": [] }')
    await expect(page.locator('#config-errors')).toContainText('reasons')
    await page.locator('#config').fill('{ "title": ')
    await expect(page.locator('#config-errors')).toContainText('Not valid JSON')
    expect((server.api.getConfig('pub_demo') as { reasons: unknown[] }).reasons).toHaveLength(8)
  })

  test('a fault toggle makes the config fail and the flow still opens with default reasons', async ({ page, server }) => {
    await page.goto(`${server.url}/`)
    await page.getByText('Network faults').click()
    await page.getByLabel('Config request answers 500').check()
    await expect.poll(() => server.api.getFaults()).toEqual({ config: { status: 500 } })
    await page.getByRole('button', { name: 'Open the cancel flow' }).click()
    const billing = page.frameLocator('#billing')
    await expect(flowPart(billing, 'reason').first()).toBeVisible()
    await expect(flowPart(billing, 'reason').first().locator('xpath=..')).toContainText('It’s too expensive')
  })
})

async function runExample(page: Page, server: DevServer, path: string) {
  await page.goto(`${server.url}${path}`)
  await page.getByRole('button', { name: 'Cancel subscription' }).click()
  await expect(flowPart(page, 'reason')).toHaveCount(8)
}

for (const framework of ['react', 'vue'] as const) {
  test.describe(`${framework} example`, () => {
    test('retained: the accepted offer is applied', async ({ page, server }) => {
      await runExample(page, server, `/examples/${framework}/`)
      await flowPart(page, 'reason').first().check()
      await flowPart(page, 'continue-cancel').click()
      await flowPart(page, 'accept-offer').first().click()
      await expect(page.getByTestId('status')).toHaveText('Retained: applying "30% off your next 3 months".')
      await expect.poll(() => server.api.submissions().map((submission) => submission.outcome)).toEqual(['retained'])
    })

    test('cancelled: the host is told to cancel', async ({ page, server }) => {
      await runExample(page, server, `/examples/${framework}/`)
      await flowPart(page, 'continue-cancel').click()
      await flowPart(page, 'confirm-cancel').click()
      await expect(page.getByTestId('status')).toHaveText('Cancelled (reason: none given). Your backend cancels the subscription now.')
      await expect.poll(() => server.api.submissions().map((submission) => submission.outcome)).toEqual(['cancelled'])
    })
  })
}
