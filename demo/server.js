// @ts-check
// One process, one origin: the demo page, the built package under /dist, the dev API under
// /api/v1 and its controls under /__dev. `npm start` and the browser tests both use it.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { dirname, extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDevApi, readBody, send } from './dev-api.js'

/** The demo's own backend route for the tracker: the package's proxy, as a customer mounts it. */
export const DEMO_SECRET_KEY = 'sk_test_windback_demo'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')

const CONTENT_TYPES = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
})

/**
 * @typedef {{ prefix: string; dir: string; headers?: Record<string, string> }} StaticMount
 * @param {{
 *   port?: number; host?: string; rateLimit?: { limit: number; windowMs: number };
 *   mounts?: StaticMount[]; quiet?: boolean
 * }} [options]
 */
export async function startServer({ port = 0, host = '127.0.0.1', rateLimit, mounts = [], quiet = true } = {}) {
  const api = createDevApi({ configDir: join(here, 'configs'), ...(rateLimit ? { rateLimit } : {}) })
  await api.loadConfigs()
  if (!quiet) await reportConfigFindings(api.allConfigs())
  const staticMounts = [
    ...mounts,
    { prefix: '/dist/', dir: join(root, 'dist') },
    { prefix: '/examples/', dir: join(root, 'demo', 'examples', 'dist') },
    { prefix: '/', dir: join(root, 'demo', 'public') },
  ]

  // Built by `npm run build`: the demo runs the package exactly as it is published.
  /** @type {((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined} */
  let trackProxy
  const builtServerEntry = new URL('../dist/server.js', import.meta.url).href
  const { createTrackProxy, toNodeHandler } = /** @type {typeof import('../src/server/index.js')} */ (
    await import(builtServerEntry)
  )

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!quiet) console.error(error)
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL_ERROR', message: String(error) } })
      else res.destroy()
    })
  })

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/api/v1/')) {
      await api.handle(req, res, url.pathname.slice('/api/v1'.length))
      return
    }
    if (url.pathname === '/api/windback/track' && trackProxy) return trackProxy(req, res)
    if (url.pathname.startsWith('/__dev/')) return devControls(req, res, url)
    for (const mount of staticMounts) {
      if (url.pathname.startsWith(mount.prefix)) {
        if (await serveFile(res, mount.dir, url.pathname.slice(mount.prefix.length), mount.headers)) return
      }
    }
    send(res, 404, { error: { code: 'NOT_FOUND', message: `Nothing at ${url.pathname}` } })
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url */
  async function devControls(req, res, url) {
    const route = `${req.method} ${url.pathname}`
    const json = async () => JSON.parse((await readBody(req)) || '{}')
    switch (route) {
      case 'GET /__dev/log':
        return send(res, 200, { data: api.log() })
      case 'DELETE /__dev/log':
        api.clearLog()
        return send(res, 200, { data: 'ok' })
      case 'GET /__dev/log/stream': {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
        res.write(': connected\n\n')
        const stop = api.onLog((entry) => res.write(`data: ${JSON.stringify(entry)}\n\n`))
        req.on('close', () => stop())
        return
      }
      case 'GET /__dev/faults':
        return send(res, 200, { data: api.getFaults() })
      case 'PUT /__dev/faults':
        api.setFaults(await json())
        return send(res, 200, { data: api.getFaults() })
      case 'PUT /__dev/rate-limit':
        api.setRateLimit(await json())
        return send(res, 200, { data: 'ok' })
      case 'GET /__dev/submissions':
        return send(res, 200, { data: api.submissions() })
      case 'GET /__dev/tracked':
        return send(res, 200, { data: { events: api.trackedEvents(), duplicates: api.duplicateEvents() } })
      case 'POST /__dev/reset':
        api.reset()
        await api.loadConfigs()
  if (!quiet) await reportConfigFindings(api.allConfigs())
        return send(res, 200, { data: 'ok' })
    }
    const configMatch = /^\/__dev\/config\/([\w-]+)$/.exec(url.pathname)
    if (configMatch?.[1] && req.method === 'PUT') {
      api.setConfig(configMatch[1], await json())
      return send(res, 200, { data: 'ok' })
    }
    if (configMatch?.[1] && req.method === 'GET') return send(res, 200, { data: api.getConfig(configMatch[1]) ?? null })
    send(res, 404, { error: { code: 'NOT_FOUND', message: `No dev control ${route}` } })
  }

  await new Promise((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolveListen(undefined))
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('The server has no TCP address')
  const origin = `http://${host}:${address.port}`
  trackProxy = toNodeHandler(
    createTrackProxy({ secretKey: DEMO_SECRET_KEY, apiBase: `${origin}/api/v1`, authorize: () => ({}) }),
  )
  return {
    url: origin,
    port: address.port,
    api,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections()
        server.close(() => resolveClose(undefined))
      }),
  }
}

/**
 * @param {import('node:http').ServerResponse} res @param {string} dir @param {string} relativePath
 * @param {Record<string, string>} [headers]
 */
async function serveFile(res, dir, relativePath, headers = {}) {
  const base = resolve(dir)
  let file = resolve(base, normalize(decodeURIComponent(relativePath)).replace(/^([/\\])+/, ''))
  if (file !== base && !file.startsWith(base + sep)) return false
  try {
    const info = await stat(file)
    if (info.isDirectory()) {
      file = join(file, 'index.html')
      await stat(file)
    }
  } catch {
    return false
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    ...headers,
  })
  createReadStream(file).pipe(res)
  return true
}

/**
 * The config doctor's findings for each config, so a mistake in a hand-edited demo config shows
 * in the terminal at start (the playground shows them as you edit).
 * @param {Array<[string, unknown]>} configs
 */
async function reportConfigFindings(configs) {
  const { lintConfig } = /** @type {typeof import('../src/config.js')} */ (await import(new URL('../dist/config.js', import.meta.url).href))
  for (const [publicKey, config] of configs) {
    const findings = lintConfig(config)
    const errors = findings.filter((finding) => finding.severity === 'error').length
    console.log(`Config ${publicKey}: ${errors} error(s), ${findings.length - errors} warning(s)`)
    for (const { severity, code, path, message } of findings) console.log(`  ${severity} ${code} ${path}: ${message}`)
  }
}
