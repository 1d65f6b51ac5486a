// Last step of `npm run build`: dist/integrity.json, the SHA-384 of every file a browser may load
// from dist/ (script-tag files, language files, ESM entries and chunks), for Subresource
// Integrity and for a host's inventory of the scripts on its payment pages.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const dist = new URL('../dist/', import.meta.url).pathname
// Node-only entries: a browser never loads them.
const SERVER_ONLY = new Set(['server.js'])

/** @param {string} directory @returns {string[]} */
const jsFiles = (directory) =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return entry.name === 'types' ? [] : jsFiles(path)
    return entry.name.endsWith('.js') ? [path] : []
  })

/** `sha384-…` as the `integrity` attribute takes it. @param {string} file */
export const sriHash = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`

/** @returns {{ version: string, files: Record<string, string> }} */
export function integrityManifest() {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const files = jsFiles(dist)
    .map((file) => relative(dist, file).split('\\').join('/'))
    .filter((path) => !SERVER_ONLY.has(path))
    .sort()
  return { version, files: Object.fromEntries(files.map((path) => [path, sriHash(join(dist, path))])) }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(join(dist, 'integrity.json'), `${JSON.stringify(integrityManifest(), null, 2)}\n`)
}
