// `npm run bench`: sizes of the built files, then speed and memory in Chromium against the dev
// API on loopback, with posthog-js measured the same way beside our tracker. Prints the table
// and writes it to BENCHMARKS.md with the machine and the date.
import { writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startServer } from '../demo/server.js'
import { chromiumArgs, chromiumPath } from '../test/chromium-path.mjs'
import { openCloseCycles, pageMetrics } from './page-probes.mjs'
import { proxyCost, proxyLoad } from './proxy.mjs'
import { quantile } from './quantile.mjs'
import { writeBlock } from './doc-blocks.mjs'
import { loadScriptTimes, phoneTapToModal, SCRIPT_TAG_PAGES, scriptTagWarmOpen } from './script-tag.mjs'
import { warmReopenTimes } from './warm-open.mjs'
import { lighthouseAudits } from './lighthouse.mjs'
import { measureSizes, sizeTables } from './sizes.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = 60
const loadAtStart = loadavg()

const ms = (value) => `${value.toFixed(2)} ms`
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`
const signedMs = (value) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`

const sizes = await measureSizes()
const tables = sizeTables(sizes)
// First, in a fresh process with nothing else running, so that the proxy has the machine to itself.
const proxy = await proxyCost()
const loadRun = await proxyLoad()
const server = await startServer({
  rateLimit: { limit: 1_000_000, windowMs: 15_000 },
  mounts: [
    { prefix: '/bench/', dir: join(root, 'bench', 'pages') },
    { prefix: '/peer/', dir: join(root, 'node_modules', 'posthog-js', 'dist') },
  ],
})
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
const version = browser.version()

async function newPage() {
  const page = await browser.newPage()
  await page.goto(`${server.url}/bench/page.html`)
  await page.waitForFunction(() => 'windback' in window)
  return page
}

// ── open to visible ────────────────────────────────────────────────────────────
async function openTimings(warm) {
  const page = await newPage()
  const timings = await page.evaluate(
    async ({ runs, warm }) => {
      const { createCancelFlow } = window.windback
      const options = { publicKey: 'pub_test', apiBase: '/api/v1', customer: { email: 'jane@example.com' } }
      // The modal's code is fetched once per page in both cases; "cold" refetches the config.
      await createCancelFlow(options).preload()
      const results = []
      for (let run = 0; run < runs; run += 1) {
        const flow = createCancelFlow(options)
        if (warm) await flow.preload()
        const shown = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            const host = document.querySelector('windback-cancel-flow')
            if (!host?.shadowRoot?.activeElement) return
            observer.disconnect()
            resolve(performance.now())
          })
          observer.observe(document.body, { childList: true })
        })
        performance.clearResourceTimings()
        const start = performance.now()
        const done = flow.open()
        const visible = await shown
        await new Promise((resolve) => requestAnimationFrame(() => resolve()))
        const painted = performance.now()
        const fetches = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/cancel-flow/config/'))
        const network = fetches.reduce((total, entry) => total + entry.duration, 0)
        results.push({ visible: visible - start, frame: painted - start, script: visible - start - network })
        flow.close()
        await done
        flow.destroy()
      }
      return results
    },
    { runs: RUNS, warm },
  )
  await page.close()
  return timings
}

