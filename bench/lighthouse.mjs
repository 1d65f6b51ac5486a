// What a merchant's Lighthouse audit shows: Lighthouse 12 (mobile, simulated throttling, the
// performance category) on the billing page with and without the README's tag, the runs taken
// in turn; the medians of Total Blocking Time and Largest Contentful Paint, and their differences.
import lighthouse from 'lighthouse'
import { createServer } from 'node:net'
import { chromium } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../test/chromium-path.mjs'
import { quantile } from './quantile.mjs'

/** A free loopback port for Chromium's DevTools protocol, which Lighthouse drives. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address())
      probe.close(() => resolve(port))
    })
  })
}

/**
 * @param {{ withTag: string, withoutTag: string }} urls @param {number} runs
 * @returns {Promise<Record<'withTag' | 'withoutTag', { tbt: number, lcp: number }>>}
 */
export async function lighthouseAudits(urls, runs = 5) {
  const port = await freePort()
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, `--remote-debugging-port=${port}`] })
  /** @type {Record<string, Array<{ tbt: number, lcp: number }>>} */
  const results = { withTag: [], withoutTag: [] }
  try {
    for (let run = 0; run < runs; run += 1) {
      for (const name of /** @type {const} */ (['withoutTag', 'withTag'])) {
        const result = await lighthouse(urls[name], { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
        const audits = result?.lhr.audits
        const tbt = audits?.['total-blocking-time']?.numericValue
        const lcp = audits?.['largest-contentful-paint']?.numericValue
        if (tbt === undefined || lcp === undefined) throw new Error(`Lighthouse measured nothing for ${urls[name]}: ${result?.lhr.runtimeError?.message ?? 'no result'}`)
        results[name]?.push({ tbt, lcp })
      }
    }
  } finally {
    await browser.close()
  }
  const median = (/** @type {Array<{ tbt: number, lcp: number }>} */ values) => ({ tbt: quantile(values.map((value) => value.tbt), 0.5), lcp: quantile(values.map((value) => value.lcp), 0.5) })
  return { withTag: median(results.withTag ?? []), withoutTag: median(results.withoutTag ?? []) }
}
