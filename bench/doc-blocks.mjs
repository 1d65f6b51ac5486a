// Blocks of generated text inside the docs: between `<!-- name:start -->` and `<!-- name:end -->`,
// written by the scripts that measure what they say, and read back by the tests that check them.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The text between `<!-- name:start -->` and `<!-- name:end -->` in a document.
 * @param {string} text @param {string} name
 */
export function readBlock(text, name) {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(text)
  if (!match) throw new Error(`no <!-- ${name}:start --> … <!-- ${name}:end --> block`)
  return match[1]
}

/**
 * Replaces that block in a file of the repository.
 * @param {string} file relative to the repository @param {string} name @param {string} content
 */
export function writeBlock(file, name, content) {
  const path = join(root, file)
  const text = readFileSync(path, 'utf8')
  const old = readBlock(text, name)
  writeFileSync(path, text.replace(`<!-- ${name}:start -->\n${old}\n<!-- ${name}:end -->`, () => `<!-- ${name}:start -->\n${content}\n<!-- ${name}:end -->`))
}

