// The absolute URL a route handler's Request carries: `http://` + Host + request target, as
// undici would serialise it (`new Request(url).url`, the WHATWG URL's href), with the host
// falling back to 127.0.0.1 when the Host header is missing or makes no valid URL.
//
// Parsing that URL costs ~1 us per request (`new URL`, measured in a loop); most targets and
// hosts come out of the parser unchanged, so requestHref checks for that and skips the parse:
// the host is parsed once per distinct Host value (one cached entry: a keep-alive client sends
// the same one every time), and the target is used as it came when it only holds characters
// the URL parser leaves alone, with no dot segment to resolve. Anything else is parsed.
import type { IncomingMessage } from 'node:http'

/** The URL before any normalising: `http://` + Host + path, 127.0.0.1 when Host is missing.
 *  An absolute-form target (`GET http://h/a`, as sent to proxies) names its own host, which
 *  HTTP/1.1 says wins over the Host header. */
export function requestUrl(req: IncomingMessage, host = req.headers.host || '127.0.0.1'): string {
  const target = req.url ?? '/'
  if (target.charCodeAt(0) === 47 /* "/" */) return `http://${host}${target}`
  try {
    const u = new URL(target)
    return `http://${u.host}${u.pathname}${u.search}`
  } catch {
    return `http://${host}/`
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

/** `http://` + the host as the URL parser writes it (lowercase, default port dropped...), or
 *  undefined when the host does not stand alone as a clean authority (it carries a path,
 *  credentials, ...) or makes no valid URL: then the whole URL is parsed instead. */
function originOf(host: string): string | undefined {
  if (host === lastHost) return lastOrigin
  let origin: string | undefined
  try {
    const u = new URL(`http://${host}/`)
    if (u.pathname === '/' && u.username === '' && u.password === '' && u.search === '' && u.hash === '') origin = `http://${u.host}`
  } catch {
    origin = undefined
  }
  lastHost = host
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
  const host = req.headers.host || '127.0.0.1'
  if (target.charCodeAt(0) === 47 /* "/" */ && isKeptTarget(target)) {
    const origin = originOf(host)
    if (origin !== undefined) return origin + target
  }
  const href = parsedHref(requestUrl(req, host)) ?? parsedHref(requestUrl(req, '127.0.0.1'))
  // A target no URL can hold: the same TypeError `new Request(url)` would throw.
  if (href === undefined) throw new TypeError(`Failed to parse URL from ${requestUrl(req, '127.0.0.1')}`)
  return href
}
