// `npm run bench`: sizes of the built files, then speed and memory in Chromium against the dev
// API on loopback, with posthog-js measured the same way beside our tracker. Prints the table
// and writes it to BENCHMARKS.md with the machine and the date.
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { startServer } from '../demo/server.js'
import { chromiumArgs, chromiumPath } from '../test/chromium-path.mjs'
import { openCloseCycles, pageMetrics } from './page-probes.mjs'
import { proxyCost, proxyLoad } from './proxy.mjs'
import { quantile } from './quantile.mjs'
import { measureSizes } from './sizes.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const RUNS = 60
const loadAtStart = loadavg()

const ms = (value) => `${value.toFixed(2)} ms`
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`

const sizes = await measureSizes()
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

async function openCloseHeap() {
  const page = await newPage()
  const measure = await pageMetrics(page)
  await openCloseCycles(page, 10)
  const before = await measure()
  await openCloseCycles(page, 200)
  const after = await measure()
  await page.close()
  return { before, after }
}

const warm = await openTimings(true)
const cold = await openTimings(false)
const ours = await trackCost(true)
const peer = await trackCost(false)
const batching = await requestsPer10k()
const offline = await memoryOffline()
const cycles = await openCloseHeap()
await browser.close()
await server.close()

const peerSize = gzipSync(readFileSync(join(root, 'node_modules', 'posthog-js', 'dist', 'array.js')), { level: 9 }).length
const peerVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'posthog-js', 'package.json'), 'utf8')).version
const stat = (values, key) => `${ms(quantile(values.map((value) => value[key]), 0.5))} / ${ms(quantile(values.map((value) => value[key]), 0.95))}`

const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, Chromium ${version} (headless), dev API on loopback.`,
  `Load average when it started: ${loadAtStart.map((load) => load.toFixed(1)).join(' / ')} (1 / 5 / 15 min).`,
  'Numbers move with the machine and its load; compare rows of one run, not runs of different machines.',
  '',
  '## Size (bytes; each entry with every chunk it imports statically)',
  '',
  '| what | raw | gzip -9 | brotli -11 |',
  '|---|---:|---:|---:|',
  ...Object.entries(sizes).map(([name, size]) => `| ${name} | ${size.raw} | ${size.gzip} | ${size.brotli} |`),
  `| peer: posthog-js ${peerVersion} \`dist/array.js\` (its script-tag build) | ${readFileSync(join(root, 'node_modules', 'posthog-js', 'dist', 'array.js')).length} | ${peerSize} | — |`,
  '',
  `## Cancel flow, ${RUNS} runs each (median / p95)`,
  '',
  '| what | open() → visible and focused | → next frame | script only (minus the config request) |',
  '|---|---:|---:|---:|',
  `| warm (after \`preload()\`) | ${stat(warm, 'visible')} | ${stat(warm, 'frame')} | ${stat(warm, 'script')} |`,
  `| cold (config fetched on open) | ${stat(cold, 'visible')} | ${stat(cold, 'frame')} | ${stat(cold, 'script')} |`,
  '',
  `Heap after 200 open/close cycles: ${kb(cycles.after.heap)} (before: ${kb(cycles.before.heap)}); event listeners ${cycles.before.listeners} → ${cycles.after.listeners}; DOM nodes ${cycles.before.nodes} → ${cycles.after.nodes}.`,
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
console.log(table)
if (loadRun.wrong502 > 0 || loadRun.unanswered > 0 || loadRun.acceptedUpstream !== loadRun.acceptedAnswered) {
  console.error('The proxy load run broke a promise: every request answered, 502 only when every attempt failed, accepted events counted once.')
  process.exitCode = 1
}
