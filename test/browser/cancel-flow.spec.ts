import type { Page } from '@playwright/test'
import { DELIVERED_WITH_LEAVING_COPY, expect, openEsmPage, part, reasonsPosts, settledReasonsPosts, test, type DevServer } from './fixtures.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** Opens the flow from the ESM build; the result lands in `window.result`. */
async function openFromEsm(page: Page, server: DevServer, customer = { email: 'jane@example.com', name: 'Jane Smith' }) {
  await openEsmPage(page, server)
  await page.evaluate((customer) => {
    const button = document.getElementById('trigger')!
    button.focus()
    ;(window as any).result = (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer })
  }, customer)
  await expect(part(page, 'dialog')).toBeVisible()
}

const result = (page: Page) => page.evaluate(() => (window as any).result)

async function waitForSubmissions(server: DevServer, count: number) {
  await expect.poll(() => server.api.submissions().length).toBe(count)
  return server.api.submissions()
}

test.describe('script tag (UMD)', () => {
  test('defines window.Windback and completes a retained flow with the exact request body', async ({ page, server }) => {
    await page.goto(`${server.url}/pages/script-tag.html`)
    expect(await page.evaluate(() => Object.keys((window as any).Windback).sort())).toEqual(
      expect.arrayContaining(['WindbackError', 'createCancelFlow', 'openCancelFlow']),
    )
    await page.click('#cancel-link')
    await expect(part(page, 'dialog')).toBeVisible()
    await expect(page.locator('windback-cancel-flow [part~=dialog]')).toHaveAttribute('role', 'dialog')
    await expect(part(page, 'reason')).toHaveCount(3)
    await part(page, 'reason').first().check()
    await part(page, 'feedback').fill('budget is tight')
    await part(page, 'continue-cancel').click()
    await expect(part(page, 'offer')).toHaveCount(2)
    await part(page, 'offer').first().locator('[part~=accept-offer]').click()
    await expect(page.locator('windback-cancel-flow')).toHaveCount(0)

    const outcomes = await page.evaluate(() => (window as any).outcomes)
    expect(outcomes).toEqual([
      {
        type: 'windback:retained',
        detail: {
          outcome: 'retained',
          reason: 'too_expensive',
          feedback: 'budget is tight',
          offer: { id: 'discount_30', type: 'discount', title: '30% off for 3 months', description: 'Keep everything for less.', cta: 'Apply discount', percent_off: 30, duration_months: 3 },
        },
      },
    ])
    expect(page.url()).toContain('/pages/script-tag.html')
    const [submission] = await waitForSubmissions(server, 1)
    expect(submission).toEqual({
      submission_id: expect.stringMatching(UUID),
      customer_email: 'jane@example.com',
      customer_name: 'Jane Smith',
      cancel_reason: 'too_expensive',
      stripe_feedback: 'too_expensive',
      feedback_text: 'budget is tight',
      selected_offer: 'discount_30',
      outcome: 'retained',
      occurred_at: expect.stringMatching(ISO_TIME),
    })
    expect(await settledReasonsPosts(page, server)).toEqual([201])
    const [post] = reasonsPosts(server)
    expect(post?.key).toBe('pub_test')
    expect(post?.body).toEqual(submission)
  })

  test('intent preloads: nothing is fetched at load, the config on hover or focus, and the click reuses it', async ({ page, server }) => {
    const configRequests = () => server.api.log().filter((entry) => entry.path === '/cancel-flow/config/pub_test').length
    await page.goto(`${server.url}/pages/script-tag.html`)
    await page.waitForFunction(() => 'Windback' in window)
    expect(configRequests()).toBe(0)
    await page.hover('#cancel-link')
    await expect.poll(configRequests).toBe(1)
    await page.click('#cancel-link')
    await expect(part(page, 'reason')).toHaveCount(3)
    expect(configRequests()).toBe(1)
    await page.keyboard.press('Escape')

    // By keyboard: focus is intent too (a form's submit button, another customer: its own flow).
    await page.focus('#cancel-button')
    await expect.poll(configRequests).toBe(2)
  })

  test('cancelled: the link navigates to its href afterwards and the answer arrives once', async ({ page, server }) => {
    await page.goto(`${server.url}/pages/script-tag.html`)
    await page.click('#cancel-link')
    await part(page, 'reason').nth(1).check()
    await part(page, 'continue-cancel').click()
    await Promise.all([page.waitForURL('**/pages/after.html?via=link'), part(page, 'confirm-cancel').click()])
    const [submission] = await waitForSubmissions(server, 1)
    expect(submission).toMatchObject({ cancel_reason: 'missing_features', stripe_feedback: 'missing_features', outcome: 'cancelled', selected_offer: null })
    expect(DELIVERED_WITH_LEAVING_COPY).toContainEqual(await settledReasonsPosts(page, server, { outboxDrained: false }))
  })

  test('cancelled from a submit button: the form is submitted afterwards', async ({ page, server }) => {
    await page.goto(`${server.url}/pages/script-tag.html`)
    await page.click('#cancel-button')
    await part(page, 'continue-cancel').click()
    await Promise.all([page.waitForURL('**/pages/after.html?via=form'), part(page, 'confirm-cancel').click()])
    const [submission] = await waitForSubmissions(server, 1)
    expect(submission).toMatchObject({ customer_email: 'sam@example.com', cancel_reason: null, outcome: 'cancelled' })
  })

  test('dismissed: nothing else happens, nothing is sent, focus returns to the link', async ({ page, server }) => {
    await page.goto(`${server.url}/pages/script-tag.html`)
    await page.focus('#cancel-link')
    await page.keyboard.press('Enter')
    await expect(part(page, 'dialog')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.locator('windback-cancel-flow')).toHaveCount(0)
    await expect(page.locator('#cancel-link')).toBeFocused()
    expect(await page.evaluate(() => (window as any).outcomes)).toEqual([{ type: 'windback:dismissed', detail: { outcome: 'dismissed' } }])
    expect(page.url()).toContain('/pages/script-tag.html')
    expect(reasonsPosts(server)).toHaveLength(0)
  })

  test('a link added after load opens the flow too; the backdrop dismisses it', async ({ page, server }) => {
    await page.goto(`${server.url}/pages/script-tag.html`)
    await page.evaluate(() => {
      document.getElementById('late-slot')!.innerHTML =
        '<a id="late" href="/pages/after.html?via=late" data-windback-cancel data-customer-email="late@example.com"><span>Cancel</span></a>'
    })
    await page.click('#late span')
    await expect(part(page, 'dialog')).toBeVisible()
    await page.mouse.click(5, 5)
    await expect(page.locator('windback-cancel-flow')).toHaveCount(0)
    expect(await page.evaluate(() => (window as any).outcomes.map((o: { type: string }) => o.type))).toEqual(['windback:dismissed'])
  })

  test('a missing customer e-mail gives windback:error and the page\'s own cancel path runs', async ({ page, server }) => {
    await page.goto(`${server.url}/pages/script-tag.html`)
    // The link navigates away: what the page heard is kept in sessionStorage, which the next page can read.
    await page.evaluate(() =>
      document.addEventListener('windback:error', (event) => {
        const { outcome, error } = (event as CustomEvent).detail
        sessionStorage.setItem('heard', JSON.stringify({ outcome, name: error.name, code: error.code, target: (event.target as Element).id }))
      }),
    )
    await Promise.all([page.waitForURL('**/pages/after.html?via=no-email'), page.click('#no-email')])
    expect(JSON.parse((await page.evaluate(() => sessionStorage.getItem('heard'))) ?? 'null')).toEqual({
      outcome: 'error',
      name: 'WindbackError',
      code: 'INVALID_OPTIONS',
      target: 'no-email',
    })
    expect(server.api.log().filter((entry) => entry.path.startsWith('/cancel-flow'))).toHaveLength(0)
  })
})

