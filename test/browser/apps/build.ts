import react from '@vitejs/plugin-react'
import vue from '@vitejs/plugin-vue'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Alias } from 'vite'
import { readmeSnippet, writeSnippet } from '../../unit/readme-snippets.js'

const here = dirname(fileURLToPath(import.meta.url))
const repo = join(here, '..', '..', '..')
const react18 = join(here, 'react18', 'node_modules')

export type AppVariant = 'react19-dev' | 'react18-dev' | 'react19-prod' | 'vue-dev'

/** Where the fixture server serves a built app from. */
export const appPath = (variant: AppVariant) => `/pages/built/${variant}/`

/**
 * Builds a test app with Vite, against the package's built entries (as an app installs them) and
 * the README's snippet. `-dev` builds are React's and Vue's development builds: StrictMode runs
 * every effect twice, as in `vite dev` and `next dev`.
 */
export async function buildApp(variant: AppVariant): Promise<void> {
  const framework = variant.startsWith('vue') ? 'vue' : 'react'
  const development = variant.endsWith('-dev')
  const snippet =
    framework === 'react'
      ? writeSnippet(`CancelButton.${variant}.tsx`, `/** @jsxImportSource react */\n${readmeSnippet('### React', 'tsx')}\n`)
      : writeSnippet(`CancelButton.${variant}.vue`, `${readmeSnippet('### Vue', 'vue')}\n`)
  const alias: Alias[] = [
    { find: /^@windback\/browser$/, replacement: join(repo, 'dist', 'index.js') },
    { find: /^@windback\/browser\/(react|vue)$/, replacement: join(repo, 'dist', '$1.js') },
    { find: `readme:${framework}-cancel-button`, replacement: snippet },
    { find: 'app:main', replacement: join(here, framework, framework === 'react' ? 'main.tsx' : 'main.ts') },
  ]
  if (variant === 'react18-dev') alias.push({ find: /^(react|react-dom)(\/.*)?$/, replacement: join(react18, '$1$2') })
  await build({
    configFile: false,
    logLevel: 'silent',
    root: here,
    base: appPath(variant),
    mode: development ? 'development' : 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify(development ? 'development' : 'production') },
    plugins: [framework === 'react' ? react() : vue()],
    resolve: { alias },
    build: { outDir: join(here, '..', 'pages', 'built', variant), emptyOutDir: true, minify: !development },
  })
}
