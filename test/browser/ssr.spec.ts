import { test, expect } from '@playwright/test'

// Runs in Node, with no DOM at all: importing must not touch window, document or storage.
test('every entry imports in Node without a DOM and adds no globals', async () => {
  expect(typeof (globalThis as any).window).toBe('undefined')
  const before = Object.keys(globalThis)
  // Built files, by URL: the type checker is not meant to read dist/.
  const load = (entry: string) => import(new URL(`../../dist/${entry}.js`, import.meta.url).href)
  // The public surface of each entry, locked: adding or losing an export is a deliberate change.
  const exported: Record<string, string[]> = {
    index: ['WindbackError', 'createCancelFlow', 'createTracker', 'isWindbackError', 'openCancelFlow'],
    tracker: ['WindbackError', 'createTracker'],
    server: ['WindbackError', 'createTrackProxy', 'isWindbackError', 'toNodeHandler'],
    config: ['lintConfig', 'parseConfig'],
  }
  for (const [entry, names] of Object.entries(exported)) {
    expect(Object.keys(await load(entry)).sort(), entry).toEqual(names)
  }
  expect(Object.keys(globalThis).filter((key) => !before.includes(key))).toEqual([])
})