test.describe('ESM build', () => {
  test('no reason picked: Continue, then confirm, resolves cancelled with reason null', async ({ page, server }) => {
    await openFromEsm(page, server)
    await expect(page.locator('windback-cancel-flow')).toHaveCount(1)
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await result(page)).toEqual({ outcome: 'cancelled', reason: null })
    const [submission] = await waitForSubmissions(server, 1)
    expect(submission).toEqual({
      submission_id: expect.stringMatching(UUID),
      customer_email: 'jane@example.com',
      customer_name: 'Jane Smith',
      cancel_reason: null,
      selected_offer: null,
      outcome: 'cancelled',
      occurred_at: expect.stringMatching(ISO_TIME),
    })
    await expect(page.locator('#trigger')).toBeFocused()
  })

  test('the close button dismisses; Tab stays inside the dialog', async ({ page, server }) => {
    await openFromEsm(page, server)
    for (let press = 0; press < 8; press += 1) {
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('windback-cancel-flow')
    }
    await part(page, 'close').click()
    expect(await result(page)).toEqual({ outcome: 'dismissed' })
    expect(reasonsPosts(server)).toHaveLength(0)
  })

  test('an sk_ key is refused before any request is made', async ({ page, server }) => {
    await openEsmPage(page, server)
    const error = await page.evaluate(() =>
      (window as any).windback
        .openCancelFlow({ publicKey: 'sk_live_123', customer: { email: 'jane@example.com' }, apiBase: '/api/v1' })
        .catch((e: any) => ({ name: e.name, code: e.code, message: e.message })),
    )
    expect(error).toMatchObject({ name: 'WindbackError', code: 'INVALID_KEY', message: expect.stringContaining('must never reach a browser') })
    expect(server.api.log()).toHaveLength(0)
  })
})

