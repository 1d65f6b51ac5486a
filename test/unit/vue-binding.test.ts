import { compileScript, parse } from 'vue/compiler-sfc'
import { createApp, defineComponent, h, nextTick, ref, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CancelFlowResult } from '../../src/cancel-flow/types.js'
import { useCancelFlow } from '../../src/vue/index.js'
import { readmeSnippet, writeSnippet } from './readme-snippets.js'

const config = { title: 'Before you go…', reasons: [{ id: 'other', label: 'Something else' }] }
let posts: Array<Record<string, unknown>>
let cancels: number

beforeEach(() => {
  posts = []
  cancels = 0
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (url === '/api/cancel') cancels += 1
    else if (init.method === 'POST') posts.push(JSON.parse(String(init.body)))
    return url.includes('/cancel-flow/config/') ? Response.json({ data: config }) : Response.json({ data: {} }, { status: 201 })
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
  document.body.innerHTML = ''
})

const hosts = () => document.querySelectorAll('windback-cancel-flow')
const partIn = async (name: string) => {
  await vi.waitFor(() => expect(document.querySelector('windback-cancel-flow')?.shadowRoot?.querySelector(`[part~="${name}"]`)).toBeTruthy())
  return document.querySelector('windback-cancel-flow')!.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!
}
async function cancelInModal() {
  ;(await partIn('continue-cancel')).click()
  ;(await partIn('confirm-cancel')).click()
}
function mount(component: Component, props: Record<string, unknown> = {}) {
  const container = document.body.appendChild(document.createElement('div'))
  const app = createApp(component, props)
  app.mount(container)
  return { container, app }
}

describe('the README Vue snippet', () => {
  let CancelButton: Component
  beforeAll(async () => {
    const { descriptor } = parse(readmeSnippet('### Vue', 'vue'))
    const compiled = compileScript(descriptor, { id: 'readme-vue', inlineTemplate: true })
    ;({ default: CancelButton } = await import(/* @vite-ignore */ writeSnippet('CancelButton.ts', compiled.content)))
  })

  it('a confirmed cancel reaches the page and the API once', async () => {
    const { container } = mount(CancelButton, { email: 'jane@example.com' })
    container.querySelector('button')!.click()
    await cancelInModal()
    await vi.waitFor(() => expect(cancels).toBe(1))
    await vi.waitFor(() => expect(posts).toHaveLength(1))
    expect(posts[0]).toMatchObject({ customer_email: 'jane@example.com', outcome: 'cancelled' })
    expect(hosts()).toHaveLength(0)
  })
})

describe('useCancelFlow (Vue)', () => {
  let last: ReturnType<typeof useCancelFlow>
  const email = ref('jane@example.com')
  const Probe = defineComponent(() => {
    last = useCancelFlow(() => ({ publicKey: 'pub_test', apiBase: 'https://api.test/api/v1', customer: { email: email.value } }))
    return () => h('span', last.isOpen.value ? 'open' : 'closed')
  })
  beforeEach(() => {
    email.value = 'jane@example.com'
  })

  it('a reactive customer change gets a new flow that posts the new e-mail', async () => {
    mount(Probe)
    void last.preload()
    email.value = 'sam@example.com'
    await nextTick()
    const pending = last.open()
    await cancelInModal()
    await expect(pending).resolves.toMatchObject({ outcome: 'cancelled' })
    await vi.waitFor(() => expect(posts).toHaveLength(1))
    expect(posts[0]!['customer_email']).toBe('sam@example.com')
  })

  it('unmounting while open settles dismissed and removes the host; isOpen follows the flow', async () => {
    const { app, container } = mount(Probe)
    const pending: Promise<CancelFlowResult> = last.open()
    await partIn('dialog')
    await nextTick()
    expect(container.textContent).toBe('open')
    app.unmount()
    await expect(pending).resolves.toEqual({ outcome: 'dismissed' })
    expect(hosts()).toHaveLength(0)
  })

  it('renders on the server without touching the flow', async () => {
    expect(await renderToString(h(Probe))).toBe('<span>closed</span>')
    expect(hosts()).toHaveLength(0)
  })
})
