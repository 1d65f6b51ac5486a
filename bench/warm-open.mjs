// Warm open as a customer gets it: one flow, preloaded, opened and closed again and again; each
// time, from open() until its first reason has a layout box and is visible (MutationObserver and
// performance.now(), checked again on every message-loop turn until it is). The median of the re-opens.
import { quantile } from './quantile.mjs'

/** @param {import('playwright-core').Page} page a page with `window.windback` (the ESM entry) @param {number} reopens */
export async function warmReopenTimes(page, reopens = 20) {
  const times = await page.evaluate(async (reopens) => {
    const { createCancelFlow } = window.windback
    const flow = createCancelFlow({ publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } })
    await flow.preload()
    const firstReasonShown = () =>
      new Promise((resolve) => {
        const channel = new MessageChannel()
        const check = () => {
          const reason = document.querySelector('windback-cancel-flow')?.shadowRoot?.querySelector('[part~="reason"]')
          const box = reason?.getBoundingClientRect()
          if (reason && box.width > 0 && box.height > 0 && reason.checkVisibility({ visibilityProperty: true, opacityProperty: false })) {
            observer.disconnect()
            channel.port1.close()
            resolve(performance.now())
            return true
          }
          return false
        }
        const observer = new MutationObserver(() => check())
        observer.observe(document.body, { childList: true, subtree: true })
        channel.port1.onmessage = () => check() || channel.port2.postMessage(0)
        channel.port2.postMessage(0)
      })
    const results = []
    // The first open builds what later opens reuse; it is not a re-open.
    for (let run = 0; run <= reopens; run += 1) {
      const start = performance.now()
      const shown = firstReasonShown()
      const done = flow.open()
      const end = await shown
      if (run > 0) results.push(end - start)
      flow.close()
      await done
    }
    flow.destroy()
    return results
  }, reopens)
  return { median: quantile(times, 0.5), times }
}