// ── tracker: per-call cost, requests per 10k, memory with the network down ───────
async function trackCost(useWindback) {
  const page = await newPage()
  if (!useWindback) await page.addScriptTag({ url: '/peer/array.js' })
  const perCallMicros = await page.evaluate(({ useWindback, origin }) => {
    // A fresh tracker per batch: the loop never yields, so nothing is sent and a long-lived queue
    // would measure garbage-collection pressure from 60,000 retained events, not track().
    let instances = 0
    const newTrack = () => {
      if (!useWindback) {
        const posthog = window.posthog.init(
          'phc_bench',
          {
            api_host: `${origin}/ingest`,
            autocapture: false,
            capture_pageview: false,
            capture_pageleave: false,
            disable_session_recording: true,
            persistence: 'memory',
            advanced_disable_flags: true,
            // Both would turn capture() into an early return, timing a refusal instead of a
            // capture: its default client-side limit (10 events/s, bursts of 100) and its bot
            // filter, which takes headless Chromium for a bot.
            rate_limiting: { events_per_second: 1e9, events_burst_limit: 1e9 },
            opt_out_useragent_filter: true,
          },
          `bench${(instances += 1)}`,
        )
        // capture() returns the event it queued, and nothing when it refused.
        let captured = 0
        return { track: (index) => void (posthog.capture('feature_used', { index }) && (captured += 1)), queued: () => captured }
      }
      const tracker = window.windback.createTracker({ endpoint: '/api/windback/track', maxQueue: 5000, flushAt: 100, flushIntervalMs: 60_000 })
      return { track: (index) => tracker.track('feature_used', { index }), queued: () => tracker.stats().queued }
    }
    const warmUp = newTrack()
    for (let index = 0; index < 2000; index += 1) warmUp.track(index)
    if (warmUp.queued() !== 2000) throw new Error(`${useWindback ? 'track()' : 'capture()'} queued ${warmUp.queued()} of 2,000 events: the timing would be of refusals`)
    const batches = []
    // Batches of 2,000 calls: performance.now() is coarsened to 0.1 ms in a page like this.
    for (let batch = 0; batch < 31; batch += 1) {
      const { track } = newTrack()
      const start = performance.now()
      for (let index = 0; index < 2000; index += 1) track(index)
      batches.push(((performance.now() - start) * 1000) / 2000)
    }
    return batches.sort((a, b) => a - b)[15]
  }, { useWindback, origin: server.url })
  await page.close()
  return perCallMicros
}

async function requestsPer10k() {
  const page = await newPage()
  server.api.reset()
  await page.evaluate(async () => {
    const tracker = window.windback.createTracker({ endpoint: '/api/windback/track', customerEmail: 'jane@example.com', maxQueue: 20_000 })
    for (let index = 0; index < 10_000; index += 1) tracker.track('feature_used', { index })
    await tracker.flush()
  })
  const requests = server.api.log().filter((entry) => entry.path === '/track').length
  const delivered = server.api.trackedEvents().length
  await page.close()
  return { requests, delivered }
}

