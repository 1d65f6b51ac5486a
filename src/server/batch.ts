import * as z from 'zod/mini'
import { isEmail } from '../core/email.js'
import { issueDetails } from '../core/issue-details.js'
import type { WindbackErrorDetail } from '../errors.js'

/** Deeper properties are refused: `JSON.stringify` recurses, and a 50,000-deep object overflows its stack. */
export const MAX_PROPERTY_DEPTH = 32

const eventSchema = z.object({
  event: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters')),
  customer_email: z.optional(z.string().check(z.refine(isEmail, 'must be an e-mail address'))),
  // Not z.record: it rebuilds the object key by key, the largest cost of a batch, for the same verdict on JSON.
  properties: z.optional(z.looseObject({}).check(z.refine(isShallow, `must be nested at most ${MAX_PROPERTY_DEPTH} levels deep`))),
  timestamp: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  message_id: z.string().check(z.minLength(1), z.maxLength(200)),
})

export type ProxyEvent = z.infer<typeof eventSchema>

/** What a batch holds: its valid events (with their index in the batch) and a detail for each refused one. */
export interface CheckedBatch {
  valid: Array<{ index: number; event: ProxyEvent }>
  refused: WindbackErrorDetail[]
}

/**
 * Checks each event on its own, so one bad event is refused alone instead of sinking the
 * batch; `details` when the body is not a batch at all.
 */
export function checkBatch(json: unknown, maxEvents: number): CheckedBatch | { details: WindbackErrorDetail[] } {
  const shape = z.object({ events: z.array(z.unknown()).check(z.minLength(1), z.maxLength(maxEvents)) }).safeParse(json)
  if (!shape.success) return { details: issueDetails(shape.error.issues, '(body)') }
  const batch: CheckedBatch = { valid: [], refused: [] }
  shape.data.events.forEach((item, index) => {
    const parsed = eventSchema.safeParse(item)
    if (parsed.success) batch.valid.push({ index, event: parsed.data })
    else batch.refused.push(...issueDetails(parsed.error.issues.map((issue) => ({ ...issue, path: ['events', index, ...issue.path] }))))
  })
  return batch
}

/** Walks the value without recursion, so the check itself cannot overflow the stack it protects. */
function isShallow(value: unknown): boolean {
  let level: unknown[] = [value]
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > MAX_PROPERTY_DEPTH) return false
    const next: unknown[] = []
    for (const item of level) {
      if (item !== null && typeof item === 'object') next.push(...Object.values(item))
    }
    level = next
  }
  return true
}
