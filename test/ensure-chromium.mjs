// Fails `npm test` with one readable line, not a stack trace, when there is no Chromium.
import { accessSync, constants } from 'node:fs'
import { chromiumPath } from './chromium-path.mjs'

try {
  accessSync(chromiumPath(), constants.X_OK)
} catch {
  console.error(
    `Chromium not found at ${chromiumPath()}: install it with "sudo apt-get install -y chromium" or set CHROME_PATH to a Chromium/Chrome binary.`,
  )
  process.exit(1)
}
