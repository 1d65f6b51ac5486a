// @vitest-environment node
import { connect } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTrackProxy, toNodeHandler, type TrackProxyOptions } from '../../../src/server/index.js'
import { closeServers, keepAliveClient, listen, trackEvent as event } from '../../helpers/http.js'

const SECRET = 'sk_live_node_handler_key'
afterEach(async () => {
  vi.restoreAllMocks()
  await closeServers()
})

/** The proxy behind toNodeHandler on a real socket; `forwarded` counts what reached "Windback". */
async function proxyServer(options: Partial<TrackProxyOptions> = {}) {
  const forwarded: unknown[] = []
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    forwarded.push(...JSON.parse(String(init?.body)).events)
    return Response.json({ status: 'ok' })
  }) as unknown as typeof globalThis.fetch
  const { port } = await listen(toNodeHandler(createTrackProxy({ secretKey: SECRET, fetch, ...options })))
  return { port, forwarded }
}

/** One raw HTTP/1.1 exchange, bytes as written: the request target and headers are not normalised. */
function raw(port: number, head: string, body = '', { trickleMs }: { trickleMs?: number } = {}) {
  return new Promise<{ status: number; text: string; closedAt: number }>((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString()))
    socket.on('error', reject)
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), text, closedAt: Date.now() - started }))
    socket.write(head.replace(/\n/g, '\r\n') + '\r\n')
    if (trickleMs === undefined) socket.end(body)
    else {
      let index = 0
      const timer = setInterval(() => {
        if (socket.destroyed || index >= body.length) return clearInterval(timer)
        socket.write(body[index++]!)
      }, trickleMs)
      socket.on('close', () => clearInterval(timer))
    }
  })
}

const postHead = (target: string, port: number, headers: string[], length: number) =>
  [`POST ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Content-Type: text/plain', `Content-Length: ${length}`, 'Connection: close', ...headers, ''].join('\n')

describe('toNodeHandler on a real socket', () => {
  it.each(['//evil.example/api/windback/track', '/\\evil.example/api/windback/track', 'http://evil.example/api/windback/track'])(
    'never takes the origin from the request target %s: a cross-site Origin is refused, nothing forwarded',
    async (target) => {
      for (const options of [{}, { allowedOrigins: ['https://partner.example'] }]) {
        const { port, forwarded } = await proxyServer(options)
        const body = JSON.stringify({ events: [event()] })
        const answer = await raw(port, postHead(target, port, ['Origin: http://evil.example'], body.length), body)
        expect(answer.status, JSON.stringify(options)).toBe(403)
        expect(forwarded).toEqual([])
      }
    },
  )

  it('serves a same-origin request whose target starts with slashes (the path alone counts)', async () => {
    const { port, forwarded } = await proxyServer()
    const body = JSON.stringify({ events: [event()] })
    const answer = await raw(port, postHead('//api/windback/track', port, [`Origin: http://127.0.0.1:${port}`], body.length), body)
    expect(answer.status).toBe(200)
    expect(forwarded).toHaveLength(1)
  })

  it('answers a malformed Host with 400 and logs nothing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { port, forwarded } = await proxyServer()
    const body = JSON.stringify({ events: [event()] })
    for (const host of ['evil.example/x', 'a b', '']) {
      const head = postHead('/track', port, [], body.length).replace(`Host: 127.0.0.1:${port}`, `Host: ${host}`)
      expect((await raw(port, head, body)).status, host).toBe(400)
    }
    expect(forwarded).toEqual([])
    expect([...error.mock.calls, ...warn.mock.calls]).toEqual([])
  })

  it('answers 408 to a body trickled past the deadline, and closes the connection', async () => {
    const { port, forwarded } = await proxyServer({ bodyTimeoutMs: 300 })
    const body = JSON.stringify({ events: [event()] })
    const answer = await raw(port, postHead('/track', port, [], body.length).replace('Connection: close\r\n', ''), body, { trickleMs: 50 })
    expect(answer.status).toBe(408)
    expect(answer.text).toContain('REQUEST_TIMEOUT')
    expect(answer.closedAt).toBeLessThan(3000)
    expect(forwarded).toEqual([])
  })

  it('answers 408 to a declared length whose body never comes', async () => {
    const { port } = await proxyServer({ bodyTimeoutMs: 300 })
    const answer = await raw(port, postHead('/track', port, [], 100).replace('Connection: close\r\n', ''), '', { trickleMs: 10_000 })
    expect(answer.status).toBe(408)
    expect(answer.closedAt).toBeLessThan(3000)
  })

  it('keeps a keep-alive connection usable after a 413: the next request on the same socket is served', async () => {
    const { port, forwarded } = await proxyServer()
    const { send, close } = keepAliveClient(`http://127.0.0.1:${port}/track`)
    try {
      const large = JSON.stringify({ events: [event({ properties: { note: 'x'.repeat(300_000) } })] })
      expect(await send(large)).toEqual({ status: 413, reused: false })
      expect(await send(JSON.stringify({ events: [event()] }))).toEqual({ status: 200, reused: true })
      expect(await send(large)).toEqual({ status: 413, reused: true })
      expect(await send(JSON.stringify({ events: [event()] }))).toEqual({ status: 200, reused: true })
      expect(forwarded).toHaveLength(2)
    } finally {
      close()
    }
  })

  it('says nothing loud when clients go away mid-body: no stack traces, at most one line', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { port, forwarded } = await proxyServer()
    for (let round = 0; round < 3; round += 1) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(postHead('/track', port, [], 1000).replace(/\n/g, '\r\n') + '\r\n{"events":[')
          setTimeout(() => socket.destroy(), 50)
        })
        socket.on('close', () => resolve())
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(error).not.toHaveBeenCalled()
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1)
    for (const call of warn.mock.calls) expect(call.join(' ')).not.toMatch(/\n\s+at /)
    expect(forwarded).toEqual([])
  })

  it('keeps serving other requests while a 250 KB adversarial body is checked', async () => {
    const { port, forwarded } = await proxyServer()
    const hostile = JSON.stringify({
      events: [event({ properties: { a: `${'a'.repeat(120_000)}@${'b'.repeat(120_000)}`, b: '1 '.repeat(4000) } })],
    })
    const post = (body: string) =>
      fetch(`http://127.0.0.1:${port}/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((response) => response.status)
    const started = performance.now()
    const slow = post(hostile)
    const unrelated = post(JSON.stringify({ events: [event()] })).then((status) => ({ status, ms: performance.now() - started }))
    // A quadratic scan held this server for over a minute; linear, it takes milliseconds (the
    // bound leaves room for a slow machine and for mutation testing's instrumented code).
    const answered = await unrelated
    expect(answered.status).toBe(200)
    expect(answered.ms).toBeLessThan(3000)
    expect(await slow).toBe(200)
    expect(performance.now() - started).toBeLessThan(3000)
    expect(forwarded).toHaveLength(2)
  })
})