test('a modal chunk that cannot load resolves outcome error (RENDER_ERROR), so the page can fall back', async ({ page, server }) => {
  await page.route('**/chunks/modal-*.js', (route) => route.abort('connectionreset'))
  await openEsmPage(page, server)
  const outcome = await page.evaluate(async () => {
    const result = await (window as any).windback.openCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
    return { outcome: result.outcome, code: result.error?.code, hosts: document.querySelectorAll('windback-cancel-flow').length }
  })
  expect(outcome).toEqual({ outcome: 'error', code: 'RENDER_ERROR', hosts: 0 })
  expect(reasonsPosts(server)).toHaveLength(0)
})

test.describe('config failures still let the customer cancel', () => {
  const cases = [
    ['a 500', { config: { status: 500 } }],
    ['a timeout', { config: { delayMs: 6_000 } }],
    ['malformed JSON', { config: { malformed: true } }],
  ] as const
  for (const [name, faults] of cases) {
    test(`after ${name}: default reasons, and cancel works`, async ({ page, server }) => {
      server.api.setFaults(faults)
      await openFromEsm(page, server)
      await expect(part(page, 'reason')).toHaveCount(8)
      await part(page, 'reason').first().check()
      await part(page, 'continue-cancel').click()
      await part(page, 'confirm-cancel').click()
      expect(await result(page)).toEqual({ outcome: 'cancelled', reason: 'too_expensive' })
      const [submission] = await waitForSubmissions(server, 1)
      expect(submission).toMatchObject({ cancel_reason: 'too_expensive', stripe_feedback: 'too_expensive', outcome: 'cancelled' })
    })
  }

  test('after a schema-invalid config: default reasons, and cancel works', async ({ page, server }) => {
    server.api.setConfig('pub_test', { title: 'Broken', reasons: 'none' })
    await openFromEsm(page, server)
    await expect(part(page, 'reason')).toHaveCount(8)
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await result(page)).toEqual({ outcome: 'cancelled', reason: null })
  })
})

