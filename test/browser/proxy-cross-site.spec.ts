import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO_SECRET_KEY } from '../../demo/server.js'
import { expect, test, type DevServer } from './fixtures.js'

// Another IP on loopback is another site (ports do not make one): the page an attacker controls.
const ATTACKER_HOST = '127.0.0.2'

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return `http://${host}:${(server.address() as AddressInfo).port}`
}

/** A page on the attacker's site that makes the visitor's browser post events to `endpoint`. */
async function attackerSite() {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end('<!doctype html><title>Win a prize</title>')
  })
  const origin = await listen(server, ATTACKER_HOST)
  return { origin, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) }
}

async function forge(endpoint: string) {
  const body = JSON.stringify({
    events: [{ event: 'refund_requested', customer_email: 'victim@example.com', timestamp: new Date().toISOString(), message_id: `forged-${Math.random()}` }],
  })
  // text/plain and no custom header: a CORS-simple request, sent without a preflight.
  await fetch(endpoint, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body })
}

/** The proxy as a host mounts it, counting the statuses it answers and the headers it saw. */
async function proxyOrigin(server: DevServer, allowedOrigins?: string[]) {
  const { createTrackProxy, toNodeHandler } = (await import(new URL('../../dist/server.js', import.meta.url).href)) as typeof import('../../src/server/index.js')
  const handle = toNodeHandler(createTrackProxy({ secretKey: DEMO_SECRET_KEY, apiBase: `${server.url}/api/v1`, authorize: () => ({}), ...(allowedOrigins ? { allowedOrigins } : {}) }))
  const seen: Array<{ status: number; site: string | undefined; origin: string | undefined }> = []
  const proxy = createServer((req, res) => {
    res.on('finish', () => seen.push({ status: res.statusCode, site: req.headers['sec-fetch-site'] as string, origin: req.headers.origin }))
    handle(req, res)
  })
  const url = await listen(proxy, '127.0.0.1')
  return { endpoint: `${url}/api/windback/track`, seen, close: () => new Promise((resolve) => (proxy.closeAllConnections(), proxy.close(resolve))) }
}

test('a page on another site cannot make a visitor\'s browser post events through the default proxy', async ({ page, server }) => {
  const attacker = await attackerSite()
  const proxy = await proxyOrigin(server)
  try {
    await page.goto(attacker.origin)
    await page.evaluate(forge, proxy.endpoint)
    await expect.poll(() => proxy.seen.length).toBe(1)
    expect(proxy.seen).toEqual([{ status: 403, site: 'cross-site', origin: attacker.origin }])
    expect(server.api.trackedEvents()).toEqual([])
  } finally {
    await Promise.all([attacker.close(), proxy.close()])
  }
})

test('the same post from an origin in allowedOrigins is forwarded', async ({ page, server }) => {
  const attacker = await attackerSite()
  const proxy = await proxyOrigin(server, [attacker.origin])
  try {
    await page.goto(attacker.origin)
    await page.evaluate(forge, proxy.endpoint)
    await expect.poll(() => proxy.seen.length).toBe(1)
    expect(proxy.seen).toEqual([{ status: 200, site: 'cross-site', origin: attacker.origin }])
    expect(server.api.trackedEvents().map((event) => event.event)).toEqual(['refund_requested'])
  } finally {
    await Promise.all([attacker.close(), proxy.close()])
  }
})
