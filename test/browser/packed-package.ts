import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Packs the repo as `npm publish` would and installs the tarball into a new project at `project`. */
export async function installPackedPackage(project: string, manifest: Record<string, unknown>): Promise<void> {
  mkdirSync(project, { recursive: true })
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: repo })
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }]
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest))
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(project, filename)], { cwd: project })
}
