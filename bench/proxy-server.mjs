// The load run's system under test, in a process of its own: the built proxy behind node:http,
// as a customer's server runs it. Tells the parent its port, then serves until killed.
import { createServer } from 'node:http'

const { createTrackProxy, toNodeHandler } = await import(new URL('../dist/server.js', import.meta.url).href)
const handle = toNodeHandler(createTrackProxy({ secretKey: process.env.WINDBACK_BENCH_SECRET, apiBase: `${process.env.WINDBACK_BENCH_UPSTREAM}/api/v1` }))
const server = createServer(handle)
server.listen(0, '127.0.0.1', () => process.send?.(server.address().port))
process.on('disconnect', () => process.exit(0))
