import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Alias, LibraryOptions, Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import dts from 'vite-plugin-dts'
import { ON_DEMAND_LANGUAGES } from './src/ui/languages.js'

// Builds that share no chunks: the browser ESM entries (with all type declarations), `--mode
// server` for Node, the script tag's files (scripts/build-script-tag.mjs runs their modes in
// order: the on-demand files, then `umd`, whose file carries their hashes) and `standalone`,
// the script tag in one file. Preact, signals and zod are bundled everywhere, so the package has
// no runtime dependencies.

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** The script tag's on-demand files (classic scripts), by their path under dist/. */
const SCRIPT_TAG_FILES: Record<string, string> = {
  'script-tag/modal.js': 'src/script-tag/files/modal.ts',
  'script-tag/outbox.js': 'src/script-tag/files/outbox.ts',
  ...Object.fromEntries(ON_DEMAND_LANGUAGES.map((language) => [`script-tag/locales/${language}.js`, 'src/script-tag/files/language.ts'])),
}
const scriptTagFileOf = (mode: string) =>
  mode === 'script-modal'
    ? 'script-tag/modal.js'
    : mode === 'script-outbox'
      ? 'script-tag/outbox.js'
      : mode.startsWith('script-language-')
        ? `script-tag/locales/${mode.slice('script-language-'.length)}.js`
        : undefined

/** Each on-demand file's `integrity` value, read from dist/ once those files are built. */
function scriptTagHashes(): Record<string, string> {
  return Object.fromEntries(
    Object.keys(SCRIPT_TAG_FILES).map((path) => {
      let bytes: Buffer
      try {
        bytes = readFileSync(source(`dist/${path}`))
      } catch (cause) {
        throw new Error(`dist/${path} is missing: build the script tag with npm run build (scripts/build-script-tag.mjs builds it first)`, { cause })
      }
      return [path, `sha384-${createHash('sha384').update(bytes).digest('base64')}`]
    }),
  )
}

/**
 * In the script tag's files, every `errors.js` import is `script-tag/page-errors.ts`: one
 * WindbackError class for the page across files loaded separately.
 */
const pageWideErrors = (): Plugin => ({
  name: 'windback:page-wide-errors',
  enforce: 'pre',
  resolveId(id, importer) {
    const ours = importer?.startsWith(source('src/')) && !importer.endsWith('page-errors.ts')
    if (ours && /(?:^|\/)errors\.js$/.test(id)) return source('src/script-tag/page-errors.ts')
    return undefined
  },
})

const LIBRARIES: Record<string, LibraryOptions> = {
  umd: { entry: 'src/umd.ts', name: 'Windback', formats: ['umd'], fileName: () => 'windback.umd.js' },
  standalone: { entry: 'src/standalone.ts', name: 'Windback', formats: ['umd'], fileName: () => 'windback.standalone.umd.js' },
  server: { entry: { server: 'src/server/index.ts' }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
  production: {
    entry: {
      index: 'src/index.ts',
      tracker: 'src/tracker/index.ts',
      config: 'src/config.ts',
      preview: 'src/preview.ts',
      react: 'src/react/index.ts',
      vue: 'src/vue/index.ts',
      // Stable paths (dist/locales/fr.js): the UMD build loads these same files on demand.
      ...Object.fromEntries(ON_DEMAND_LANGUAGES.map((language) => [`locales/${language}`, `src/ui/locales/${language}.ts`])),
    },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
  },
}

/** The modules a script-tag build swaps in for the ESM build's. */
function scriptTagAliases(mode: string): Alias[] {
  if (mode === 'umd') return [{ find: /^\.\/on-demand\.js$/, replacement: source('src/script-tag/on-demand.ts') }]
  if (mode === 'script-modal') return [{ find: /^\.\/locale-loaders\.js$/, replacement: source('src/ui/locale-loaders.script-tag.ts') }]
  if (mode.startsWith('script-language-')) {
    return [{ find: /^windback:language$/, replacement: source(`src/ui/locales/${mode.slice('script-language-'.length)}.ts`) }]
  }
  return []
}

export default defineConfig(({ mode }) => {
  const scriptTagFile = scriptTagFileOf(mode)
  const lib: LibraryOptions =
    scriptTagFile !== undefined
      ? { entry: SCRIPT_TAG_FILES[scriptTagFile]!, name: 'Windback', formats: ['iife'], fileName: () => scriptTagFile }
      : (LIBRARIES[mode] ?? LIBRARIES['production']!)
  const browserEsm = lib === LIBRARIES['production']
  const scriptTag = mode === 'umd' || scriptTagFile !== undefined
  return {
    // Every build is a production build, whatever its mode's name: no development JSX (source paths,
    // line numbers) in what ships, and the same bytes from any checkout folder.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
    resolve: { alias: scriptTagAliases(mode) },
    define: mode === 'umd' ? { __WINDBACK_FILE_HASHES__: JSON.stringify(scriptTagHashes()) } : {},
    build: {
      target: mode === 'server' ? 'node20' : 'es2022',
      // The browsers with native light-dark() (README: Limits): without this, the CSS minifier
      // rewrites each light-dark() into a variable polyfill that doubles the palette's bytes.
      cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
      emptyOutDir: browserEsm,
      sourcemap: true,
      minify: true,
      lib,
      rolldownOptions:
        scriptTag || mode === 'standalone'
          ? { output: { codeSplitting: false } }
          : mode === 'server'
            ? { external: [/^node:/], output: { codeSplitting: false } }
          : {
              // The framework bindings use the host app's React or Vue, never a bundled copy.
              external: [/^node:/, /^react(?:\/|$)/, /^vue$/],
              output: {
                minify: true,
                chunkFileNames: 'chunks/[name]-[hash].js',
                // The helpers both entries use get a chunk of their own, so an app that imports only
                // openCancelFlow can drop the tracker's chunk whole (sideEffects: false). Helpers
                // that only code loaded later (or the tracker) uses stay out: this chunk loads up front.
                codeSplitting: {
                  groups: [{ name: 'core', test: /[\\/]src[\\/](core[\\/](?!issue-details|random-id|keepalive|page-state|http)|errors\.ts|defaults\.ts)/ }],
                },
              },
            },
    },
    plugins: browserEsm
      ? [dts({ include: ['src'], exclude: ['src/umd.ts', 'src/standalone.ts', 'src/script-tag/files'], entryRoot: 'src', outDir: 'dist/types' })]
      : scriptTag
        ? [pageWideErrors()]
        : [],
    test: {
      environment: 'happy-dom',
      include: ['test/unit/**/*.test.{ts,tsx}'],
      // README snippets import the package by name; the tests run them against the source.
      alias: {
        '@windback/browser/react': fileURLToPath(new URL('src/react/index.ts', import.meta.url)),
        '@windback/browser/vue': fileURLToPath(new URL('src/vue/index.ts', import.meta.url)),
      },
      restoreMocks: true,
    },
  }
})
