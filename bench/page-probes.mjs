// Measurements taken inside a Chromium page that has `window.windback` (the built main entry),
// shared by `npm run bench` and the leak test.

/**
 * Heap, listener and node counts after a forced garbage collection (Chrome DevTools Protocol).
 * @param {import('playwright-core').Page} page
 */
export async function pageMetrics(page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage')
    const { metrics } = await cdp.send('Performance.getMetrics')
    /** @param {string} name */
    const value = (name) => metrics.find((metric) => metric.name === name)?.value ?? Number.NaN
    return { heap: value('JSHeapUsedSize'), listeners: value('JSEventListeners'), nodes: value('Nodes') }
  }
}

/**
 * Opens and closes one cancel flow `count` times (a frame apart), then destroys it.
 * @param {import('playwright-core').Page} page
 * @param {number} count
 */
export const openCloseCycles = (page, count) =>
  page.evaluate(async (count) => {
    const { createCancelFlow } = /** @type {any} */ (window).windback
    const flow = createCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
    await flow.preload()
    for (let index = 0; index < count; index += 1) {
      const done = flow.open()
      await new Promise((resolve) => requestAnimationFrame(resolve))
      flow.close()
      await done
    }
    flow.destroy()
  }, count)