test.describe('durable submission', () => {
  test('reasons POST failing twice with 503 is retried with the same submission_id and arrives once', async ({ page, server }) => {
    server.api.setFaults({ reasons: { status: 503, times: 2 } })
    await openFromEsm(page, server)
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await result(page)).toEqual({ outcome: 'cancelled', reason: null })
    const [submission] = await waitForSubmissions(server, 1)
    expect(await settledReasonsPosts(page, server)).toEqual([503, 503, 201])
    // Each attempt waits for the backoff (half a second or more after a failure): none is a second, parallel send.
    const startedAt = reasonsPosts(server).map((post) => Date.parse(post.at))
    expect(Math.min(...startedAt.slice(1).map((time, index) => time - startedAt[index]!))).toBeGreaterThanOrEqual(400)
    const ids = new Set(reasonsPosts(server).map((post) => (post.body as { submission_id: string }).submission_id))
    expect([...ids]).toEqual([submission?.submission_id])
  })

  test('an answer given while offline survives a reload and is recorded exactly once', async ({ page, server, context }) => {
    await openFromEsm(page, server)
    await context.setOffline(true)
    await part(page, 'reason').first().check()
    await part(page, 'continue-cancel').click()
    await part(page, 'continue-cancel').click()
    await part(page, 'confirm-cancel').click()
    expect(await result(page)).toMatchObject({ outcome: 'cancelled' })
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('windback:outbox:v1') ?? '[]'))
    expect(stored).toHaveLength(1)
    expect(server.api.submissions()).toHaveLength(0)

    await context.setOffline(false)
    await page.reload()
    // Loading the package is not enough to send (no work at import); the first call resumes the outbox.
    await page.waitForFunction(() => 'windback' in window)
    await page.evaluate(() => (window as any).windback.createCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } }).preload())
    const [submission] = await waitForSubmissions(server, 1)
    expect(submission?.submission_id).toBe(JSON.parse(stored[0].body).submission_id)
    // Offline, no attempt reached the server; the reloaded page, online again, may send a keepalive copy as it goes.
    const statuses = await settledReasonsPosts(page, server)
    expect(DELIVERED_WITH_LEAVING_COPY).toContainEqual(statuses)
    expect(new Set(reasonsPosts(server).map((post) => (post.body as { submission_id: string }).submission_id))).toEqual(new Set([submission?.submission_id]))
  })

  for (const [next, title] of [
    ['script-tag.html', 'with data-public-key'],
    ['umd-only.html', 'without data-public-key, on a page that makes no call'],
  ] as const) {
  test(`by script tag, a pending answer is resent on the next page load without a click (${title})`, async ({ page, server }) => {
    server.api.setFaults({ reasons: { offline: true } })
    await page.goto(`${server.url}/pages/script-tag.html`)
    await page.click('#cancel-link')
    await part(page, 'continue-cancel').click()
    await Promise.all([page.waitForURL('**/pages/after.html?via=link'), part(page, 'confirm-cancel').click()])
    expect(server.api.submissions()).toHaveLength(0)
    server.api.setFaults({})
    await page.goto(`${server.url}/pages/${next}`)
    const [submission] = await waitForSubmissions(server, 1)
    expect(submission).toMatchObject({ outcome: 'cancelled', customer_email: 'jane@example.com' })
    // The attempts cut off on the first page (status 0) aside; its keepalive copy may land after the fault cleared.
    expect(DELIVERED_WITH_LEAVING_COPY).toContainEqual((await settledReasonsPosts(page, server)).filter((status) => status !== 0))
    // Only the first page, which showed the flow, fetched a config: delivering needs none.
    expect(server.api.log().filter((entry) => entry.path.startsWith('/cancel-flow/config/'))).toHaveLength(1)
  })
  }
})
