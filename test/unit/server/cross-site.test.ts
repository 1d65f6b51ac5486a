import { describe, expect, it } from 'vitest'
import { hostOf, normalizeOrigin, requestSite, type RequestSite } from '../../../src/server/cross-site.js'

const URL_SEEN = 'https://app.example/api/windback/track'
const allowed = new Set(['https://partner.example'])

describe('requestSite: which browser requests the proxy refuses as cross-site', () => {
  it.each<[string, Record<string, string>, RequestSite, string?]>([
    ['a same-origin fetch', { 'sec-fetch-site': 'same-origin', origin: 'https://app.example' }, 'same-site'],
    ['a sibling subdomain (same site)', { 'sec-fetch-site': 'same-site', origin: 'https://www.app.example' }, 'same-site'],
    ['a user-initiated navigation', { 'sec-fetch-site': 'none' }, 'same-site'],
    ['another site, by Sec-Fetch-Site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, 'cross-site'],
    ['another site claiming our Origin (Sec-Fetch-Site wins)', { 'sec-fetch-site': 'cross-site', origin: 'https://app.example' }, 'cross-site'],
    ['Sec-Fetch-Site in capitals', { 'sec-fetch-site': 'Cross-Site' }, 'cross-site'],
    ['an allowed origin, although cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://partner.example' }, 'allowed'],
    ['an allowed origin written in capitals with its default port', { origin: 'HTTPS://Partner.Example:443' }, 'allowed'],
    ['a server (neither header)', {}, 'same-site'],
    ['an older browser, own Origin', { origin: 'https://app.example' }, 'same-site'],
    ['an older browser, own Origin in capitals', { origin: 'HTTPS://APP.EXAMPLE' }, 'same-site'],
    ['an older browser, another Origin', { origin: 'https://evil.example' }, 'cross-site'],
    ['an older browser, another scheme', { origin: 'http://app.example' }, 'cross-site'],
    ['an older browser, another port', { origin: 'https://app.example:8443' }, 'cross-site'],
    ['Origin: null (sandboxed frame, file:, some redirects)', { origin: 'null' }, 'cross-site'],
    ['Origin: null with Sec-Fetch-Site cross-site', { origin: 'null', 'sec-fetch-site': 'cross-site' }, 'cross-site'],
    ['a garbage Origin', { origin: 'https://app.example/../evil' }, 'cross-site'],
    ['an unknown Sec-Fetch-Site falls back to Origin', { 'sec-fetch-site': 'weird', origin: 'https://evil.example' }, 'cross-site'],
    ['same-origin by the browser\'s word, whatever Origin says', { 'sec-fetch-site': 'same-origin', origin: 'https://elsewhere.example' }, 'same-site'],
    ['a navigation the user typed, whatever Origin says', { 'sec-fetch-site': 'none', origin: 'https://elsewhere.example' }, 'same-site'],
  ])('%s', (_name, headers, expected) => {
    expect(requestSite(new Headers(headers), URL_SEEN, allowed)).toBe(expected)
  })

  it('compares Origin with the origin the client addressed behind a reverse proxy', () => {
    const internal = 'http://10.0.0.5:3000/api/windback/track'
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' }
    expect(requestSite(new Headers({ ...forwarded, origin: 'https://shop.example' }), internal, allowed)).toBe('same-site')
    expect(requestSite(new Headers({ 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'shop.example, 10.0.0.5', origin: 'https://shop.example' }), internal, allowed)).toBe('same-site')
    expect(requestSite(new Headers({ ...forwarded, origin: 'http://10.0.0.5:3000' }), internal, allowed)).toBe('cross-site')
    expect(requestSite(new Headers({ host: 'shop.example:8080', origin: 'http://shop.example:8080' }), internal, allowed)).toBe('same-site')
    expect(requestSite(new Headers({ 'x-forwarded-proto': 'https', 'x-forwarded-host': ' shop.example , 10.0.0.5', origin: 'https://shop.example' }), internal, allowed)).toBe('same-site')
  })

  it('handles IPv6 hosts', () => {
    const url = 'http://[::1]:8080/track'
    expect(requestSite(new Headers({ origin: 'http://[::1]:8080' }), url, allowed)).toBe('same-site')
    expect(requestSite(new Headers({ host: '[::1]:8080', origin: 'http://[::1]:8080' }), url, allowed)).toBe('same-site')
    expect(requestSite(new Headers({ origin: 'http://[::2]:8080' }), url, allowed)).toBe('cross-site')
  })

  it('never takes an origin from a malformed Host', () => {
    for (const host of ['evil.example/x', 'evil.example\\x', 'user@evil.example', 'a b']) {
      expect(requestSite(new Headers({ host, origin: `https://${host}` }), URL_SEEN, allowed), host).toBe('cross-site')
    }
  })
})

describe('normalizeOrigin', () => {
  it('gives scheme://host[:port] in lower case without a default port, or nothing', () => {
    expect(normalizeOrigin('HTTPS://Shop.Example:443')).toBe('https://shop.example')
    expect(normalizeOrigin('http://shop.example:8080')).toBe('http://shop.example:8080')
    expect(normalizeOrigin('http://[::1]:80')).toBe('http://[::1]')
    expect(normalizeOrigin(' https://a.example ')).toBe('https://a.example')
    for (const bad of ['null', 'https://a.example/path', 'ftp://a.example', 'https://u@a.example', '//a.example', '', 'xhttps://a.example', 'https://a_b.example', 'https://a.example:99999']) {
      expect(normalizeOrigin(bad), bad).toBeUndefined()
    }
  })
})

describe('hostOf', () => {
  it('takes a name or [IPv6] with an optional port, trimmed and in lower case, up to 300 characters', () => {
    expect(hostOf(' Shop.Example:8080 ')).toBe('shop.example:8080')
    expect(hostOf('a')).toBe('a')
    expect(hostOf('a.b.c')).toBe('a.b.c')
    expect(hostOf('[::1]:80')).toBe('[::1]:80')
    const label = 'a'.repeat(59)
    const long = (length: number) => `${Array.from({ length: 5 }, () => label).join('.')}.${'b'.repeat(length - 5 * 60)}`
    expect(hostOf(long(300))).toBe(long(300))
    expect(hostOf(long(301))).toBeUndefined()
    for (const bad of ['-a.example', 'a-.example', 'a_b', 'a b', 'a/b', 'a:port', '']) expect(hostOf(bad), bad).toBeUndefined()
  })
})
