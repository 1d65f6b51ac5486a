import { defineConfig } from 'vitest/config'
import dts from 'vite-plugin-dts'

// Two builds: the ESM entries (with type declarations), then `--mode umd` for the one-file
// <script> build. Preact, signals and zod are bundled into both (CONTRACT §1).
export default defineConfig(({ mode }) => {
  const umd = mode === 'umd'
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      target: 'es2020',
      emptyOutDir: !umd,
      sourcemap: true,
      minify: true,
      lib: umd
        ? { entry: 'src/umd.ts', name: 'Windback', formats: ['umd'], fileName: () => 'windback.umd.js' }
        : {
            entry: { index: 'src/index.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
      rolldownOptions: umd
        ? { output: { codeSplitting: false } }
        : { external: [/^node:/], output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
    plugins: umd
      ? []
      : [dts({ include: ['src'], exclude: ['src/umd.ts'], entryRoot: 'src', outDir: 'dist/types' })],
    test: {
      environment: 'happy-dom',
      include: ['test/unit/**/*.test.{ts,tsx}'],
      restoreMocks: true,
    },
  }
})
