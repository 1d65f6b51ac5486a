import type { IncomingMessage, ServerResponse } from 'node:http'
import { createWarnOnce, printable } from '../core/log.js'
import { hostOf } from './cross-site.js'
import { DRAIN_LIMIT_BYTES } from './read-body.js'

/** An Express / Connect request may arrive with its body already parsed by a middleware. */
type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string }


/**
 * Adapts a Fetch-API handler to `(req, res)` for node:http, Express, Connect, Fastify's raw
 * mode and the like.
 */
export function toNodeHandler(handler: (request: Request) => Promise<Response>): (req: IncomingMessage, res: ServerResponse) => void {
  // A client that goes away mid-request is everyday noise: one line per kind of failure, no stack.
  const warnOnce = createWarnOnce()
  return (req, res) => {
    void respond(handler, req as NodeRequest, res).catch((error: unknown) => {
      const kind = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : 'unknown'
      warnOnce(kind, printable(`track proxy: a request failed (${kind})`))
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        res.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'The track proxy failed' } }))
      } else res.destroy()
    })
  }
}

async function respond(handler: (request: Request) => Promise<Response>, req: NodeRequest, res: ServerResponse) {
  const host = hostOf(req.headers.host ?? '')
  if (host === undefined) {
    res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' })
    res.end(JSON.stringify({ error: { code: 'VALIDATION_ERROR', message: 'The Host header is missing or malformed' } }))
    return
  }
  const response = await handler(toRequest(req, host))
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  // A body the handler did not read to its end (refused unread, or too slow) is either drained
  // up to the same bound the handler drains to, so the connection can carry the next request,
  // or the connection is closed, so nobody can make the server read without end.
  const unread = !req.complete && !req.destroyed
  const drainable = unread && response.status !== 408 && remainingBytes(req) <= DRAIN_LIMIT_BYTES
  if (unread && !drainable) headers['connection'] = 'close'
  res.writeHead(response.status, headers)
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined)
  if (drainable) drain(req)
  else if (unread) res.once('finish', () => req.destroy())
}

/** Bytes the client declared and has not sent yet; unknown (chunked) counts as too many. */
function remainingBytes(req: IncomingMessage & { consumedBytes?: number }): number {
  const declared = Number(req.headers['content-length'])
  return Number.isFinite(declared) ? declared - (req.consumedBytes ?? 0) : Infinity
}

function drain(req: IncomingMessage) {
  let drained = 0
  req.on('data', (chunk: Uint8Array) => {
    drained += chunk.byteLength
    if (drained > DRAIN_LIMIT_BYTES) req.destroy()
  })
  req.resume()
}

function toRequest(req: NodeRequest, host: string): Request {
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
  // Only the path and query of the request target: its own authority (`//evil.example/…`, `/\evil…`,
  // `http://evil.example/…`) must never become the URL's origin, which the cross-site check reads.
  const target = new URL((req.originalUrl ?? req.url ?? '/').replace(/^[/\\]+/, '/'), 'http://target.invalid')
  const url = new URL(`${target.pathname}${target.search}`, `${protocol}://${host}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers })
  // A body parser (express.json(), express.text()) consumed the stream only when it parsed this
  // content type; otherwise Express 4 still sets `req.body = {}`, and the stream holds the body.
  if (req.body !== undefined && req.readableEnded) {
    const body = typeof req.body === 'string' || req.body instanceof Uint8Array ? (req.body as BodyInit) : JSON.stringify(req.body)
    headers.delete('content-length')
    return new Request(url, { method, headers, body })
  }
  return new Request(url, {
    method,
    headers,
    body: webStream(req),
    duplex: 'half',
  } as RequestInit)
}

/**
 * The request body as a web stream, read as the handler pulls (so its size limit stops a large
 * body early). Cancelling it stops reading without destroying the request, so what is left can
 * be drained and the connection kept. Not `Readable.toWeb` from node:stream: this entry is also
 * bundled for Workers and Edge routes, which have no node:stream to import.
 */
function webStream(req: IncomingMessage & { consumedBytes?: number }): ReadableStream<Uint8Array> {
  req.consumedBytes = 0
  let detach: (() => void) | undefined
  // Listeners go on at the first read, not before: a body refused unread (a declared length past
  // the limit) must leave the request untouched for the drain.
  const attach = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const onData = (chunk: Uint8Array) => {
      req.consumedBytes! += chunk.byteLength
      controller.enqueue(chunk)
      if ((controller.desiredSize ?? 0) <= 0) req.pause()
    }
    const onEnd = () => {
      detach?.()
      controller.close()
    }
    const onClose = () => {
      detach?.()
      if (!req.complete) controller.error(new Error('The client closed the connection before the body ended'))
    }
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('close', onClose)
    detach = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      req.pause()
    }
  }
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!detach) attach(controller)
        req.resume()
      },
      cancel() {
        detach?.()
      },
    },
    { highWaterMark: 0 },
  )
}
