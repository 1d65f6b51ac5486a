import { execFileSync, execSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startServer } from '../../demo/server.js'
import { expect, test } from './fixtures.js'
import { readmeSnippet } from '../unit/readme-snippets.js'
import { installPackedPackage, repo } from './packed-package.js'

const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc')

const CONSUMER_TS = `
import { openCancelFlow, createTracker, WindbackError, type CancelFlowResult, type CancelFlowConfig } from '@windback/browser'
import { createTracker as trackerOnly } from '@windback/browser/tracker'
import { createTrackProxy, toNodeHandler } from '@windback/browser/server'
import { lintConfig, parseConfig, type ConfigFinding } from '@windback/browser/config'
import { renderPreview, type PreviewStep } from '@windback/browser/preview'

export async function cancel(): Promise<string> {
  const result: CancelFlowResult = await openCancelFlow({ publicKey: 'pub_x', customer: { email: 'a@b.co' } })
  if (result.outcome === 'retained') return result.offer.id
  if (result.outcome === 'error') return result.error instanceof WindbackError ? result.error.code : 'never'
  if (result.outcome === 'cancelled') return result.reason ?? 'none'
  return result.outcome
}
export const config: CancelFlowConfig = { title: 't', reasons: [{ id: 'other', label: 'Other' }], offers: [], theme: {}, copy: {} }
export const parsed = parseConfig(config).ok
export const findings: ConfigFinding[] = lintConfig(config)
export const step: PreviewStep = 'offers'
export const preview = (container: HTMLElement) => renderPreview({ container, config, step })
export const tracker = createTracker({ endpoint: '/t' }) ?? trackerOnly({ endpoint: '/t' })
export const handler = toNodeHandler(createTrackProxy({ secretKey: 'sk_test_x' }))

// The bindings, as a React and a Vue app use them (no JSX, so one tsconfig checks both).
import { useCancelFlow, type UseCancelFlow } from '@windback/browser/react'
import { useCancelFlow as useVueCancelFlow } from '@windback/browser/vue'
import { createElement, type ReactElement } from 'react'
import { ref, type Ref } from 'vue'

export function ReactCancelButton({ email }: { email: string }): ReactElement {
  const flow: UseCancelFlow = useCancelFlow({ publicKey: 'pub_x', customer: { email } })
  const isOpen: boolean = flow.isOpen
  return createElement('button', { disabled: isOpen, onPointerEnter: () => void flow.preload(), onClick: async () => (await flow.open()).outcome }, 'Cancel')
}
export function vueCancel(email: Ref<string>) {
  const { open, isOpen } = useVueCancelFlow(() => ({ publicKey: 'pub_x', customer: { email: email.value } }))
  const flag: boolean = isOpen.value
  return { open: async (): Promise<string> => (await open()).outcome, flag }
}
export const email = ref('a@b.co')
`

