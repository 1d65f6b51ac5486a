import { test, expect } from '@playwright/test'

// Runs in Node, with no DOM at all: importing must not touch window, document or storage.
test('every entry imports in Node without a DOM and adds no globals', async () => {
  expect(typeof (globalThis as any).window).toBe('undefined')
  const before = Object.keys(globalThis)
  // Built files, by URL: the type checker is not meant to read dist/.
  const load = (entry: string) => import(new URL(`../../dist/${entry}.js`, import.meta.url).href)
  for (const entry of ['index', 'tracker', 'server', 'config']) {
    expect(Object.keys(await load(entry)).length).toBeGreaterThan(0)
  }
  const main = await load('index')
  expect(Object.keys(main).sort()).toEqual(['WindbackError', 'createCancelFlow', 'createTracker', 'isWindbackError', 'openCancelFlow'])
  expect(Object.keys(globalThis).filter((key) => !before.includes(key))).toEqual([])
})
