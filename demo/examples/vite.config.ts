import react from '@vitejs/plugin-react'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// The React and Vue examples, built against the package's own built entry, as an app would
// install it. Served by the demo server at /examples/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/examples/',
  plugins: [react(), vue()],
  resolve: {
    alias: [
      { find: /^@windback\/browser$/, replacement: fileURLToPath(new URL('../../dist/index.js', import.meta.url)) },
      { find: /^@windback\/browser\/(react|vue)$/, replacement: fileURLToPath(new URL('../../dist/$1.js', import.meta.url)) },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        react: fileURLToPath(new URL('react/index.html', import.meta.url)),
        vue: fileURLToPath(new URL('vue/index.html', import.meta.url)),
      },
    },
  },
})
