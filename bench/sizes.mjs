// Sizes of the built files as a visitor downloads them: each entry with every chunk it imports
// statically, compressed by Node's zlib (gzip level 9, brotli quality 11; the `gzip -9` command's
// output differs by up to 2 %). Used by `npm run bench` and by the size-budget test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { writeBlock } from './doc-blocks.mjs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const dist = join(root, 'dist')
const modules = join(root, 'node_modules')

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
    const bundle = await rolldown({ input: entry, external, resolve: { modules: [modules] }, logLevel: 'silent' })
    await bundle.write({ dir: join(work, 'out'), minify: true, entryFileNames: 'entry.js', chunkFileNames: '[name].js' })
    await bundle.close()
    return compressedSizes(staticClosure(join(work, 'out', 'entry.js')))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * The same as {@link bundledSize}, bundled by esbuild (code splitting on, as apps use it).
 * @param {string} source
 */
async function esbuildSize(source) {
  const { build } = await import('esbuild')
  const work = mkdtempSync(join(tmpdir(), 'windback-size-'))
  try {
    const entry = join(work, 'entry.js')
    writeFileSync(entry, source)
    await build({ entryPoints: [entry], bundle: true, splitting: true, format: 'esm', minify: true, outdir: join(work, 'out'), logLevel: 'silent' })
    return compressedSizes(staticClosure(join(work, 'out', 'entry.js')))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** @param {string} specifier a file in dist/ @param {string[]} names */
const importOf = (specifier, names) =>
  `import { ${names.join(', ')} } from ${JSON.stringify(join(dist, specifier))}\nglobalThis.used = [${names.join(', ')}]\n`

/**
 * What `import { openCancelFlow } from '@windback/browser'` adds to an app's bundle before the
 * modal is needed.
 * @param {string} specifier a file in dist/ @param {string[]} names
 */
export const treeShakenSize = (specifier, names) => bundledSize(importOf(specifier, names))

/** {@link treeShakenSize} with esbuild. @param {string} specifier @param {string[]} names */
export const esbuildTreeShakenSize = (specifier, names) => esbuildSize(importOf(specifier, names))

/**
 * What a billing page with the README's script tag downloads from dist/, in Chromium: before any
 * interaction, on intent, and to the first modal (see bench/script-tag.mjs).
 */
export async function scriptTagPageSizes() {
  const [{ chromium }, { startServer }, { chromiumArgs, chromiumPath }, { scriptTagDownloads }] = await Promise.all([
    import('playwright-core'),
    import('../demo/server.js'),
    import('../test/chromium-path.mjs'),
    import('./script-tag.mjs'),
  ])
  const server = await startServer({ mounts: [{ prefix: '/bench/', dir: join(root, 'bench', 'pages') }] })
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
  try {
    return await scriptTagDownloads(await browser.newPage(), server.url)
  } finally {
    await browser.close()
    await server.close()
  }
}

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

/** Every row of the size table: built files, then the stack's floors, then a peer for scale. */
export async function measureSizes() {
  const modalChunk = (await import('node:fs')).readdirSync(join(dist, 'chunks')).find((name) => /^modal-.*\.js$/.test(name))
  const peerVersion = JSON.parse(readFileSync(join(modules, 'posthog-js', 'package.json'), 'utf8')).version
  const page = await scriptTagPageSizes()
  return {
    'script tag: every file before any interaction (Chromium request log)': page.initial,
    'script tag: after intent (pointer over a cancel link)': page.intent,
    'script tag: everything to show the first modal (en)': page.modal,
    'windback.standalone.umd.js (script tag, one file, every language)': compressedSizes([join(dist, 'windback.standalone.umd.js')]),
    'import { openCancelFlow } (before the modal is needed), rolldown': await treeShakenSize('index.js', ['openCancelFlow']),
    'import { openCancelFlow } (before the modal is needed), esbuild': await esbuildTreeShakenSize('index.js', ['openCancelFlow']),
    'import { createTracker } from "/tracker", rolldown': await treeShakenSize('tracker.js', ['createTracker']),
    'import { createTracker } from "/tracker", esbuild': await esbuildTreeShakenSize('tracker.js', ['createTracker']),
    'dist/index.js with its static imports': compressedSizes(staticClosure(join(dist, 'index.js'))),
    'modal chunk, loaded on preload()/open()': compressedSizes(staticClosure(join(dist, 'chunks', modalChunk ?? 'missing'))),
    'one extra language (fr), on demand': compressedSizes([join(dist, 'locales', 'fr.js')]),
    'one extra language for the script tag (script-tag/locales/fr.js)': compressedSizes([join(dist, 'script-tag', 'locales', 'fr.js')]),
    'useCancelFlow from "/react", on top of the main entry': await bindingOverhead('react'),
    'useCancelFlow from "/vue", on top of the main entry': await bindingOverhead('vue'),
    ...Object.fromEntries(await Promise.all(Object.entries(STACK_FLOORS).map(async ([name, source]) => [name, await bundledSize(source)]))),
    [`peer: posthog-js ${peerVersion} \`dist/array.js\` (its script-tag build)`]: compressedSizes([join(modules, 'posthog-js', 'dist', 'array.js')]),
  }
}

/** The README's size table: a user's wording for the rows a user cares about. */
const README_ROWS = {
  'script tag: every file before any interaction (Chromium request log)': '`<script>` tag: what a billing page loads before anyone shows intent',
  'script tag: everything to show the first modal (en)': '`<script>` tag: everything loaded once the modal shows (English)',
  'import { openCancelFlow } (before the modal is needed), rolldown': '`import { openCancelFlow }`: what your bundle gets before the modal is needed (Vite/rolldown)',
  'import { openCancelFlow } (before the modal is needed), esbuild': 'the same, bundled by esbuild',
  'modal chunk, loaded on preload()/open()': 'the modal (Preact, signals, zod/mini, UI, styles, English), loaded on `preload()` / first `open()`',
  'one extra language (fr), on demand': 'one more language (French), loaded on demand',
  'import { createTracker } from "/tracker", rolldown': "`import { createTracker } from '@windback/browser/tracker'` (Vite/rolldown)",
  'import { createTracker } from "/tracker", esbuild': 'the same, bundled by esbuild',
  'windback.standalone.umd.js (script tag, one file, every language)': '`windback.standalone.umd.js`, the same in one file with every language',
  'useCancelFlow from "/react", on top of the main entry': '`useCancelFlow` from `/react`, on top of the main entry',
  'useCancelFlow from "/vue", on top of the main entry': '`useCancelFlow` from `/vue`, on top of the main entry',
  'floor: both together': 'for scale: Preact + hooks + @preact/signals + the smallest zod/mini schema, nothing else',
}

/**
 * The size tables of BENCHMARKS.md and README.md for these sizes. Both files hold them between
 * `<!-- sizes:start -->` and `<!-- sizes:end -->`; a test compares them with a fresh measurement.
 * @param {Awaited<ReturnType<typeof measureSizes>>} sizes
 */
export function sizeTables(sizes) {
  const peer = Object.keys(sizes).find((name) => name.startsWith('peer:'))
  const benchmarks = [
    '| what | raw | gzip (zlib level 9) | brotli (quality 11) |',
    '|---|---:|---:|---:|',
    ...Object.entries(sizes).map(([name, size]) => `| ${name} | ${size.raw} | ${size.gzip} | ${size.brotli} |`),
  ]
  const readme = [
    '| what | gzip |',
    '|---|---:|',
    ...Object.entries(README_ROWS).map(([name, label]) => `| ${label} | ${sizes[name]?.gzip.toLocaleString('en-US')} |`),
    `| for scale: ${peer?.slice('peer: '.length)} | ${peer && sizes[peer]?.gzip.toLocaleString('en-US')} |`,
  ]
  return { 'BENCHMARKS.md': benchmarks.join('\n'), 'README.md': readme.join('\n') }
}

// `npm run bench:sizes`: after a change to the code, rewrite the size tables only (they are
// deterministic; the timings of `npm run bench` keep their own date).
if (import.meta.url === `file://${process.argv[1]}`) {
  const tables = sizeTables(await measureSizes())
  for (const [file, table] of Object.entries(tables)) writeBlock(file, 'sizes', table)
  console.log(tables['BENCHMARKS.md'])
}
