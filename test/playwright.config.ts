import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumPath } from './chromium-path.mjs'

export default defineConfig({
  testDir: './browser',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: '../test-results',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    actionTimeout: 5_000,
    navigationTimeout: 10_000,
  },
})
