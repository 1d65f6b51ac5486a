import { createElement, StrictMode, useEffect, type ComponentType } from 'react'
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CancelFlowResult } from '../../src/cancel-flow/types.js'
import { useCancelFlow } from '../../src/react/index.js'
import { readmeSnippet, writeSnippet } from './readme-snippets.js'
import { hosts, partIn, stubApi } from './binding-harness.js'

// React's act() warns unless it is told this is a test environment.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let sent: ReturnType<typeof stubApi>

beforeEach(() => {
  sent = stubApi()
})
afterEach(() => {
  vi.unstubAllGlobals()
  localStorage.clear()
  document.body.innerHTML = ''
})
/** Presses continue-cancel until confirm-cancel is there, then confirms, as a customer would. */
async function cancelInModal() {
  await partIn('continue-cancel')
  for (let presses = 0; presses < 2 && !document.querySelector('windback-cancel-flow')!.shadowRoot!.querySelector('[part~="confirm-cancel"]'); presses += 1) {
    await act(async () => (await partIn('continue-cancel')).click())
  }
  await act(async () => (await partIn('confirm-cancel')).click())
}

function mount(element: ReturnType<typeof createElement>) {
  const container = document.body.appendChild(document.createElement('div'))
  let root!: Root
  act(() => {
    root = createRoot(container)
    root.render(createElement(StrictMode, null, element))
  })
  return { container, root, rerender: (next: ReturnType<typeof createElement>) => act(() => root.render(createElement(StrictMode, null, next))) }
}

describe('the README React snippet, in development mode under StrictMode', () => {
  let CancelButton: ComponentType<{ customer: { email: string; name?: string } }>
  beforeAll(async () => {
    const file = writeSnippet('CancelButton.tsx', `/** @jsxImportSource react */\n${readmeSnippet('### React', 'tsx')}\n`)
    ;({ CancelButton } = await import(/* @vite-ignore */ file))
  })

  it('opens a real flow after the simulated unmount, and a confirmed cancel reaches the page and the API once', async () => {
    const { container } = mount(createElement(CancelButton, { customer: { email: 'jane@example.com' } }))
    const button = container.querySelector('button')!
    await act(async () => button.click())
    await cancelInModal()
    await vi.waitFor(() => expect(sent.cancels).toBe(1))
    await vi.waitFor(() => expect(sent.posts).toHaveLength(1))
    expect(sent.posts[0]).toMatchObject({ customer_email: 'jane@example.com', outcome: 'cancelled' })
    expect(hosts()).toHaveLength(0)
  })

  it('a changed customer e-mail gets a new flow that posts the new e-mail', async () => {
    const { container, rerender } = mount(createElement(CancelButton, { customer: { email: 'jane@example.com' } }))
    rerender(createElement(CancelButton, { customer: { email: 'sam@example.com' } }))
    await act(async () => container.querySelector('button')!.click())
    await cancelInModal()
    await vi.waitFor(() => expect(sent.posts).toHaveLength(1))
    expect(sent.posts[0]!['customer_email']).toBe('sam@example.com')
  })
})

describe('useCancelFlow', () => {
  let last: ReturnType<typeof useCancelFlow>
  function Probe({ email }: { email: string }) {
    last = useCancelFlow({ publicKey: 'pub_test', apiBase: 'https://api.test/api/v1', customer: { email } })
    return createElement('span', null, last.isOpen ? 'open' : 'closed')
  }

  it('unmounting while open settles dismissed and removes the host; isOpen follows the flow', async () => {
    const { container, root } = mount(createElement(Probe, { email: 'jane@example.com' }))
    let pending!: Promise<CancelFlowResult>
    await act(async () => void (pending = last.open()))
    await partIn('dialog')
    expect(container.textContent).toBe('open')
    await act(async () => {
      root.unmount()
      await expect(pending).resolves.toEqual({ outcome: 'dismissed' })
    })
    expect(hosts()).toHaveLength(0)
  })

  it('open() from a component that has unmounted rejects FLOW_DESTROYED and shows nothing', async () => {
    const { root } = mount(createElement(Probe, { email: 'jane@example.com' }))
    const { open, preload } = last
    act(() => root.unmount())
    await expect(open()).rejects.toMatchObject({ code: 'FLOW_DESTROYED' })
    await expect(preload()).resolves.toBeUndefined()
    expect(hosts()).toHaveLength(0)
  })

  it('a flow preloaded on mount survives StrictMode\'s simulated unmount: open() shows it, never a destroyed flow', async () => {
    function PreloadOnMount() {
      const flow = useCancelFlow({ publicKey: 'pub_test', apiBase: 'https://api.test/api/v1', customer: { email: 'jane@example.com' } })
      last = flow
      useEffect(() => void flow.preload(), [flow.preload])
      return null
    }
    mount(createElement(PreloadOnMount))
    let pending!: Promise<CancelFlowResult>
    await act(async () => void (pending = last.open()))
    await partIn('dialog')
    await act(async () => last.close())
    await expect(pending).resolves.toEqual({ outcome: 'dismissed' })
  })

  it('close() dismisses and isOpen goes back to false', async () => {
    const { container } = mount(createElement(Probe, { email: 'jane@example.com' }))
    let pending!: Promise<CancelFlowResult>
    await act(async () => void (pending = last.open()))
    await partIn('dialog')
    await act(async () => last.close())
    await expect(pending).resolves.toEqual({ outcome: 'dismissed' })
    expect(container.textContent).toBe('closed')
  })

  it('100 mount/open/unmount cycles leave no host element behind', async () => {
    for (let cycle = 0; cycle < 100; cycle += 1) {
      const { root } = mount(createElement(Probe, { email: 'jane@example.com' }))
      let pending!: Promise<CancelFlowResult>
      act(() => void (pending = last.open()))
      if (cycle % 10 === 0) await partIn('dialog')
      expect(hosts().length).toBeLessThanOrEqual(1)
      await act(async () => {
        root.unmount()
        await expect(pending).resolves.toEqual({ outcome: 'dismissed' })
      })
    }
    expect(hosts()).toHaveLength(0)
  })

  it('renders on the server without touching the flow', () => {
    const html = renderToString(createElement(Probe, { email: 'jane@example.com' }))
    expect(html).toBe('<span>closed</span>')
    expect(hosts()).toHaveLength(0)
  })
})
