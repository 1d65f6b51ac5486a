import type { IncomingMessage, ServerResponse } from 'node:http'

/** An Express / Connect request may arrive with its body already parsed by a middleware. */
type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string }

/**
 * Adapts a Fetch-API handler to `(req, res)` for node:http, Express, Connect, Fastify's raw
 * mode and the like.
 */
export function toNodeHandler(handler: (request: Request) => Promise<Response>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void respond(handler, req as NodeRequest, res).catch((error: unknown) => {
      console.error('[windback] track proxy failed', error)
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'The track proxy failed' } }))
      } else res.destroy()
    })
  }
}

async function respond(handler: (request: Request) => Promise<Response>, req: NodeRequest, res: ServerResponse) {
  const response = await handler(toRequest(req))
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  res.writeHead(response.status, headers)
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined)
}

function toRequest(req: NodeRequest): Request {
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
  const url = new URL(req.originalUrl ?? req.url ?? '/', `${protocol}://${req.headers.host ?? 'localhost'}`)
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
 * body early). Not `Readable.toWeb` from node:stream: this entry is also bundled for Workers and
 * Edge routes, which have no node:stream to import.
 */
function webStream(req: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const chunks = req[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await chunks.return?.()
    },
  })
}