test.describe('the packed tarball, installed into a fresh project', () => {
  test.describe.configure({ mode: 'serial', timeout: 120_000 })
  let project: string

  test.beforeAll(async () => {
    project = join(mkdtempSync(join(tmpdir(), 'windback-pack-')), 'consumer')
    await installPackedPackage(project, { name: 'consumer', private: true, type: 'module' })
    // The app's own React and Vue (optional peers of the package): the repo's copies, linked.
    for (const peer of ['react', 'vue', join('@types', 'react')]) {
      mkdirSync(dirname(join(project, 'node_modules', peer)), { recursive: true })
      symlinkSync(join(repo, 'node_modules', peer), join(project, 'node_modules', peer))
    }
  })
  test.afterAll(() => rmSync(dirname(project), { recursive: true, force: true }))

  test('no shipped file names a source map that is not shipped', () => {
    const installed = join(project, 'node_modules', '@windback', 'browser')
    const dangling: string[] = []
    for (const file of readdirSync(installed, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(?:m?js|cjs|css)$/.test(file)) continue
      const map = /[#@] sourceMappingURL=(\S+)/.exec(readFileSync(join(installed, file), 'utf8'))?.[1]
      if (map && !map.startsWith('data:') && !existsSync(join(installed, dirname(file), map))) dangling.push(`${file} → ${map}`)
    }
    expect(dangling).toEqual([])
  })

  test('every link of the shipped README is absolute or resolves inside the tarball', () => {
    const installed = join(project, 'node_modules', '@windback', 'browser')
    // Links outside fenced code blocks: [text](target) and <img src="target">.
    const prose = readFileSync(join(installed, 'README.md'), 'utf8').replace(/```[\s\S]*?```/g, '')
    const targets = [...prose.matchAll(/\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)].map((match) => (match[1] ?? match[2])!)
    expect(targets.length).toBeGreaterThan(5)
    const broken = targets.filter((target) => !/^(?:https?:|mailto:|#)/.test(target) && !existsSync(join(installed, decodeURI(target.split('#')[0]!))))
    expect(broken).toEqual([])
  })

  test('the Subresource Integrity section\'s commands print the installed version\'s hash, by require and by import', () => {
    const expected = JSON.parse(readFileSync(join(repo, 'dist', 'integrity.json'), 'utf8')).files['windback.umd.js']
    expect(expected).toMatch(/^sha384-/)
    const command = readmeSnippet('### Pinning the files', 'sh')
    expect(execSync(command, { cwd: project, encoding: 'utf8' }).trim()).toBe(expected)
    const section = readFileSync(join(repo, 'README.md'), 'utf8').split('### Pinning the files')[1]!
    const importLine = /`(import hashes from '@windback\/browser\/integrity\.json' with \{ type: 'json' \})`/.exec(section)?.[1]
    expect(importLine).toBeDefined()
    const script = `${importLine}; console.log(hashes.files['windback.umd.js'])`
    expect(execFileSync('node', ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' }).trim()).toBe(expected)
  })

  test('ESM imports in Node: ./server and ./tracker work, "." imports without a DOM', () => {
    const script = `
      const server = await import('@windback/browser/server')
      const tracker = await import('@windback/browser/tracker')
      const main = await import('@windback/browser')
      const handle = server.createTrackProxy({ secretKey: 'sk_test_1' })
      const response = await handle(new Request('http://x/track', { method: 'GET' }))
      let refused = ''
      try { tracker.createTracker({ endpoint: 'sk_live_1' }) } catch (error) { refused = error.code }
      console.log(JSON.stringify({ status: response.status, refused, main: Object.keys(main).sort() }))
    `
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' })
    expect(JSON.parse(output)).toEqual({
      status: 405,
      refused: 'INVALID_KEY',
      main: ['WindbackError', 'createCancelFlow', 'createTracker', 'isWindbackError', 'openCancelFlow'],
    })
  })

  for (const moduleResolution of ['bundler', 'node16'] as const) {
    test(`types compile under moduleResolution ${moduleResolution}, without skipLibCheck`, () => {
      writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS)
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            target: 'ES2022',
            lib: ['ES2022', 'DOM'],
            module: moduleResolution === 'bundler' ? 'ESNext' : 'Node16',
            moduleResolution,
            types: ['node'],
            typeRoots: [join(repo, 'node_modules', '@types')],
          },
          files: ['consumer.ts'],
        }),
      )
      expect(() => execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8', stdio: 'pipe' })).not.toThrow()
    })
  }

  test('npx windback-config-doctor: exit 0 with warnings only, 1 with an error, 2 for a file that is not JSON; --json for machines', () => {
    const doctor = (...args: string[]) => {
      const run = spawnSync('npx', ['--no-install', 'windback-config-doctor', ...args], { cwd: project, encoding: 'utf8' })
      return { status: run.status, stdout: run.stdout, stderr: run.stderr }
    }
    const write = (name: string, config: unknown) => writeFileSync(join(project, name), typeof config === 'string' ? config : JSON.stringify(config))
    const reasons = [{ id: 'too_expensive', label: 'Too expensive', offer_ids: ['discount_50'] }, { id: 'other', label: 'Other' }]
    write('warned.json', { data: { title: 'Bye', reasons: [{ id: 'a', label: 'A' }], theme: { primary_color: '#fde047', mode: 'light' } } })
    write('broken.json', { title: 'Bye', reasons })
    write('garbled.json', '{ "title": ')

    const warned = doctor('warned.json')
    expect(warned.status).toBe(0)
    expect(warned.stdout.split('\n')[0]).toBe('warned.json: 0 errors, 2 warnings')
    expect(warned.stdout).toContain('no-catch-all-reason')

    const broken = doctor('broken.json', '--json')
    expect(broken.status).toBe(1)
    expect(JSON.parse(broken.stdout)).toEqual([
      { severity: 'error', code: 'missing-offer', path: 'reasons.0.offer_ids.0', message: 'Reason "too_expensive" lists offer "discount_50", which is not in offers.' },
    ])
    expect(doctor('broken.json').stdout).toMatch(/^broken\.json: 1 error, 0 warnings\n {2}error {3}missing-offer {2}reasons\.0\.offer_ids\.0 {2}Reason/)

    const garbled = doctor('garbled.json')
    expect([garbled.status, garbled.stdout]).toEqual([2, ''])
    expect(garbled.stderr).toContain('garbled.json is not readable JSON')
    expect(doctor().status).toBe(2)
  })

  test('the UMD from the tarball works by script tag in a page', async ({ page }) => {
    const server = await startServer({ mounts: [{ prefix: '/packed/', dir: join(project, 'node_modules', '@windback', 'browser', 'dist') }] })
    try {
      await page.goto(`${server.url}/billing.html`)
      await page.setContent(`
        <script src="/packed/windback.umd.js" data-public-key="pub_test" data-api-base="/api/v1"></script>
        <a id="cancel" href="#gone" data-windback-cancel data-customer-email="jane@example.com">Cancel</a>`)
      await page.click('#cancel')
      await expect(page.locator('windback-cancel-flow [part~="reason"]')).toHaveCount(3)
      await page.locator('windback-cancel-flow [part~="close"]').click()
      await expect(page.locator('windback-cancel-flow')).toHaveCount(0)
    } finally {
      await server.close()
    }
  })
})
