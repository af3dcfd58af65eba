// The absolute URL a route handler's Request carries (`request.url`, and `nextUrl` from it).
//
// Whose host: by default the server's own, never the client's. `next start` builds it from its
// own hostname and port and takes only the scheme from X-Forwarded-Proto (recorded: with
// `Host: evil.example`, request.url is `http://localhost:3901/url`), because a URL built from
// the Host header lets any client choose where `Response.redirect(new URL('/login',
// request.url))` sends a user. So the origin is `http(s)://localhost:<the port the request
// came in on>`. Behind a proxy that sets the host on purpose, `trustProxyHeaders(true)` (the
// `trustProxy` option of createHandler, `slugline start --trust-proxy`) takes X-Forwarded-Host,
// then Host, and X-Forwarded-Proto, as they come.
//
// The URL is what undici would serialise (`new Request(url).url`, the WHATWG URL's href).
// Parsing it costs ~1 us per request (`new URL`, measured in a loop); most targets and hosts
// come out of the parser unchanged, so requestHref checks for that and skips the parse: the
// origin is parsed once per distinct host (one cached entry: a keep-alive client sends the
// same one every time), and the target is used as it came when it only holds characters the
// URL parser leaves alone, with no dot segment to resolve. Anything else is parsed.
import type { IncomingMessage } from 'node:http'

let trustProxy = false

/** Take the request's host from X-Forwarded-Host / Host (true), or use the server's own (false,
 *  the default, as next start does). For servers behind a proxy that sets those headers. */
export function trustProxyHeaders(on: boolean): void {
  trustProxy = on
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const v = Array.isArray(header) ? header[0] : header
  if (v === undefined) return undefined
  const comma = v.indexOf(',')
  return (comma === -1 ? v : v.slice(0, comma)).trim()
}

/** `https` when the proxy in front says so, else `http`. */
function schemeOf(req: IncomingMessage): string {
  const proto = req.headers['x-forwarded-proto']
  return proto !== undefined && firstValue(proto)?.toLowerCase() === 'https' ? 'https' : 'http'
}

/** The host the URL names: the server's own (`localhost:<port>`) unless proxy headers are trusted. */
function hostOf(req: IncomingMessage): string {
  if (trustProxy) return firstValue(req.headers['x-forwarded-host']) || req.headers.host || '127.0.0.1'
  const port = req.socket?.localPort
  return port === undefined ? 'localhost' : `localhost:${port}`
}

/** The URL before any normalising: scheme + host + path. An absolute-form target (`GET
 *  http://h/a`, as sent to proxies) names its own host, which HTTP/1.1 says wins over the Host
 *  header; it is used only when proxy headers are trusted. */
export function requestUrl(req: IncomingMessage, host = hostOf(req), scheme = schemeOf(req)): string {
  const target = req.url ?? '/'
  if (target.charCodeAt(0) === 47 /* "/" */) return `${scheme}://${host}${target}`
  try {
    const u = new URL(target)
    return `${scheme}://${trustProxy ? u.host : host}${u.pathname}${u.search}`
  } catch {
    return `${scheme}://${host}/`
  }
}

// Characters the WHATWG URL parser keeps as they are (found by trying each printable ASCII
// character): in a path, and in the query of an http: URL (which encodes ' but not ` { } \).
const KEPT_PATH = /^\/[!$%&'()*+,\-./0-9:;=@A-Z[\]^_a-z|~]*$/
const KEPT_QUERY = /^[!$%&()*+,\-./0-9:;=?@A-Z[\\\]^_`a-z{|}~]*$/

/** Whether the URL parser returns this origin-form target unchanged. */
function isKeptTarget(target: string): boolean {
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  if (!KEPT_PATH.test(path)) return false
  // "." and ".." segments (also as %2e) are resolved by the parser.
  if (path.includes('/.') || path.includes('%2e') || path.includes('%2E')) return false
  return q === -1 || KEPT_QUERY.test(target.slice(q + 1))
}

let lastHost: string | undefined
let lastOrigin: string | undefined

/** scheme + `://` + the host as the URL parser writes it (lowercase, default port dropped...),
 *  or undefined when the host does not stand alone as a clean authority (it carries a path,
 *  credentials, ...) or makes no valid URL: then the whole URL is parsed instead. */
function originOf(scheme: string, host: string): string | undefined {
  const key = scheme === 'http' ? host : `${scheme} ${host}`
  if (key === lastHost) return lastOrigin
  let origin: string | undefined
  try {
    const u = new URL(`${scheme}://${host}/`)
    if (u.pathname === '/' && u.username === '' && u.password === '' && u.search === '' && u.hash === '') origin = `${scheme}://${u.host}`
  } catch {
    origin = undefined
  }
  lastHost = key
  lastOrigin = origin
  return origin
}

/** The href of a parsed URL, or undefined when it does not parse or carries credentials
 *  (undici refuses a Request URL with credentials). */
function parsedHref(url: string): string | undefined {
  try {
    const u = new URL(url)
    return u.username === '' && u.password === '' ? u.href : undefined
  } catch {
    return undefined
  }
}

/** The Request URL of `req`, exactly as undici would give it back from `request.url`. */
export function requestHref(req: IncomingMessage): string {
  const target = req.url ?? '/'
  const host = hostOf(req)
  const scheme = schemeOf(req)
  if (target.charCodeAt(0) === 47 /* "/" */ && isKeptTarget(target)) {
    const origin = originOf(scheme, host)
    if (origin !== undefined) return origin + target
  }
  const href = parsedHref(requestUrl(req, host, scheme)) ?? parsedHref(requestUrl(req, 'localhost', scheme))
  // A target no URL can hold: the same TypeError `new Request(url)` would throw.
  if (href === undefined) throw new TypeError(`Failed to parse URL from ${requestUrl(req, 'localhost', scheme)}`)
  return href
}
