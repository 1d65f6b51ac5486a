import { compileScript, parse } from 'vue/compiler-sfc'
import { createApp, defineComponent, h, nextTick, ref, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CancelFlowResult } from '../../src/cancel-flow/types.js'
import { useCancelFlow } from '../../src/vue/index.js'
import { readmeSnippet, writeSnippet } from './readme-snippets.js'
import { hosts, partIn, stubApi } from './binding-harness.js'

let sent: ReturnType<typeof stubApi>

beforeEach(() => {
  sent = stubApi()
})
afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
  document.body.innerHTML = ''
})
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
    await vi.waitFor(() => expect(sent.cancels).toBe(1))
    await vi.waitFor(() => expect(sent.posts).toHaveLength(1))
    expect(sent.posts[0]).toMatchObject({ customer_email: 'jane@example.com', outcome: 'cancelled' })
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
    await vi.waitFor(() => expect(sent.posts).toHaveLength(1))
    expect(sent.posts[0]!['customer_email']).toBe('sam@example.com')
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

  it('open() from a component that has unmounted rejects FLOW_DESTROYED and shows nothing', async () => {
    const { app } = mount(Probe)
    const { open } = last
    app.unmount()
    await expect(open()).rejects.toMatchObject({ code: 'FLOW_DESTROYED' })
    expect(hosts()).toHaveLength(0)
  })

  it('renders on the server without touching the flow', async () => {
    expect(await renderToString(h(Probe))).toBe('<span>closed</span>')
    expect(hosts()).toHaveLength(0)
  })
})
