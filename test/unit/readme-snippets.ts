import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * The first fenced code block of `language` after the README line that starts with `heading`
 * (a heading, or a bold lead-in such as `**Cloudflare Workers**`), exactly as a user copies it.
 */
export function readmeSnippet(heading: string, language: string): string {
  const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8')
  const start = readme.indexOf(`\n${heading}`)
  if (start < 0) throw new Error(`README has no line starting with ${heading}`)
  const section = readme.slice(start)
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(section)
  if (!match?.[1]) throw new Error(`README has no ${language} block under ${heading}`)
  return match[1]
}

/** Writes a snippet (with an optional first line, e.g. a JSX pragma) where the tests can import it. */
export function writeSnippet(name: string, code: string): string {
  const directory = join(here, '.readme')
  mkdirSync(directory, { recursive: true })
  const file = join(directory, name)
  writeFileSync(file, code)
  return file
}
