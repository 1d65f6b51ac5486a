// ESLint rather than Biome: Biome ships per-platform binaries, and not all of them are on the
// registry CI installs from, so its lockfile could never satisfy `npm ci`. ESLint is plain JS.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'demo/examples/dist/', 'test-results/', '.screenshots/', 'node_modules/', 'test/unit/.readme/', 'test/.next-app/', 'test/browser/pages/built/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // `catch {}` blocks that intentionally ignore are commented; unused args are prefixed with _.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests reach into window for what the page exposed.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
)
