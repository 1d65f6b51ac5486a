import { chromium } from 'playwright-core'
import { chromiumArgs } from './chromium-path.mjs'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 375]]) {
  const page = await browser.newPage({ viewport: { width, height: 860 }, colorScheme: scheme })
  page.on('pageerror', (e) => console.log('pageerror:', e.message))
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()))
  await page.goto('http://localhost:5199/')
  await page.waitForTimeout(500)
  await page.click('#open-flow')
  await page.frameLocator('#billing').locator('[part~=dialog]').waitFor()
  await page.waitForTimeout(400)
  await page.screenshot({ path: `.screenshots/demo-${scheme}-${width}.png`, fullPage: width < 400 })
  await page.close()
}
await browser.close()
