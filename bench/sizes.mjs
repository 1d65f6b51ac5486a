// Sizes of the built files as a visitor downloads them: each entry with every chunk it imports
// statically, gzip -9 and brotli -11. Used by `npm run bench` and by the size-budget test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

export const dist = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist')

const STATIC_IMPORT = /import\s*(?:[^'"`()]*?from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g

/**
 * The file and every file it imports statically, transitively (dynamic `import()` excluded).
 * @param {string} file
 * @returns {string[]}
 */
export function staticClosure(file) {
  /** @type {Set<string>} */
  const seen = new Set()
  /** @param {string} path */
  const visit = (path) => {
    if (seen.has(path)) return
    seen.add(path)
    for (const match of readFileSync(path, 'utf8').matchAll(STATIC_IMPORT)) visit(resolve(dirname(path), match[1] ?? ''))
  }
  visit(file)
  return [...seen]
}

/** @param {string[]} files */
export function compressedSizes(files) {
  const bytes = Buffer.concat(files.map((file) => readFileSync(file)))
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

/**
 * `source` as an app's entry module, bundled and tree-shaken by rolldown (Vite's bundler) and
 * minified; lazy chunks excluded.
 * @param {string} source
 * @param {string[]} [external] imports the app provides itself
 */
async function bundledSize(source, external = []) {
  const { rolldown } = await import('rolldown')
  const work = mkdtempSync(join(tmpdir(), 'windback-size-'))
  try {
    const entry = join(work, 'entry.js')
    writeFileSync(entry, source)
    // The entry lives in a temp folder: bare imports resolve from this package's node_modules.
    const bundle = await rolldown({ input: entry, external, resolve: { modules: [join(dirname(dist), 'node_modules')] }, logLevel: 'silent' })
    await bundle.write({ dir: join(work, 'out'), minify: true, entryFileNames: 'entry.js', chunkFileNames: '[name].js' })
    await bundle.close()
    return compressedSizes(staticClosure(join(work, 'out', 'entry.js')))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * What `import { openCancelFlow } from '@windback/browser'` adds to an app's bundle before the
 * modal is needed.
 * @param {string} specifier a file in dist/ @param {string[]} names
 */
export const treeShakenSize = (specifier, names) =>
  bundledSize(`import { ${names.join(', ')} } from ${JSON.stringify(join(dist, specifier))}\nglobalThis.used = [${names.join(', ')}]\n`)

/**
 * What `import { useCancelFlow } from '@windback/browser/<framework>'` adds to an app that already
 * uses `createCancelFlow` from the main entry; the framework itself is the app's, not counted.
 * @param {'react' | 'vue'} framework
 */
export async function bindingOverhead(framework) {
  const main = `import { createCancelFlow } from ${JSON.stringify(join(dist, 'index.js'))}\nglobalThis.main = createCancelFlow\n`
  const binding = `import { useCancelFlow } from ${JSON.stringify(join(dist, `${framework}.js`))}\nglobalThis.hook = useCancelFlow\n`
  const [alone, both] = await Promise.all([bundledSize(main), bundledSize(main + binding, [framework])])
  return { raw: both.raw - alone.raw, gzip: both.gzip - alone.gzip, brotli: both.brotli - alone.brotli }
}

/**
 * The given stack alone, before a line of ours: what any UMD built on it must carry. The first
 * imports exactly what the modal imports; the second is the smallest zod/mini object schema.
 */
const PREACT_AND_SIGNALS = `
  import { render } from 'preact'
  import { jsx, Fragment } from 'preact/jsx-runtime'
  import { useEffect, useLayoutEffect, useRef } from 'preact/hooks'
  import { computed, effect, signal } from '@preact/signals'
  globalThis.ui = [render, jsx, Fragment, useEffect, useLayoutEffect, useRef, computed, effect, signal]`
const SMALLEST_ZOD_SCHEMA = `
  import * as z from 'zod/mini'
  globalThis.parse = z.object({ title: z.string(), reasons: z.array(z.object({ id: z.string() })) }).safeParse`
const STACK_FLOORS = {
  'floor: preact + hooks + @preact/signals, as the modal imports them': PREACT_AND_SIGNALS,
  'floor: zod/mini, the smallest object schema': SMALLEST_ZOD_SCHEMA,
  'floor: both together': PREACT_AND_SIGNALS + SMALLEST_ZOD_SCHEMA,
}

/** Every row of the size table. */
export async function measureSizes() {
  const modalChunk = (await import('node:fs')).readdirSync(join(dist, 'chunks')).find((name) => /^render-flow-.*\.js$/.test(name))
  return {
    'windback.umd.js (script tag, all included, en)': compressedSizes([join(dist, 'windback.umd.js')]),
    'import { openCancelFlow } (before the modal is needed)': await treeShakenSize('index.js', ['openCancelFlow']),
    'import { createTracker } from "/tracker"': await treeShakenSize('tracker.js', ['createTracker']),
    'dist/index.js with its static imports': compressedSizes(staticClosure(join(dist, 'index.js'))),
    'modal chunk, loaded on preload()/open()': compressedSizes(staticClosure(join(dist, 'chunks', modalChunk ?? 'missing'))),
    'one extra language (fr), on demand': compressedSizes([join(dist, 'locales', 'fr.js')]),
    'useCancelFlow from "/react", on top of the main entry': await bindingOverhead('react'),
    'useCancelFlow from "/vue", on top of the main entry': await bindingOverhead('vue'),
    ...Object.fromEntries(await Promise.all(Object.entries(STACK_FLOORS).map(async ([name, source]) => [name, await bundledSize(source)]))),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureSizes())
