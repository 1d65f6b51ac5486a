import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Alias, LibraryOptions, Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import dts from 'vite-plugin-dts'
import { sriHash } from './scripts/write-integrity.mjs'
import { ON_DEMAND_LANGUAGES } from './src/ui/languages.js'

// Builds that share no chunks: the browser ESM entries (with all type declarations), `--mode
// server` for Node, the script tag's files (scripts/build-script-tag.mjs runs their modes in
// order: each file after those whose hashes it carries, `umd` last) and `standalone`, the script
// tag in one file. Preact, signals and zod are bundled everywhere, so the package has
// no runtime dependencies.

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

interface ScriptTagFile {
  /** Its path under dist/. */
  path: string
  entry: string
  /** What its entry imports by a name of the build's (a language file: which language). */
  alias: Alias[]
  /** The files it loads itself: their hashes are written into it, so it is built after them. */
  loads: string[]
}

const LANGUAGE_FILES: Record<string, ScriptTagFile> = Object.fromEntries(
  ON_DEMAND_LANGUAGES.map((language) => [
    `script-language-${language}`,
    {
      path: `script-tag/locales/${language}.js`,
      entry: 'src/script-tag/files/language.ts',
      alias: [{ find: /^windback:language$/, replacement: source(`src/ui/locales/${language}.ts`) }],
      loads: [],
    },
  ]),
)

/**
 * The script tag's on-demand files (classic scripts), one build each, by the build's mode, in
 * the order they must be built: scripts/build-script-tag.mjs builds each of these modes, then
 * `umd`, which loads the modal and the outbox.
 */
export const SCRIPT_TAG_FILES: Record<string, ScriptTagFile> = {
  ...LANGUAGE_FILES,
  'script-modal': {
    path: 'script-tag/modal.js',
    entry: 'src/script-tag/files/modal.ts',
    alias: [],
    loads: Object.values(LANGUAGE_FILES).map(({ path }) => path),
  },
  'script-outbox': { path: 'script-tag/outbox.js', entry: 'src/script-tag/files/outbox.ts', alias: [], loads: [] },
  'script-signals': { path: 'script-tag/signals.js', entry: 'src/script-tag/files/signals.ts', alias: [], loads: [] },
}

const LOADED_BY_SCRIPT_TAG = ['script-tag/modal.js', 'script-tag/outbox.js', 'script-tag/signals.js']

/** The `integrity` value of each of `paths` (under dist/), read from dist/ once they are built. */
function fileHashes(paths: string[]): Record<string, string> {
  return Object.fromEntries(
    paths.map((path) => {
      try {
        return [path, sriHash(source(`dist/${path}`))]
      } catch (cause) {
        throw new Error(`dist/${path} is missing: build the script tag with npm run build (scripts/build-script-tag.mjs builds it first)`, { cause })
      }
    }),
  )
}

const REPLACEMENTS = source('src/script-tag/replacements/')

/**
 * The one difference between the script tag's files and the ESM build: a module of src/ that has
 * a namesake under src/script-tag/replacements/ (the same path below it) is that namesake in
 * the script tag's builds. Those load code as integrity-checked classic scripts, not as chunks.
 */
const scriptTagReplacements = (): Plugin => ({
  name: 'windback:script-tag-replacements',
  enforce: 'pre',
  async resolveId(id, importer, options) {
    if (!importer?.startsWith(source('src/')) || importer.startsWith(REPLACEMENTS) || !id.startsWith('.')) return undefined
    const resolved = await this.resolve(id, importer, { ...options, skipSelf: true })
    if (!resolved) return undefined
    const replacement = REPLACEMENTS + relative(source('src/'), resolved.id)
    return existsSync(replacement) ? replacement : undefined
  },
})

/** The modules of the ESM build's shared up-front chunk (see its `codeSplitting` below). */
const UP_FRONT_HELPERS = /[\\/]src[\\/](?:core[\\/](?:api-base|log|objects|option-errors|request|retry|safe-values|storage)\.ts|errors\.ts|defaults\.ts)$/

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

export default defineConfig(({ mode }) => {
  const scriptTagFile = SCRIPT_TAG_FILES[mode]
  const lib: LibraryOptions = scriptTagFile
    ? { entry: scriptTagFile.entry, name: 'Windback', formats: ['iife'], fileName: () => scriptTagFile.path }
    : (LIBRARIES[mode] ?? LIBRARIES['production']!)
  const browserEsm = lib === LIBRARIES['production']
  const scriptTag = mode === 'umd' || scriptTagFile !== undefined
  return {
    // Every build is a production build, whatever its mode's name: no development JSX (source paths,
    // line numbers) in what ships, and the same bytes from any checkout folder.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
    resolve: { alias: scriptTagFile?.alias ?? [] },
    define: scriptTag ? { __WINDBACK_FILE_HASHES__: JSON.stringify(fileHashes(scriptTagFile?.loads ?? LOADED_BY_SCRIPT_TAG)) } : {},
    build: {
      target: mode === 'server' ? 'node20' : 'es2022',
      // The browsers with native light-dark() (README: Limits): without this, the CSS minifier
      // rewrites each light-dark() into a variable polyfill that doubles the palette's bytes.
      cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
      emptyOutDir: browserEsm,
      // Written for local debugging but not named in the files: the package ships without maps, and a
      // host serving dist/ would otherwise answer every open developer console with 404s.
      sourcemap: 'hidden',
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
                // openCancelFlow can drop the tracker's chunk whole (sideEffects: false). This chunk
                // loads up front, so it is an allow-list: a new helper joins it only when named here.
                codeSplitting: {
                  groups: [{ name: 'core', test: UP_FRONT_HELPERS }],
                },
              },
            },
    },
    plugins: browserEsm
      ? [dts({ include: ['src'], exclude: ['src/umd.ts', 'src/standalone.ts', 'src/script-tag/files'], entryRoot: 'src', outDir: 'dist/types' })]
      : scriptTag
        ? [scriptTagReplacements()]
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
