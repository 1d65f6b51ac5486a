// The script tag as a billing page gets it, measured in Chromium: what it downloads from dist/
// (from the request log, each file gzipped by Node's zlib at level 9, as a server would send it), the main-thread script
// time it costs the page while loading, and how soon the modal shows after intent.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { quantile } from './quantile.mjs'

/** The README's tag on a billing page, the same page without it, and posthog-js's tag for scale. */
export const SCRIPT_TAG_PAGES = {
  withTag: '/bench/script-tag.html',
  withoutTag: '/bench/no-script-tag.html',
  peer: '/bench/posthog-script-tag.html',
}

/**
 * Every file the page loads from dist/ before any interaction, after the pointer rests on the
 * cancel link, and by the time the first reason of the modal (English) is visible. Each phase
 * counts every file loaded so far.
 * @param {import('playwright-core').Page} page @param {string} origin the server
 */
export async function scriptTagDownloads(page, origin) {
  /** @type {Promise<[string, Buffer]>[]} */
  const bodies = []
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname
    if (path.startsWith('/dist/')) bodies.push(response.body().then((body) => [path.slice('/dist/'.length), body]))
  })
  const phase = async () => {
    await networkQuiet(page)
    const files = await Promise.all(bodies)
    return {
      files: files.map(([path]) => path),
      raw: files.reduce((total, [, body]) => total + body.length, 0),
      gzip: files.reduce((total, [, body]) => total + gzipSync(body, { level: 9 }).length, 0),
      brotli: files.reduce((total, [, body]) => total + brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0),
    }
  }
  await page.goto(`${origin}${SCRIPT_TAG_PAGES.withTag}`)
  const initial = await phase()
  await page.hover('#cancel-link')
  const intent = await phase()
  await page.click('#cancel-link')
  await page.locator('windback-cancel-flow [part~="reason"]').first().waitFor()
  const modal = await phase()
  return { initial, intent, modal }
}

/**
 * Resolves once the page has had no request in flight for `quietMs` (unlike the `networkidle`
 * load state, which is reached once per page load).
 * @param {import('playwright-core').Page} page
 */
export function networkQuiet(page, quietMs = 300) {
  return new Promise((resolve) => {
    let inFlight = 0
    let timer = setTimeout(done, quietMs)
    const restart = () => {
      clearTimeout(timer)
      if (inFlight === 0) timer = setTimeout(done, quietMs)
    }
    const started = () => {
      inFlight += 1
      clearTimeout(timer)
    }
    // A request that started before we listened may end now: never below zero.
    const ended = () => {
      inFlight = Math.max(0, inFlight - 1)
      restart()
    }
    page.on('request', started)
    page.on('requestfinished', ended)
    page.on('requestfailed', ended)
    function done() {
      page.off('request', started)
      page.off('requestfinished', ended)
      page.off('requestfailed', ended)
      resolve(undefined)
    }
  })
}

/**
 * Main-thread script time (DevTools `Performance.getMetrics` ScriptDuration) of loading each of
 * `urls` with the CPU throttled 4×: the median of `runs` fresh pages each, the pages taken in
 * turn (one of each, then again), so that a slower moment of the machine weighs on all alike.
 * @template {string} K
 * @param {import('playwright-core').Browser} browser @param {Record<K, string>} urls @param {number} runs
 * @returns {Promise<Record<K, { atLoad: number, settled: number }>>}
 */
export async function loadScriptTimes(browser, urls, runs = 7) {
  /** @type {Record<string, Array<[number, number]>>} */
  const durations = Object.fromEntries(Object.keys(urls).map((name) => [name, []]))
  for (let run = 0; run < runs; run += 1) {
    for (const [name, url] of Object.entries(urls)) {
      const context = await browser.newContext()
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Performance.enable')
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
      await page.goto(/** @type {string} */ (url), { waitUntil: 'load' })
      const atLoad = await scriptDuration(cdp)
      await page.waitForLoadState('networkidle')
      durations[name]?.push([atLoad, await scriptDuration(cdp)])
      await context.close()
    }
  }
  return /** @type {any} */ (
    Object.fromEntries(
      Object.entries(durations).map(([name, times]) => [
        name,
        { atLoad: quantile(times.map(([atLoad]) => atLoad), 0.5), settled: quantile(times.map(([, settled]) => settled), 0.5) },
      ]),
    )
  )
}

