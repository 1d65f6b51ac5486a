export type BodyRead =
  | { kind: 'text'; text: string }
  | { kind: 'too-large' }
  /** The body did not arrive in full before the deadline (a trickle, or a length never sent). */
  | { kind: 'timeout' }
  /** The stream failed: the client went away. */
  | { kind: 'unreadable' }

/**
 * A refused body is still read, and thrown away, up to this many bytes: a server that answers
 * before the client has sent its body may reset the connection (workerd does), and the client's
 * next request on it fails. Past this size the connection is not worth keeping.
 */
export const DRAIN_LIMIT_BYTES = 1_048_576

/**
 * The body as text, read no further than `limit` bytes and no longer than `timeoutMs` in all,
 * so neither a large nor a slow body can hold the handler.
 */
export async function readBody(request: Request, limit: number, timeoutMs: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length'))
  const declaredTooLarge = Number.isFinite(declared) && declared > limit
  if (!request.body) return declaredTooLarge ? { kind: 'too-large' } : { kind: 'text', text: '' }
  const reader = request.body.getReader()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))
  const chunks: Uint8Array[] = []
  let size = 0
  const tooLarge = () => declaredTooLarge || size > limit
  try {
    for (;;) {
      const step = await Promise.race([reader.read(), deadline])
      if (step === 'timeout' || size > DRAIN_LIMIT_BYTES) {
        void reader.cancel().catch(() => undefined)
        return tooLarge() ? { kind: 'too-large' } : { kind: 'timeout' }
      }
      if (step.done) break
      size += step.value.byteLength
      // Past the limit, chunks are read on (for the connection's sake) but no longer kept.
      if (!tooLarge()) chunks.push(step.value)
    }
  } catch {
    return tooLarge() ? { kind: 'too-large' } : { kind: 'unreadable' }
  } finally {
    clearTimeout(timer)
  }
  if (tooLarge()) return { kind: 'too-large' }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { kind: 'text', text: new TextDecoder().decode(bytes) }
}
