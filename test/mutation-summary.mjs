// After `stryker run` (`npm run mutation`): the score per file and every surviving mutant, from
// reports/mutation/mutation.json, written into docs/mutation-testing.md so the doc says what the
// last run measured.
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeBlock } from '../bench/doc-blocks.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** @type {{ files: Record<string, { source: string; mutants: { status: string; mutatorName: string; replacement?: string; location: { start: { line: number; column: number }; end: { line: number; column: number } } }[] }> }} */
const report = JSON.parse(readFileSync(join(root, 'reports', 'mutation', 'mutation.json'), 'utf8'))

/** Inline code that may itself hold backticks. @param {string} text */
const code = (text) => `\`\` ${text.slice(0, 120)} \`\``
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
/** @param {number} detected @param {number} undetected */
const percent = (detected, undetected) => (detected + undetected === 0 ? 'n/a' : `${((100 * detected) / (detected + undetected)).toFixed(1)} %`)

let allDetected = 0
let allUndetected = 0
const rows = []
const survivors = []
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const name = file.slice(file.indexOf('src/'))
  const detected = mutants.filter((mutant) => DETECTED.has(mutant.status)).length
  const undetected = mutants.filter((mutant) => UNDETECTED.has(mutant.status))
  allDetected += detected
  allUndetected += undetected.length
  rows.push(`| \`${name}\` | ${detected} | ${undetected.length} | ${percent(detected, undetected.length)} |`)
  const lines = source.split('\n')
  for (const mutant of undetected) {
    const { start, end } = mutant.location
    const text = lines[start.line - 1] ?? ''
    // The part that was replaced, not just its line: a line often holds several conditions.
    const original = start.line === end.line ? text.slice(start.column - 1, end.column - 1) : `${text.slice(start.column - 1)} …`
    survivors.push(
      `- \`${name}:${start.line}:${start.column}\` ${mutant.mutatorName}${mutant.status === 'NoCoverage' ? ' (no test runs it)' : ''}: ${code(original.trim())} → ${code(mutant.replacement ?? '')}`,
    )
  }
}

writeBlock(
  'docs/mutation-testing.md',
  'mutation',
  [
    `Last run: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores. Type errors that the TypeScript checker rejects are not counted.`,
    '',
    '| file | detected | undetected | score |',
    '|---|---:|---:|---:|',
    ...rows,
    `| **all** | ${allDetected} | ${allUndetected} | **${percent(allDetected, allUndetected)}** |`,
    '',
    'Undetected mutants:',
    '',
    ...(survivors.length ? survivors : ['- none']),
  ].join('\n'),
)
console.log(`mutation score ${percent(allDetected, allUndetected)}; docs/mutation-testing.md updated`)
