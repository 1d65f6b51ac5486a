/** One behaviour event as the tracker sends it (CONTRACT §5). */
export interface TrackedEvent {
  event: string
  customer_email?: string
  properties?: Record<string, unknown>
  timestamp: string
  message_id: string
}

/** At most this many events per request, as the Windback batch endpoint allows. */
export const MAX_BATCH = 100

/**
 * The unsent events, oldest first, capped at `maxQueue`: beyond it the oldest go. A head index
 * instead of `shift()`, so a full queue under a dead network stays O(1) per event.
 */
export function createEventQueue(maxQueue: number) {
  let items: TrackedEvent[] = []
  let head = 0
  const compact = () => {
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head)
      head = 0
    }
  }
  return {
    size: () => items.length - head,
    /** Adds the event; returns how many old events were dropped to make room. */
    push(event: TrackedEvent): number {
      items.push(event)
      const excess = items.length - head - maxQueue
      if (excess <= 0) return 0
      head += excess
      compact()
      return excess
    },
    /** Up to `count` events from the front that `skip` does not exclude. */
    front(count: number, skip: (event: TrackedEvent) => boolean): TrackedEvent[] {
      const batch: TrackedEvent[] = []
      for (let index = head; index < items.length && batch.length < count; index += 1) {
        const event = items[index]!
        if (!skip(event)) batch.push(event)
      }
      return batch
    },
    remove(ids: ReadonlySet<string>): void {
      items = items.slice(head).filter((event) => !ids.has(event.message_id))
      head = 0
    },
    /** Puts events back at the front (adopted from storage), keeping the cap. Returns drops. */
    prepend(events: TrackedEvent[]): number {
      items = [...events, ...items.slice(head)]
      head = 0
      const excess = items.length - maxQueue
      if (excess <= 0) return 0
      head = excess
      return excess
    },
    all: (): TrackedEvent[] => items.slice(head),
  }
}

export type EventQueue = ReturnType<typeof createEventQueue>

export const isSnakeCase = (name: string): boolean => /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/.test(name)

const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i
const CARD = /\b(?:\d[ -]?){13,19}\b/

/** Luhn-valid 13–19 digit runs only, so order numbers and phone numbers do not alarm. */
function hasCardNumber(text: string): boolean {
  const match = CARD.exec(text)
  if (!match) return false
  const digits = match[0].replace(/\D/g, '')
  let sum = 0
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

/** What personal data a property bag seems to hold: the seed asks for none beyond the e-mail. */
export function personalDataKinds(properties: Record<string, unknown>): Array<'email' | 'card'> {
  const kinds = new Set<'email' | 'card'>()
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') {
      if (EMAIL.test(value)) kinds.add('email')
      if (hasCardNumber(value)) kinds.add('card')
    } else if (typeof value === 'number' && Number.isInteger(value) && value > 1e12) {
      if (hasCardNumber(String(value))) kinds.add('card')
    } else if (value && typeof value === 'object' && depth < 3) {
      for (const nested of Object.values(value)) visit(nested, depth + 1)
    }
  }
  visit(properties, 0)
  return [...kinds]
}

/** Splits events into batches whose request bodies together fit the page's keepalive budget. */
export function keepaliveBatches(events: TrackedEvent[], budgetBytes: number): TrackedEvent[][] {
  const batches: TrackedEvent[][] = []
  let remaining = budgetBytes
  for (let start = 0; start < events.length; start += MAX_BATCH) {
    const full = events.slice(start, start + MAX_BATCH)
    let batch = full
    // Halve until it fits: a single huge event may never fit, and then it waits for the next page.
    while (bodySize(batch) > remaining && batch.length > 1) batch = batch.slice(0, Math.ceil(batch.length / 2))
    if (bodySize(batch) > remaining) break
    remaining -= bodySize(batch)
    batches.push(batch)
    if (batch.length < full.length) break
  }
  return batches
}

const bodySize = (batch: TrackedEvent[]): number => new TextEncoder().encode(JSON.stringify({ events: batch })).length