async function memoryOffline() {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${server.url}/bench/page.html`)
  await page.waitForFunction(() => 'windback' in window)
  const measure = await pageMetrics(page)
  await context.setOffline(true)
  await page.evaluate(() => {
    window.tracker = window.windback.createTracker({ endpoint: '/api/windback/track', customerEmail: 'jane@example.com' })
    for (let index = 0; index < 10_000; index += 1) window.tracker.track('feature_used', { index })
  })
  const at10k = await measure()
  await page.evaluate(() => {
    for (let index = 0; index < 90_000; index += 1) window.tracker.track('feature_used', { index })
  })
  const at100k = await measure()
  const stats = await page.evaluate(() => window.tracker.stats())
  await context.close()
  return { growth: at100k.heap - at10k.heap, stats }
}

const SERIES = 2000
const CHECKPOINT = 200

/**
 * The long open/close series the README quotes: heap, listeners and nodes of the pristine page,
 * after a warm-up, and every 200 cycles up to 2,000 (each after a forced garbage collection,
 * given a moment to let go of the modal closed last).
 */
async function openCloseSeries() {
  const page = await newPage()
  const measure = await pageMetrics(page)
  const pristine = await measure()
  const settled = async () => {
    let metrics = await measure()
    for (let wait = 0; wait < 10 && (metrics.nodes !== pristine.nodes || metrics.listeners !== pristine.listeners); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      metrics = await measure()
    }
    return metrics
  }
  await openCloseCycles(page, 10)
  const warm = await settled()
  const checkpoints = []
  for (let done = 0; done < SERIES; done += CHECKPOINT) {
    await openCloseCycles(page, CHECKPOINT)
    checkpoints.push({ cycles: done + CHECKPOINT, ...(await settled()) })
  }
  await page.close()
  return { pristine, warm, checkpoints }
}

// ── the script tag on a billing page ──────────────────────────────────────────
async function scriptTagCosts() {
  const time = await loadScriptTimes(browser, Object.fromEntries(Object.entries(SCRIPT_TAG_PAGES).map(([name, path]) => [name, `${server.url}${path}`])), 9)
  const page = await browser.newPage()
  const open = await scriptTagWarmOpen(page, server.url, RUNS)
  await page.close()
  const tap = await phoneTapToModal(browser, server.url, 9)
  return { time, open, tap }
}

/** Re-opens of one preloaded flow, on three fresh pages: the median of their medians. */
async function warmReopens() {
  const medians = []
  for (let round = 0; round < 3; round += 1) {
    const page = await newPage()
    medians.push((await warmReopenTimes(page, 20)).median)
    await page.close()
  }
  return quantile(medians, 0.5)
}

const scriptTag = await scriptTagCosts()
const audits = await lighthouseAudits({ withTag: `${server.url}${SCRIPT_TAG_PAGES.withTag}`, withoutTag: `${server.url}${SCRIPT_TAG_PAGES.withoutTag}` }, 5)
const reopen = await warmReopens()
const warm = await openTimings(true)
const cold = await openTimings(false)
const ours = await trackCost(true)
const peer = await trackCost(false)
const batching = await requestsPer10k()
const offline = await memoryOffline()
const series = await openCloseSeries()
await browser.close()
await server.close()

/** The quantile `q` of one field over the runs. */
const quantileOf = (values, key, q) => quantile(values.map((value) => value[key]), q)
const stat = (values, key) => `${ms(quantileOf(values, key, 0.5))} / ${ms(quantileOf(values, key, 0.95))}`
/** The tag's script time until `load` as a share of posthog-js's, measured in the same interleaved run. */
const ratio = (time) => (time.withTag.atLoad / time.peer.atLoad).toFixed(2)

const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, Chromium ${version} (headless), dev API on loopback.`,
  `Load average when it started: ${loadAtStart.map((load) => load.toFixed(1)).join(' / ')} (1 / 5 / 15 min).`,
  'Numbers move with the machine and its load; compare rows of one run, not runs of different machines.',
  '',
  '## Size (bytes; each entry with every chunk it imports statically)',
  '',
  '<!-- sizes:start -->',
  tables['BENCHMARKS.md'],
  '<!-- sizes:end -->',
  '',
  '## Script tag on a billing page (Chromium, CPU throttled 4×, median of 9 loads each, the pages in turn)',
  '',
  '| what | main-thread script time until `load` | … until the network is idle |',
  '|---|---:|---:|',
  ...[
    ['page without the tag', scriptTag.time.withoutTag],
    ['page with the README tag (`windback.umd.js`)', scriptTag.time.withTag],
    ['page with posthog-js `array.js` instead, for scale', scriptTag.time.peer],
  ].map(([what, time]) => `| ${what} | ${ms(time.atLoad)} | ${ms(time.settled)} |`),
  '',
  `DevTools \`Performance.getMetrics\` ScriptDuration, the three pages loaded in turn, 9 times each. Until \`load\`, the page with the tag spends ${ratio(scriptTag.time)} of the script time of the page with posthog-js's \`array.js\` (goal: 0.12). The tag reads stored answers (the first \`localStorage\` read of a page is slow) once the page is idle, after \`load\`: the second column includes it. Pointer over the link, then a click → the first reason laid out and the dialog focused: ${ms(scriptTag.open.median)} median, ${ms(scriptTag.open.p95)} p95 (${RUNS} clicks, not throttled).`,
  '',
  `A phone's first tap, no hover before (touch screen, Slow 4G: 150 ms round trip, 1.6 Mbps down; CPU 4×): \`touchstart\` → the first reason laid out and visible in ${ms(scriptTag.tap.median)} median, ${ms(scriptTag.tap.p95)} p95 (9 fresh pages; goal: 1,000 ms).`,
  '',
  '### What a Lighthouse audit of the billing page shows (Lighthouse 12.2.3, mobile, simulated throttling; median of 5 runs each, in turn)',
  '',
  '| what | Total Blocking Time | Largest Contentful Paint |',
  '|---|---:|---:|',
  `| page without the tag | ${ms(audits.withoutTag.tbt)} | ${ms(audits.withoutTag.lcp)} |`,
  `| page with the README tag | ${ms(audits.withTag.tbt)} | ${ms(audits.withTag.lcp)} |`,
  `| difference (goals: +10 ms, +250 ms) | ${signedMs(audits.withTag.tbt - audits.withoutTag.tbt)} | ${signedMs(audits.withTag.lcp - audits.withoutTag.lcp)} |`,
  '',
  `## Cancel flow, ${RUNS} runs each (median / p95)`,
  '',
  '| what | open() → visible and focused | → next frame | script only (minus the config request) |',
  '|---|---:|---:|---:|',
  `| warm (after \`preload()\`) | ${stat(warm, 'visible')} | ${stat(warm, 'frame')} | ${stat(warm, 'script')} |`,
  `| cold (config fetched on open) | ${stat(cold, 'visible')} | ${stat(cold, 'frame')} | ${stat(cold, 'script')} |`,
  '',
  `Warm re-open: one flow, preloaded, opened and closed again; \`open()\` → its first reason laid out and visible: ${ms(reopen)} (median of 20 re-opens, the median of 3 pages; goal: 8 ms).`,
  '',
  `## ${SERIES.toLocaleString('en-US')} open/close cycles of one flow (after garbage collection)`,
  '',
  '| after | heap | event listeners | DOM nodes |',
  '|---|---:|---:|---:|',
  `| the page, before any flow | ${kb(series.pristine.heap)} | ${series.pristine.listeners} | ${series.pristine.nodes} |`,
  `| 10 warm-up cycles (the modal's code loaded) | ${kb(series.warm.heap)} | ${series.warm.listeners} | ${series.warm.nodes} |`,
  ...series.checkpoints.map((point) => `| ${point.cycles.toLocaleString('en-US')} cycles after the warm-up | ${kb(point.heap)} | ${point.listeners} | ${point.nodes} |`),
  '',
  '## Tracker',
  '',
  '| what | @windback/browser | posthog-js (same page, same way) |',
  '|---|---:|---:|',
  `| \`track()\` / \`capture()\`, median per call | ${ours.toFixed(2)} µs | ${peer.toFixed(2)} µs |`,
  `| requests for 10,000 events | ${batching.requests} (${batching.delivered} delivered through the proxy) | — |`,
  `| heap growth from 10,000 to 100,000 events, network down | ${kb(offline.growth)} (queued ${offline.stats.queued}, dropped ${offline.stats.dropped}) | — |`,
  '',
  '## Track proxy (Node, built `./server`)',
  '',
  '| what | result |',
  '|---|---:|',
  `| 100-event batch through the handler, upstream answering at once (median µs) | ${proxy.handler.toFixed(0)} µs |`,
  `| floor: read and parse the body, serialise it, build the upstream Request and the Response | ${proxy.floor.toFixed(0)} µs (handler: ${(proxy.handler / proxy.floor).toFixed(2)}×) |`,
  `| load: ${loadRun.connections} connections for ${loadRun.seconds.toFixed(1)} s through \`toNodeHandler\`, upstream 50 ms with 10 % 503 | ${Math.round(loadRun.perSecond)} requests/s, p50 ${ms(loadRun.p50)}, p99 ${ms(loadRun.p99)} |`,
  `| load: answers | ${loadRun.requests} in all: ${loadRun.ok} × 200, ${loadRun.upstreamFailed} × 502 (every attempt failed; wrong 502s: ${loadRun.wrong502}), ${loadRun.unanswered} unanswered or other |`,
  `| load: events Windback accepted / sum of \`accepted\` in the 200 answers | ${loadRun.acceptedUpstream} / ${loadRun.acceptedAnswered} |`,
  '',
  'The handler validates every event (zod/mini), checks properties for personal data and redacts its answers; the floor does none of it. The load run is in two processes: the proxy in one, the clients and the upstream in the other.',
  '',
  'posthog-js runs with its client rate limit lifted and its bot filter off (headless Chromium counts as a bot), and the run stops unless 2,000 warm-up calls of each really queued 2,000 events.',
  '',
]
const table = lines.join('\n')
writeFileSync(join(root, 'BENCHMARKS.md'), table)

