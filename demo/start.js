// @ts-check
// `npm start`: the demo page and the dev API on one origin (after `npm run build`).
import { startServer } from './server.js'

const port = Number(process.env['PORT'] ?? 5173)
// The real API allows 10 cancel-flow requests per 15 s per key; live editing in the playground
// reopens the flow on every change, so the demo allows more. Tests use the real limit.
const server = await startServer({
  port,
  host: process.env['HOST'] ?? '127.0.0.1',
  quiet: false,
  rateLimit: { limit: 100, windowMs: 15_000 },
})
console.log(`Windback demo:   http://localhost:${server.port}/`)
console.log(`Dev API:         http://localhost:${server.port}/api/v1   (public key pub_demo)`)
const stop = () => void server.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
