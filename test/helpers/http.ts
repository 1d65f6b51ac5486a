import { Agent, createServer, request as httpRequest, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One tracker event as the proxy accepts it, with a fresh message id. */
export const trackEvent = (overrides: Record<string, unknown> = {}) => ({
  event: 'feature_used',
  customer_email: 'jane@example.com',
  timestamp: '2026-11-22T10:00:00.000Z',
  message_id: `m-${Math.random()}`,
  ...overrides,
})

/** Servers a test started on loopback; `closeServers()` in `afterEach` stops them all. */
const started: Server[] = []

export async function listen(handler: RequestListener, host = '127.0.0.1'): Promise<{ url: string; port: number }> {
  const server = createServer(handler)
  started.push(server)
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://${host}:${port}`, port }
}

export const closeServers = () =>
  Promise.all(started.splice(0).map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))))

/**
 * A keep-alive client with one socket, as a browser or a reverse proxy keeps one: each `send`
 * posts a body and says whether it went over the connection of the request before.
 */
export function keepAliveClient(url: string | URL, headers: Record<string, string> = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const send = (body: string) =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const request = httpRequest(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } }, (response) => {
        response.resume()
        response.on('end', () => resolve({ status: response.statusCode!, reused: request.reusedSocket }))
      })
      request.on('error', reject)
      request.end(body)
    })
  return { send, close: () => agent.destroy() }
}
