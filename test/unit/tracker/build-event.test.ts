import { describe, expect, it } from 'vitest'
import { createEventBuilder } from '../../../src/tracker/build-event.js'

const builder = () => {
  const warnings: Array<[string, string]> = []
  const build = createEventBuilder((key, message) => warnings.push([key, message]), () => '2026-11-22T10:00:00.000Z', 'tab')
  return { build, warnings }
}

describe('createEventBuilder', () => {
  it('numbers events from 1 in base 36 after the prefix, and stamps them with the clock', () => {
    const { build } = builder()
    const events = Array.from({ length: 11 }, () => build('login', undefined, undefined, undefined))
    expect(events.map((event) => (typeof event === 'object' ? event.message_id : event))).toEqual(['tab.1', 'tab.2', 'tab.3', 'tab.4', 'tab.5', 'tab.6', 'tab.7', 'tab.8', 'tab.9', 'tab.a', 'tab.b'])
    expect(events[0]).toEqual({ event: 'login', timestamp: '2026-11-22T10:00:00.000Z', message_id: 'tab.1' })
  })

  it('ignores a name that is not 1 to 200 characters, saying why (the tracker says it once)', () => {
    const { build, warnings } = builder()
    expect([build(42 as unknown as string, undefined, undefined, undefined), build('', undefined, undefined, undefined), build('x'.repeat(201), undefined, undefined, undefined)]).toEqual(['ignored', 'ignored', 'ignored'])
    expect(typeof build('x'.repeat(200), undefined, undefined, undefined)).toBe('object')
    expect(warnings).toEqual(Array.from({ length: 3 }, () => ['name', 'bad-event-name: track() needs 1–200 characters; event ignored']))
  })

  it('warns about a name that is not snake_case, per name, and stops looking after 1,000 names', () => {
    const { build, warnings } = builder()
    build('FeatureUsed', undefined, undefined, undefined)
    build('FeatureUsed', undefined, undefined, undefined)
    expect(warnings).toEqual([['case', 'event-name-case: "FeatureUsed" is not snake_case']])
    const capped = builder()
    for (let index = 0; index < 1000; index += 1) capped.build(`name_${index}`, undefined, undefined, undefined)
    capped.build('NotSnake', undefined, undefined, undefined)
    expect(capped.warnings).toEqual([])
    const underCap = builder()
    for (let index = 0; index < 999; index += 1) underCap.build(`name_${index}`, undefined, undefined, undefined)
    underCap.build('NotSnake', undefined, undefined, undefined)
    expect(underCap.warnings).toEqual([['case', 'event-name-case: "NotSnake" is not snake_case']])
  })

  it('drops an event with a bad e-mail or timestamp, naming which', () => {
    const { build, warnings } = builder()
    expect(build('login', undefined, { customerEmail: 'a@b' }, undefined)).toBe('dropped')
    expect(build('login', undefined, undefined, 'a@b')).toBe('dropped')
    expect(build('login', undefined, { timestamp: 'yesterday' }, 'jane@example.com')).toBe('dropped')
    expect(warnings).toEqual([
      ['email', 'bad-email: "login" dropped'],
      ['email', 'bad-email: "login" dropped'],
      ['timestamp', 'bad-timestamp: "login" dropped'],
    ])
  })

  it('takes the per-event e-mail over the tracker\'s, snapshots properties, and sends an event without its properties when they are not JSON', () => {
    const { build, warnings } = builder()
    const properties = { plan: 'pro' }
    const event = build('login', properties, { customerEmail: 'joe@example.org' }, 'jane@example.com')
    properties.plan = 'changed'
    expect(event).toEqual({ event: 'login', customer_email: 'joe@example.org', properties: { plan: 'pro' }, timestamp: '2026-11-22T10:00:00.000Z', message_id: 'tab.1' })
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(build('login', cyclic, undefined, undefined)).toEqual({ event: 'login', timestamp: '2026-11-22T10:00:00.000Z', message_id: 'tab.2' })
    expect(warnings).toEqual([['properties', 'bad-properties: "login" sent without its properties (not JSON)']])
  })
})