/**
 * A phone's first tap: a touch screen, Slow 4G (150 ms round trip, 1.6 Mbps down, 750 kbps up)
 * and the CPU throttled 4×; the page loaded and idle, no hover before. From the tap's
 * `touchstart` (which starts the modal's, the outbox's and the config's requests together) to the
 * first reason laid out and visible. The median of `runs` fresh pages.
 * @param {import('playwright-core').Browser} browser @param {string} origin @param {number} runs
 */
export async function phoneTapToModal(browser, origin, runs = 9) {
  const timings = []
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    await page.goto(`${origin}${SCRIPT_TAG_PAGES.withTag}`, { waitUntil: 'load' })
    await networkQuiet(page, 500)
    await page.evaluate(() => {
      /** @type {any} */ (window).shownAfterTap = new Promise((resolve) => {
        let touchedAt = 0
        window.addEventListener('touchstart', () => (touchedAt = performance.now()), { capture: true, once: true })
        const check = () => {
          const reason = document.querySelector('windback-cancel-flow')?.shadowRoot?.querySelector('[part~="reason"]')
          const box = reason?.getBoundingClientRect()
          if (touchedAt && reason && box && box.width > 0 && box.height > 0 && reason.checkVisibility({ visibilityProperty: true })) return resolve(performance.now() - touchedAt)
          setTimeout(check, 4)
        }
        check()
      })
    })
    await page.tap('#cancel-link')
    timings.push(await page.evaluate(() => /** @type {any} */ (window).shownAfterTap))
    await context.close()
  }
  return { median: quantile(timings, 0.5), p95: quantile(timings, 0.95) }
}

/** @param {import('playwright-core').CDPSession} cdp */
async function scriptDuration(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return (metrics.find((metric) => metric.name === 'ScriptDuration')?.value ?? 0) * 1000
}

/**
 * The script tag's warm path as a customer takes it: the pointer rests on the link (the modal's
 * code, the config and the strings load), then a click; from the click to the first reason
 * laid out and the dialog focused. `runs` clicks, the modal closed between them.
 * @param {import('playwright-core').Page} page @param {string} origin @param {number} runs
 */
export async function scriptTagWarmOpen(page, origin, runs) {
  await page.goto(`${origin}${SCRIPT_TAG_PAGES.withTag}`)
  await page.hover('#cancel-link')
  await networkQuiet(page)
  const timings = []
  for (let run = 0; run < runs; run += 1) {
    // Set up before the click, in the page: the time of the click, and of the first reason laid out.
    await page.evaluate(() => {
      /** @type {any} */ (window).shownAfterClick = new Promise((resolve) => {
        let clickedAt = 0
        window.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true })
        const observer = new MutationObserver(() => {
          const root = document.querySelector('windback-cancel-flow')?.shadowRoot
          const reason = root?.querySelector('[part~="reason"]')
          if (!reason || !root?.activeElement || reason.getBoundingClientRect().width === 0) return
          observer.disconnect()
          resolve(performance.now() - clickedAt)
        })
        observer.observe(document.body, { childList: true, subtree: true })
      })
    })
    await page.click('#cancel-link')
    timings.push(await page.evaluate(() => /** @type {any} */ (window).shownAfterClick))
    await page.locator('windback-cancel-flow [part~="close"]').click()
    await page.locator('windback-cancel-flow').waitFor({ state: 'detached' })
  }
  return { median: quantile(timings, 0.5), p95: quantile(timings, 0.95) }
}
