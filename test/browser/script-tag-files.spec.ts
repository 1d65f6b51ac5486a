import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { dist } from '../../bench/sizes.mjs'
import { addScriptTag, expect, part, requestLog, test } from './fixtures.js'
import { repo } from './packed-package.js'

const manifest = () => JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8')) as { version: string; files: Record<string, string> }

test('integrity.json lists every file a browser may load from dist/, with its SHA-384, and the package version', () => {
  const { version, files } = manifest()
  expect(version).toBe((JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version)
  const walk = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? (entry.name === 'types' ? [] : walk(join(directory, entry.name))) : entry.name.endsWith('.js') ? [join(directory, entry.name)] : [],
    )
  const browserFiles = walk(dist).map((file) => relative(dist, file)).filter((path) => path !== 'server.js')
  expect(Object.keys(files).sort()).toEqual(browserFiles.sort())
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['windback.umd.js', 'windback.standalone.umd.js', 'index.js', 'locales/ar.js', 'preview.js']))
  for (const [path, hash] of Object.entries(files)) {
    expect(hash, path).toBe(`sha384-${createHash('sha384').update(readFileSync(join(dist, path))).digest('base64')}`)
  }
})

test('the script tag with the integrity from integrity.json and crossorigin runs; with a wrong hash it does not, and the link stays a plain link', async ({ page, server }) => {
  const integrity = manifest().files['windback.umd.js']!
  await page.goto(`${server.url}/pages/blank.html`)
  await addScriptTag(page, '/dist/windback.umd.js', { integrity, crossorigin: 'anonymous', 'data-public-key': 'pub_test', 'data-api-base': '/api/v1' })
  await page.click('#cancel-link')
  await expect(part(page, 'dialog')).toBeVisible()

  await page.goto(`${server.url}/pages/blank.html`)
  const tampered = `${integrity.slice(0, -4)}AAA=`
  await addScriptTag(page, '/dist/windback.umd.js', { integrity: tampered, crossorigin: 'anonymous', 'data-public-key': 'pub_test', 'data-api-base': '/api/v1' })
  expect(await page.evaluate(() => 'Windback' in window)).toBe(false)
  await Promise.all([page.waitForURL('**/pages/after.html?via=link'), page.click('#cancel-link')])
})

test('the standalone file runs a whole flow in Arabic with no other file loaded', async ({ page, server }) => {
  const requests = requestLog(page, server)
  await page.goto(`${server.url}/pages/blank.html`)
  await page.locator('#cancel-link').evaluate((link) => ((link as HTMLElement).dataset['locale'] = 'ar'))
  await addScriptTag(page, '/dist/windback.standalone.umd.js', {
    integrity: manifest().files['windback.standalone.umd.js']!,
    crossorigin: 'anonymous',
    'data-public-key': 'pub_test',
    'data-api-base': '/api/v1',
  })
  expect(await page.evaluate(() => Object.keys((window as any).Windback).sort())).toEqual(expect.arrayContaining(['WindbackError', 'createCancelFlow', 'createTracker', 'openCancelFlow']))
  await page.click('#cancel-link')
  await expect(page.locator('windback-cancel-flow legend')).toHaveText('لماذا تلغي اشتراكك؟')
  await part(page, 'continue-cancel').click()
  await Promise.all([page.waitForURL('**/pages/after.html?via=link'), part(page, 'confirm-cancel').click()])
  await expect.poll(() => server.api.submissions().length).toBe(1)
  const beforeLeaving = requests.slice(0, requests.indexOf('/pages/after.html'))
  expect(beforeLeaving.filter((path) => !path.startsWith('/api/'))).toEqual(['/pages/blank.html', '/dist/windback.standalone.umd.js'])
})
