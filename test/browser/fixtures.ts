import { test as base, expect, type Page } from '@playwright/test'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '../../demo/server.js'

export type DevServer = Awaited<ReturnType<typeof startServer>>

const here = dirname(fileURLToPath(import.meta.url))
const pagesDir = join(here, 'pages')
const modules = join(here, '..', '..', 'node_modules')

/** The policy a strict customer page sends; the widget must need nothing more (README: CSP). */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'"

/** Every test gets its own server (demo + dev API + test pages) on a free loopback port. */
export const test = base.extend<{ server: DevServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  server: async ({}, use) => {
    const server = await startServer({
      mounts: [
        { prefix: '/csp/', dir: join(pagesDir, 'csp'), headers: { 'Content-Security-Policy': STRICT_CSP } },
        { prefix: '/pages/', dir: pagesDir },
        // dist/ as a CDN serves it, for pages of another (or an opaque) origin that load it with CORS.
        { prefix: '/cors/dist/', dir: join(here, '..', '..', 'dist'), headers: { 'Access-Control-Allow-Origin': '*' } },
        { prefix: '/vendor/bootstrap/', dir: join(modules, 'bootstrap', 'dist', 'css') },
        { prefix: '/vendor/tailwind/', dir: join(modules, 'tailwindcss') },
      ],
    })
    await use(server)
    await server.close()
  },
})

export { expect }

/** A `part` inside the modal's shadow root (Playwright's CSS engine pierces open shadow roots). */
export const part = (page: Page, name: string) => page.locator(`windback-cancel-flow [part~="${name}"]`)

/** Waits until the modal's enter and step animations are over, so what is measured is what stays. */
export const animationsDone = (page: Page) =>
  page.waitForFunction(() =>
    document.querySelector('windback-cancel-flow')!.shadowRoot!.getAnimations().every((animation) => animation.playState !== 'running'),
  )

export const reasonsPosts = (server: DevServer) =>
  server.api.log().filter((entry) => entry.path === '/cancel-flow/reasons' && entry.method === 'POST')

/**
 * What a page that leaves (reload, link) while it holds an answer may leave at the API: the one
 * delivery, plus at most the copy it sent by keepalive as it went, which the API answers as a
 * duplicate (same submission_id, recorded once).
 */
export const DELIVERED_WITH_LEAVING_COPY = [[201], [201, 200]]

/**
 * The status of every cancel-flow answer POST that reached the dev API, read once the page's
 * outbox is empty and the API has answered all it received. "Arrives once" is checked on this,
 * not on the API's submissions: the API deduplicates by submission_id, so they hide a second send.
 */
export async function settledReasonsPosts(page: Page, server: DevServer, { outboxDrained = true } = {}) {
  // After a page navigated away mid-request, its entry stays stored until a page with the widget loads.
  if (outboxDrained) await expect.poll(() => page.evaluate(() => localStorage.getItem('windback:outbox:v1'))).toBeNull()
  await expect.poll(() => server.api.requestsInFlight()).toBe(0)
  return reasonsPosts(server).map((post) => post.status)
}

/** Loads the ESM test page and waits until `window.windback` is the built main entry. */
export async function openEsmPage(page: Page, server: DevServer) {
  await page.goto(`${server.url}/pages/esm.html`)
  await page.waitForFunction(() => 'windback' in window)
}

/** Adds a script tag as a host writes it (attributes set before it is inserted, so it runs with them); waits until it ran or failed. */
export async function addScriptTag(page: Page, src: string, attributes: Record<string, string> = {}) {
  await page.evaluate(
    ({ src, attributes }) =>
      new Promise<void>((resolve) => {
        const script = document.createElement('script')
        for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value)
        script.src = src
        script.onload = script.onerror = () => resolve()
        document.head.append(script)
      }),
    { src, attributes },
  )
}

/** Every request the page makes to the test server from now on, as paths. */
export function requestLog(page: Page, server: DevServer) {
  const paths: string[] = []
  page.on('request', (request) => {
    if (request.url().startsWith(server.url)) paths.push(new URL(request.url()).pathname)
  })
  return paths
}
