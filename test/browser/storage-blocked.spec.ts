import { expect, test } from './fixtures.js'

// In <iframe sandbox="allow-scripts"> the frame has an opaque origin: reading localStorage throws.
test('in a sandboxed iframe without storage, an answer that cannot be sent is kept for the page with one console warning', async ({ page, server }) => {
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('[windback]')) warnings.push(message.text())
  })
  server.api.setFaults({ reasons: { status: 503 } })
  await page.goto(`${server.url}/pages/blank.html`)
  await page.evaluate((origin) => {
    const frame = document.createElement('iframe')
    frame.setAttribute('sandbox', 'allow-scripts')
    frame.style.cssText = 'width: 100%; height: 600px'
    frame.srcdoc = `<!doctype html><script type="module">
      let blocked = 'readable'
      try { localStorage.length } catch (error) { blocked = error.name }
      // An opaque origin loads module scripts with CORS: from dist/ as a CDN serves it.
      const { openCancelFlow } = await import('${origin}/cors/dist/index.js')
      window.result = openCancelFlow({ publicKey: 'pub_test', apiBase: '${origin}/api/v1', customer: { email: 'jane@example.com' } })
      document.title = blocked
    </script>`
    document.body.append(frame)
  }, server.url)
  await expect.poll(() => page.frames()[1]?.title()).toBe('SecurityError')
  await page.frameLocator('iframe').locator('windback-cancel-flow [part~="continue-cancel"]').click()
  await page.frameLocator('iframe').locator('windback-cancel-flow [part~="confirm-cancel"]').click()
  await expect.poll(() => server.api.log().filter((entry) => entry.path === '/cancel-flow/reasons').length).toBeGreaterThanOrEqual(2)
  expect(warnings.filter((text) => text.includes('localStorage'))).toEqual([
    '[windback] localStorage is unavailable or full: unsent cancel-flow answers are kept for this page only.',
  ])
})
