// The script tag's files, in the order they depend on each other: the files it loads on demand
// (dist/script-tag/), then dist/windback.umd.js, which carries their SHA-384 hashes, then the
// standalone file. One process, so that a dozen small builds cost one start-up.
import { build, runnerImport } from 'vite'

const { module: config } = await runnerImport('./vite.config.ts')
const modes = [...Object.keys(config.SCRIPT_TAG_FILES), 'umd', 'standalone']
for (const mode of modes) await build({ mode, logLevel: 'warn' })
