// The track proxy's cost per batch (beside the floor of what any proxy must do) and a bounded
// load run through toNodeHandler on loopback. Both use the built ./server entry.
import { fork } from 'node:child_process'
import { Agent, createServer, request as httpRequest } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { quantile } from './quantile.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const serverEntry = new URL('../dist/server.js', import.meta.url).href
const SECRET = 'sk_bench_0123456789'

const events = (count, batch = 0) =>
  Array.from({ length: count }, (_, index) => ({
    event: 'feature_used',
    customer_email: 'jane@example.com',
    properties: { feature: 'exports', plan: 'pro', index },
    timestamp: '2026-11-22T10:00:00.000Z',
    message_id: `b${batch}-${index}-0f8c2a64-3c1e-4d5b-9a7f-6e2d1c0b9a88`,
  }))


/**
 * µs per 100-event batch: the handler with an upstream that answers at once, and the floor (read
 * and parse the body, serialise it, build the upstream Request and the Response, nothing else),
 * interleaved round by round so that both see the same machine.
 */
export async function proxyCost({ rounds = 31, perRound = 300 } = {}) {
  const { createTrackProxy } = await import(serverEntry)
  const body = JSON.stringify({ events: events(100) })
  const upstreamUrl = 'https://api.windbackai.com/api/v1/track'
  // Like fetch(), it builds the Request it is given; then it answers at once.
  const instant = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init)
    return new Response(request.body && '{"status":"ok"}', { status: 200 })
  }
  const handle = createTrackProxy({ secretKey: SECRET, fetch: instant })
  const incoming = () => new Request('https://app.example/api/windback/track', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })

  const viaHandler = async () => {
    const response = await handle(incoming())
    if (response.status !== 200) throw new Error(`the handler answered ${response.status}`)
    await response.text()
  }
  const floor = async () => {
    const parsed = JSON.parse(await incoming().text())
    const forwarded = new Request(upstreamUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': SECRET }, body: JSON.stringify(parsed) })
    await instant(forwarded)
    await Response.json({ data: { accepted: parsed.events.length } }).text()
  }
  const time = async (work) => {
    const start = process.hrtime.bigint()
    for (let run = 0; run < perRound; run += 1) await work()
    return Number(process.hrtime.bigint() - start) / 1000 / perRound
  }
  for (let run = 0; run < 500; run += 1) await Promise.all([viaHandler(), floor()])
  const handler = []
  const floors = []
  for (let round = 0; round < rounds; round += 1) {
    handler.push(await time(viaHandler))
    floors.push(await time(floor))
  }
  return { handler: quantile(handler, 0.5), floor: quantile(floors, 0.5) }
}

/**
 * `connections` clients post 10-event batches back to back for `seconds` through the proxy (in its
 * own process, as a server would run it) to an upstream that answers in 50 ms and fails 10 % of
 * requests with 503. Every answer is checked against what the upstream saw.
 */
export async function proxyLoad({ connections = 200, seconds = 10, answerTimeoutMs = 15_000 } = {}) {
  /** Per batch id, the upstream's answers to the proxy's attempts. */
  const attempts = new Map()
  let acceptedUpstream = 0
  const upstream = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')).events
      const id = batch[0].message_id.split('-')[0]
      const fails = Math.random() < 0.1
      attempts.set(id, [...(attempts.get(id) ?? []), fails ? 503 : 200])
      setTimeout(() => {
        if (!fails) acceptedUpstream += batch.length
        res.writeHead(fails ? 503 : 200, { 'Content-Type': 'application/json' })
        res.end(fails ? '{"error":{"code":"UNAVAILABLE","message":"try later"}}' : '{"status":"ok"}')
      }, 50)
    })
  })
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve))

  const proxy = fork(join(root, 'bench', 'proxy-server.mjs'), [], {
    env: { ...process.env, WINDBACK_BENCH_UPSTREAM: `http://127.0.0.1:${upstream.address().port}`, WINDBACK_BENCH_SECRET: SECRET },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const proxyPort = await new Promise((resolve, reject) => {
    proxy.once('message', resolve)
    proxy.once('exit', (code) => reject(new Error(`the proxy process exited with ${code}`)))
  })

  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const post = (batchId) =>
    new Promise((resolve) => {
      const body = JSON.stringify({ events: events(10, batchId) })
      const started = performance.now()
      const req = httpRequest(
        { host: '127.0.0.1', port: proxyPort, path: '/api/windback/track', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          const chunks = []
          res.on('data', (chunk) => chunks.push(chunk))
          res.on('end', () => resolve({ batchId, status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }))
        },
      )
      req.setTimeout(answerTimeoutMs, () => {
        req.destroy()
        resolve({ batchId, status: 'hung', ms: answerTimeoutMs })
      })
      req.on('error', () => resolve({ batchId, status: 'error', ms: performance.now() - started }))
      req.end(body)
    })

  let nextBatch = 0
  const answers = []
  const until = performance.now() + seconds * 1000
  const client = async () => {
    while (performance.now() < until) answers.push(await post((nextBatch += 1)))
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: connections }, client))
  const elapsed = (performance.now() - started) / 1000

  agent.destroy()
  proxy.kill()
  await new Promise((resolve) => upstream.close(resolve))

  const ok = answers.filter((answer) => answer.status === 200)
  const bad = answers.filter((answer) => answer.status === 502)
  const acceptedAnswered = ok.reduce((total, answer) => total + JSON.parse(answer.body).data.accepted, 0)
  // A 502 is right only when the upstream failed every attempt (three) for that batch.
  const wrong502 = bad.filter((answer) => {
    const seen = attempts.get(`b${answer.batchId}`) ?? []
    return seen.length !== 3 || seen.some((status) => status !== 503)
  })
  const other = answers.filter((answer) => answer.status !== 200 && answer.status !== 502)
  const latencies = answers.map((answer) => answer.ms)
  return {
    connections,
    seconds: elapsed,
    requests: answers.length,
    perSecond: answers.length / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    ok: ok.length,
    upstreamFailed: bad.length,
    wrong502: wrong502.length,
    unanswered: other.length,
    acceptedAnswered,
    acceptedUpstream,
  }
}
