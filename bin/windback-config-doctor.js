#!/usr/bin/env node
// windback-config-doctor FILE [--json]: lints a cancel-flow config (README: Config doctor).
// Exit 0: no errors (warnings allowed); 1: at least one error; 2: the file could not be read as JSON.
import { readFile } from 'node:fs/promises'
import { lintConfig } from '../dist/config.js'

const args = process.argv.slice(2)
const asJson = args.includes('--json')
const files = args.filter((arg) => arg !== '--json')

if (files.length !== 1 || files[0].startsWith('-')) {
  console.error('Usage: windback-config-doctor FILE [--json]   (FILE: a cancel-flow config, or an API answer { "data": config })')
  process.exit(2)
}
const [file] = files
let config
try {
  config = JSON.parse(await readFile(file, 'utf8'))
} catch (error) {
  console.error(`windback-config-doctor: ${file} is not readable JSON (${error.message})`)
  process.exit(2)
}
// What GET /cancel-flow/config answers works as well as the bare config.
if (config && typeof config === 'object' && 'data' in config && !('reasons' in config)) config = config.data

const findings = lintConfig(config)
const errors = findings.filter((finding) => finding.severity === 'error').length
if (asJson) {
  console.log(JSON.stringify(findings, null, 2))
} else {
  const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`
  console.log(`${file}: ${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}`)
  const width = (key) => Math.max(0, ...findings.map((finding) => finding[key].length))
  for (const { severity, code, path, message } of findings) {
    console.log(`  ${severity.padEnd(7)} ${code.padEnd(width('code'))}  ${path.padEnd(width('path'))}  ${message}`)
  }
}
process.exitCode = errors > 0 ? 1 : 0