// The README's summary: the same run's numbers, in sentences.
const last = series.checkpoints.at(-1)
const unchanged = last.listeners === series.pristine.listeners && last.nodes === series.pristine.nodes
writeBlock('README.md', 'sizes', tables['README.md'])
writeBlock(
  'README.md',
  'bench',
  [
    `A page with the script tag spends ${ms(scriptTag.time.withTag.atLoad)} of main-thread script on it until \`load\` with the CPU throttled 4×`,
    `(posthog-js's \`array.js\` in its place: ${ms(scriptTag.time.peer.atLoad)}); with the pointer on a cancel link, the click shows the first`,
    `reason in ${ms(scriptTag.open.median)} (median of ${RUNS}). On a phone (Slow 4G, CPU 4×), a tap with no hover before shows the`,
    `first reason ${ms(scriptTag.tap.median)} after its \`touchstart\`; a preloaded flow opened again shows it in ${ms(reopen)}.`,
    `Lighthouse 12 (mobile) on a minimal billing page charges the tag ${signedMs(audits.withTag.tbt - audits.withoutTag.tbt)} of Total Blocking Time and`,
    `${signedMs(audits.withTag.lcp - audits.withoutTag.lcp)} of Largest Contentful Paint (median of 5 audits each).`,
    `Opening after \`preload()\` shows and focuses the dialog in ${ms(quantileOf(warm, 'visible', 0.5))} (median of ${RUNS} runs);`,
    `cold, it takes one config round trip plus ${ms(quantileOf(cold, 'script', 0.5))} of script. \`track()\` takes ${ours.toFixed(2)} µs per call;`,
    `posthog-js's \`capture()\`, measured beside it in the same page and checked to really queue each event, ${peer.toFixed(0)} µs.`,
    `The track proxy handles a 100-event batch in ${proxy.handler.toFixed(0)} µs, ${(proxy.handler / proxy.floor).toFixed(2)}× the bare minimum any proxy`,
    `spends (parse, serialise, build the upstream request and the answer: ${proxy.floor.toFixed(0)} µs); in a run of ${loadRun.seconds.toFixed(0)} s with`,
    `${loadRun.connections} connections against an upstream failing 10 % of requests it answered all ${loadRun.requests.toLocaleString('en-US')} requests,`,
    `502 only where all three attempts failed (${loadRun.upstreamFailed}).`,
    `${batching.delivered.toLocaleString('en-US')} events take ${batching.requests} requests; with the network down, tracking 90,000 more events than the`,
    `queue holds (\`maxQueue\` ${offline.stats.queued.toLocaleString('en-US')}) grows the heap by ${kb(offline.growth)}.`,
    `Over ${SERIES.toLocaleString('en-US')} open/close cycles the heap went from ${kb(series.warm.heap)} after a warm-up to`,
    `${kb(series.checkpoints[0].heap)} after ${CHECKPOINT} and ${kb(last.heap)} after ${SERIES.toLocaleString('en-US')}, with ${last.listeners} event listeners and ${last.nodes} DOM nodes`,
    unchanged
      ? 'in the page, as before the first flow.'
      : `in the page (before the first flow: ${series.pristine.listeners} and ${series.pristine.nodes}).`,
    `(${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${loadAtStart[0].toFixed(1)} at the start.)`,
  ].join('\n'),
)
console.log(table)
if (loadRun.wrong502 > 0 || loadRun.unanswered > 0 || loadRun.acceptedUpstream !== loadRun.acceptedAnswered) {
  console.error('The proxy load run broke a promise: every request answered, 502 only when every attempt failed, accepted events counted once.')
  process.exitCode = 1
}
