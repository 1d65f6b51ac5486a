import { expect, test } from '@playwright/test'
import { readBlock } from '../../bench/doc-blocks.mjs'
import { bindingOverhead, compressedSizes, dist, esbuildTreeShakenSize, measureSizes, scriptTagPageSizes, sizeTables, staticClosure, treeShakenSize } from '../../bench/sizes.mjs'
import { join } from 'node:path'

/**
 * gzip budgets (Node's zlib, level 9), enforced so a regression never lands. Where the target is not met yet, the
 * budget is today's size (a ceiling, not a goal) and the target is written beside it. The script
 * tag's rows are what Chromium's request log shows a billing page loading (one server, files
 * gzipped one by one as they are sent).
 */
const scriptTagPage = memo(scriptTagPageSizes)
const BUDGETS = [
  // Every error carries a brand so that instanceof holds across the script tag's separately loaded
  // files (about 50 B); the ceiling for this import is 4,000.
  { name: 'import { openCancelFlow } before the modal is needed (rolldown)', budget: 3450, target: 3500, measure: () => treeShakenSize('index.js', ['openCancelFlow']) },
  { name: 'import { openCancelFlow } before the modal is needed (esbuild)', budget: 3650, target: 3500, measure: () => esbuildTreeShakenSize('index.js', ['openCancelFlow']) },
  // The tracker refuses at track() the e-mails and timestamps the proxy would refuse (so one bad
  // event cannot sink a batch): about 200 B over the 3,650 it had before, most of it the e-mail
  // pattern; the errors' brand is about 50 B more.
  { name: 'import { createTracker } from "@windback/browser/tracker" (rolldown)', budget: 3900, target: 3650, measure: () => treeShakenSize('tracker.js', ['createTracker']) },
  { name: 'import { createTracker } from "@windback/browser/tracker" (esbuild)', budget: 3950, target: 3650, measure: () => esbuildTreeShakenSize('tracker.js', ['createTracker']) },
  { name: 'script tag: every file a billing page loads before any interaction', budget: 6450, target: 6000, measure: async () => (await scriptTagPage()).initial },
  { name: 'script tag: everything loaded to show the first modal (English)', budget: 34_000, target: 28_000, measure: async () => (await scriptTagPage()).modal },
  { name: 'one extra language (fr), loaded on demand', budget: 1100, target: 1100, measure: async () => compressedSizes(staticClosure(join(dist, 'locales', 'fr.js'))) },
  { name: 'one extra language for the script tag (fr)', budget: 1200, target: 1200, measure: async () => compressedSizes([join(dist, 'script-tag', 'locales', 'fr.js')]) },
  { name: 'the React hook, on top of the main entry', budget: 600, target: 600, measure: () => bindingOverhead('react') },
  { name: 'the Vue composable, on top of the main entry', budget: 600, target: 600, measure: () => bindingOverhead('vue') },
] as const

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

for (const { name, budget, measure } of BUDGETS) {
  test(`size budget: ${name} ≤ ${budget} bytes gzip`, async () => {
    const { gzip } = (await measure()) as { gzip: number }
    expect(gzip).toBeLessThanOrEqual(budget)
  })
}

test('the size tables of BENCHMARKS.md and README.md are this build\'s (npm run bench:sizes rewrites them)', async () => {
  const { readFileSync } = await import('node:fs')
  const tables = sizeTables(await measureSizes())
  for (const [file, table] of Object.entries(tables)) {
    expect(readBlock(readFileSync(join(dist, '..', file), 'utf8'), 'sizes'), `${file}: run npm run bench:sizes`).toBe(table)
  }
})

test('neither React nor Vue is in the script tag or the main entry: only the bindings import them', async () => {
  const { readFileSync } = await import('node:fs')
  const framework = /from\s*["'](?:react|vue)["']|require\(["'](?:react|vue)["']\)/
  for (const file of [join(dist, 'windback.umd.js'), ...staticClosure(join(dist, 'index.js'))]) {
    expect(framework.test(readFileSync(file, 'utf8')), file).toBe(false)
  }
  expect(framework.test(readFileSync(join(dist, 'react.js'), 'utf8'))).toBe(true)
})

test('no source module is bundled into more than one browser file', async () => {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs')
  const files = [
    ...['index.js', 'tracker.js', 'config.js'].map((name) => join(dist, name)),
    ...readdirSync(join(dist, 'chunks')).filter((name) => name.endsWith('.js')).map((name) => join(dist, 'chunks', name)),
  ]
  const owners = new Map<string, string[]>()
  // A file made only of re-exports has no source map, and no code of its own.
  for (const file of files.filter((candidate) => existsSync(`${candidate}.map`))) {
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }
    for (const source of map.sources) owners.set(source, [...(owners.get(source) ?? []), file])
  }
  const duplicated = [...owners].filter(([, holders]) => holders.length > 1).map(([source]) => source)
  expect(duplicated).toEqual([])
})

test('the workbench preview entry and the config doctor are in no file a billing page loads up front', async () => {
  const { existsSync, readFileSync } = await import('node:fs')
  const sourcesOf = (file: string) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources
  const workbenchOnly = /src\/(?:preview\.ts|doctor\/)/
  const files = [join(dist, 'windback.umd.js'), ...staticClosure(join(dist, 'index.js'))].filter((file) => existsSync(`${file}.map`))
  expect(files.length).toBeGreaterThan(1)
  expect(files.flatMap((file) => sourcesOf(file).filter((source) => workbenchOnly.test(source)))).toEqual([])
  // The check can see them where they are: the preview entry's own map names its module.
  expect(sourcesOf(join(dist, 'preview.js')).some((source) => workbenchOnly.test(source))).toBe(true)
})
