import { test as base, expect, type Page } from '@playwright/test'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '../../demo/server.js'

export type DevServer = Awaited<ReturnType<typeof startServer>>

const pagesDir = join(dirname(fileURLToPath(import.meta.url)), 'pages')

/** Every test gets its own server (demo + dev API + test pages) on a free loopback port. */
export const test = base.extend<{ server: DevServer }>({
  server: async ({}, use) => {
    const server = await startServer({ mounts: [{ prefix: '/pages/', dir: pagesDir }] })
    await use(server)
    await server.close()
  },
})

export { expect }

/** A `part` inside the modal's shadow root (Playwright's CSS engine pierces open shadow roots). */
export const part = (page: Page, name: string) => page.locator(`windback-cancel-flow [part~="${name}"]`)

export const reasonsPosts = (server: DevServer) =>
  server.api.log().filter((entry) => entry.path === '/cancel-flow/reasons' && entry.method === 'POST')

/** Loads the ESM test page and waits until `window.windback` is the built main entry. */
export async function openEsmPage(page: Page, server: DevServer) {
  await page.goto(`${server.url}/pages/esm.html`)
  await page.waitForFunction(() => 'windback' in window)
}
