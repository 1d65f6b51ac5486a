import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DEMO_SECRET_KEY } from '../../demo/server.js'
import { readmeSnippet } from '../unit/readme-snippets.js'
import { expect, test, type DevServer } from './fixtures.js'
import { installPackedPackage, repo } from './packed-package.js'

// The README's Next.js route, in a Next app that installed the packed tarball: `next build` runs
// without the secret (as on a CI machine), then `next start` serves requests with and without it.

const run = promisify(execFile)
const next = join(repo, 'node_modules', 'next', 'dist', 'bin', 'next')
// Inside the repo so that Next resolves itself and React from the repo's node_modules.
const app = join(repo, 'test', '.next-app')

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })

const withoutSecret = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  delete env['WINDBACK_SECRET_KEY']
  return env
}

/** `next start` with the proxy's calls to Windback sent to the dev API (the machine's network stand-in). */
async function startNext(server: DevServer, secretKey: string | undefined) {
  const port = await freePort()
  const env = withoutSecret()
  if (secretKey) env['WINDBACK_SECRET_KEY'] = secretKey
  env['NODE_OPTIONS'] = `--import ${join(app, 'windback-api-on-loopback.mjs')}`
  env['WINDBACK_DEV_API'] = server.url
  const child = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: app, env })
  let output = ''
  child.stdout.on('data', (chunk) => (output += String(chunk)))
  child.stderr.on('data', (chunk) => (output += String(chunk)))
  await expect.poll(() => output, { timeout: 30_000 }).toContain('Ready')
  return { url: `http://127.0.0.1:${port}/api/windback/track`, output: () => output, child }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill()
  })

const batch = JSON.stringify({
  events: [{ event: 'login', customer_email: 'jane@example.com', timestamp: '2026-11-22T10:00:00.000Z', message_id: 'next-1' }],
})

test.describe('the README Next.js route in a real Next app', () => {
  test.describe.configure({ mode: 'serial', timeout: 180_000 })
  const children: ChildProcess[] = []

  test.beforeAll(async () => {
    rmSync(app, { recursive: true, force: true })
    mkdirSync(join(app, 'app', 'api', 'windback', 'track'), { recursive: true })
    await installPackedPackage(app, { name: 'next-consumer', private: true })
    writeFileSync(join(app, 'app', 'api', 'windback', 'track', 'route.ts'), `${readmeSnippet('**Next.js (app router)**', 'ts')}\n`)
    // The repo is the workspace root Next finds (its lockfile); say so rather than let it guess.
    writeFileSync(join(app, 'next.config.mjs'), `export default { turbopack: { root: ${JSON.stringify(repo)} } }\n`)
    writeFileSync(
      join(app, 'windback-api-on-loopback.mjs'),
      `const windback = 'https://api.windbackai.com'
const origin = globalThis.fetch
globalThis.fetch = (input, init) => origin(typeof input === 'string' ? input.replace(windback, process.env.WINDBACK_DEV_API) : input, init)
`,
    )
  })
  test.afterAll(async () => {
    await Promise.all(children.map(stop))
    rmSync(app, { recursive: true, force: true })
  })

  test('next build succeeds with WINDBACK_SECRET_KEY unset', async () => {
    const { stdout } = await run(process.execPath, [next, 'build'], { cwd: app, env: withoutSecret() })
    expect(stdout).toMatch(/ƒ \/api\/windback\/track/)
  })

  test('with the key, a batch is forwarded to Windback with it', async ({ server }) => {
    const started = await startNext(server, DEMO_SECRET_KEY)
    children.push(started.child)
    const response = await fetch(started.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: batch })
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { data: { accepted: 1 } } })
    expect(server.api.log().filter((entry) => entry.path === '/track').map((entry) => [entry.status, entry.key])).toEqual([[200, 'sk_test_w…']])
  })

  test('without the key, requests are answered 500 and the server logs it once', async ({ server }) => {
    const started = await startNext(server, undefined)
    children.push(started.child)
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(started.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: batch })
      expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL_ERROR' } } })
    }
    expect(started.output().match(/\[windback\].*secret/gi)).toHaveLength(1)
    expect(server.api.log().filter((entry) => entry.path === '/track')).toEqual([])
  })
})
