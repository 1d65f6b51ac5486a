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
 * What `import { openCancelFlow } from '@windback/browser'` adds to an app's bundle before the
 * modal is needed: bundled and tree-shaken by rolldown (Vite's bundler), lazy chunks excluded.
 */
/** @param {string} specifier a file in dist/ @param {string[]} names */
export async function treeShakenSize(specifier, names) {
  const { rolldown } = await import('rolldown')
  const work = mkdtempSync(join(tmpdir(), 'windback-size-'))
  try {
    const entry = join(work, 'entry.js')
    writeFileSync(entry, `import { ${names.join(', ')} } from ${JSON.stringify(join(dist, specifier))}\nglobalThis.used = [${names.join(', ')}]\n`)
    const bundle = await rolldown({ input: entry, logLevel: 'silent' })
    await bundle.write({ dir: join(work, 'out'), minify: true, entryFileNames: 'entry.js', chunkFileNames: '[name].js' })
    await bundle.close()
    return compressedSizes(staticClosure(join(work, 'out', 'entry.js')))
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
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
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureSizes())
