import { fileURLToPath } from 'node:url'
import type { LibraryOptions } from 'vite'
import { defineConfig } from 'vitest/config'
import dts from 'vite-plugin-dts'

// Four builds that share no chunks: the browser ESM entries (with all type declarations),
// `--mode server` for Node, `--mode umd` for the <script> build (languages on demand) and
// `--mode standalone` for the same in one file with every language inside. Preact, signals
// and zod are bundled everywhere, so the package has no runtime dependencies.
import { ON_DEMAND_LANGUAGES } from './src/ui/languages.js'

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
  const lib = LIBRARIES[mode] ?? LIBRARIES['production']!
  const browserEsm = lib === LIBRARIES['production']
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    resolve: {
      alias:
        mode === 'umd'
          ? [{ find: /^\.\/locale-loaders\.js$/, replacement: fileURLToPath(new URL('src/ui/locale-loaders.umd.ts', import.meta.url)) }]
          : [],
    },
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
        mode === 'umd' || mode === 'standalone'
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
                  groups: [{ name: 'core', test: /[\\/]src[\\/](core[\\/](?!issue-details|random-id|keepalive)|errors\.ts|defaults\.ts)/ }],
                },
              },
            },
    },
    plugins: browserEsm ? [dts({ include: ['src'], exclude: ['src/umd.ts'], entryRoot: 'src', outDir: 'dist/types' })] : [],
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
