/**
 * Who sent a request, as far as the proxy is concerned:
 * - `allowed`: a browser on one of `allowedOrigins` (it gets CORS headers);
 * - `same-site`: the proxy's own site, or no browser at all (a server sends neither header);
 * - `cross-site`: a page on another site made a visitor's browser send it, with the visitor's
 *   cookies, so `authorize` would vouch for events the visitor never sent.
 */
export type RequestSite = 'allowed' | 'same-site' | 'cross-site'

type HeaderReader = Pick<Headers, 'get'>

/**
 * Reads `Sec-Fetch-Site` where the browser sends it (no page can set or change it), else compares
 * `Origin` with the origin the client addressed: `X-Forwarded-Proto` / `X-Forwarded-Host` behind
 * a reverse proxy, else `Host`, else `requestUrl`. A page cannot add those headers to a cross-site
 * request without a preflight, which only `allowedOrigins` pass. The request target's own
 * authority is never trusted: `toNodeHandler` builds `requestUrl` from `Host` and the path alone.
 */
export function requestSite(headers: HeaderReader, requestUrl: string, allowedOrigins: ReadonlySet<string>): RequestSite {
  const origin = headers.get('origin')
  if (origin !== null && allowedOrigins.has(normalizeOrigin(origin) ?? '')) return 'allowed'
  const fetchSite = headers.get('sec-fetch-site')?.trim().toLowerCase()
  if (fetchSite === 'cross-site') return 'cross-site'
  if (fetchSite === 'same-origin' || fetchSite === 'same-site' || fetchSite === 'none') return 'same-site'
  if (origin === null) return 'same-site'
  const own = addressedOrigin(headers, requestUrl)
  return own !== undefined && normalizeOrigin(origin) === own ? 'same-site' : 'cross-site'
}

/** `scheme://host[:port]` in lower case without a default port, or `undefined` (`null`, garbage, paths). */
export function normalizeOrigin(origin: string): string | undefined {
  const match = /^(https?):\/\/([^/?#\\@\s]+)$/i.exec(origin.trim())
  if (!match) return undefined
  const host = hostOf(match[2]!)
  if (host === undefined) return undefined
  try {
    return new URL(`${match[1]!.toLowerCase()}://${host}`).origin
  } catch {
    return undefined
  }
}

/** A `Host`-style value (`name[:port]`, `[v6][:port]`) when it is one, else `undefined`. */
export function hostOf(value: string): string | undefined {
  const host = value.trim().toLowerCase()
  return host.length <= 300 && /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(host)
    ? host
    : undefined
}

const firstOf = (value: string | null): string | undefined => value?.split(',')[0]?.trim() || undefined

function addressedOrigin(headers: HeaderReader, requestUrl: string): string | undefined {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return undefined
  }
  const proto = firstOf(headers.get('x-forwarded-proto'))?.toLowerCase() ?? url.protocol.slice(0, -1)
  const host = firstOf(headers.get('x-forwarded-host')) ?? headers.get('host') ?? url.host
  return normalizeOrigin(`${proto}://${host}`)
}
