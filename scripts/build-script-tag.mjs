// The script tag's files, in the order they depend on each other: each file carries the SHA-384
// hashes of the files it loads (the languages' in the modal, the modal's and the outbox's in
// dist/windback.umd.js), so it is built after them; then the standalone file. One process, so that a dozen small builds cost one start-up.
import { build, runnerImport } from 'vite'

const { module: config } = await runnerImport('./vite.config.ts')
const modes = [...Object.keys(config.SCRIPT_TAG_FILES), 'umd', 'standalone']
for (const mode of modes) await build({ mode, logLevel: 'warn' })
