// @vitest-environment node
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import express5 from 'express'
import express4 from 'express4'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTrackProxy, toNodeHandler } from '../../src/server/index.js'

const SECRET = 'sk_live_express_test_key'
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

const batch = (count: number, propertyBytes = 10) => ({
  events: Array.from({ length: count }, (_, index) => ({
    event: 'feature_used',
    customer_email: 'jane@example.com',
    properties: { note: 'x'.repeat(propertyBytes) },
    timestamp: '2026-11-22T10:00:00.000Z',
    message_id: `m-${index}`,
  })),
})

type Express = typeof express5
/** The README's Express recipe; `bodyParsing` is what the app already mounts before the route. */
async function app(express: Express, bodyParsing: 'none' | 'json-first' | 'json-raised') {
  const forwarded: number[] = []
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    forwarded.push(JSON.parse(String(init?.body)).events.length)
    return Response.json({ status: 'ok' })
  }) as unknown as typeof globalThis.fetch
  const application = express()
  if (bodyParsing === 'json-first') application.use(express.json())
  if (bodyParsing === 'json-raised') application.use(express.json({ limit: '256kb' }))
  application.post('/api/windback/track', toNodeHandler(createTrackProxy({ secretKey: SECRET, fetch })))
  const server = application.listen(0, '127.0.0.1')
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/windback/track`
  const send = async (body: unknown, contentType: string) => {
    const response = await globalThis.fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify(body) })
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
  }
  return { send, forwarded }
}

describe.each([
  ['Express 4', express4],
  ['Express 5', express5],
])('%s', (_name, express) => {
  for (const bodyParsing of ['none', 'json-first'] as const) {
    for (const contentType of ['application/json', 'text/plain;charset=UTF-8']) {
      it(`forwards a ${contentType} batch (body parsing: ${bodyParsing})`, async () => {
        const { send, forwarded } = await app(express, bodyParsing)
        const answer = await send(batch(3), contentType)
        expect(answer).toMatchObject({ status: 200 })
        expect(JSON.parse(answer.body)).toEqual({ data: { accepted: 3 } })
        expect(forwarded).toEqual([3])
      })
    }
  }

  it('takes a 150 KB batch without a body parser, and with express.json() raised to 256kb as the README says', async () => {
    for (const bodyParsing of ['none', 'json-raised'] as const) {
      const { send, forwarded } = await app(express, bodyParsing)
      const answer = await send(batch(100, 1500), 'application/json')
      expect(answer.status).toBe(200)
      expect(forwarded).toEqual([100])
    }
  })

  it("with express.json()'s default limit a 150 KB batch never reaches the proxy (why the README says to raise it)", async () => {
    const { send, forwarded } = await app(express, 'json-first')
    const answer = await send(batch(100, 1500), 'application/json')
    expect(answer.status).toBe(413)
    expect(forwarded).toEqual([])
  })
})
