import { expect, vi } from 'vitest'

const config = { title: 'Before you go…', reasons: [{ id: 'other', label: 'Something else' }] }

/**
 * A stubbed `fetch` that serves a one-reason config and records what the page sends: the
 * cancel-flow POST bodies, and the host's own `/api/cancel` calls (the README snippets make them).
 */
export function stubApi() {
  const sent = { posts: [] as Array<Record<string, unknown>>, cancels: 0 }
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (url === '/api/cancel') sent.cancels += 1
    else if (init.method === 'POST') sent.posts.push(JSON.parse(String(init.body)))
    return url.includes('/cancel-flow/config/') ? Response.json({ data: config }) : Response.json({ data: {} }, { status: 201 })
  })
  return sent
}

export const hosts = () => document.querySelectorAll('windback-cancel-flow')

/** A `part` inside the open modal's shadow root, once it is there. */
export async function partIn(name: string): Promise<HTMLElement> {
  await vi.waitFor(() => expect(document.querySelector('windback-cancel-flow')?.shadowRoot?.querySelector(`[part~="${name}"]`)).toBeTruthy())
  return document.querySelector('windback-cancel-flow')!.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!
}
