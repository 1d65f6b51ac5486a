/**
 * Runs `work` once the page has loaded and the browser is idle: for what a page may need soon but
 * must not pay for while it loads. Idle time comes before `load` too (a page still fetching its
 * images is idle), so both are waited for.
 */
export function whenLoadedAndIdle(work: () => void, doc: Document = document): void {
  const whenIdle = () => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 2000 })
    else setTimeout(work, 1)
  }
  if (doc.readyState === 'complete') whenIdle()
  else doc.defaultView?.addEventListener('load', whenIdle, { once: true })
}
