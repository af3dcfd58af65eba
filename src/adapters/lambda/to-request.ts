// A Lambda HTTP event -> the Request the dispatch core answers. Which of the documented shapes
// an event is decides how its path, query, headers and body are read (types.ts for the docs):
//
// - payload 2.0 (HTTP API, Function URL): `rawPath` and `rawQueryString`, headers joined with
//   commas, cookies apart in `cookies`. An HTTP API hands `rawPath` percent-DECODED (`%2F`
//   arrives as `/`, `%25` as `%`), so a param holding an encoded slash cannot be told from two
//   segments there; Function URLs keep the encoding. Nothing can undo that here: README, Deploy.
// - payload 1.0 (REST API): `path` as sent; the query only as decoded parameters, re-encoded
//   here (`a+b` comes back as `a%20b`, the same value to req.query).
// - ALB: `path` and the query parameters as sent (the load balancer decodes nothing), in
//   `headers` or, with multi-value headers on, `multiValueHeaders`.
import type { AlbEvent, EventFormat, EventV1, EventV2, LambdaEvent } from './types.ts'

const NO_BODY = new Set(['GET', 'HEAD'])

export function eventFormat(event: LambdaEvent): EventFormat {
  if ((event as EventV2).version === '2.0') return 'v2'
  if ((event as AlbEvent).requestContext?.elb !== undefined) return (event as AlbEvent).multiValueHeaders ? 'alb-multi' : 'alb'
  if (typeof (event as EventV1).httpMethod === 'string') return 'v1'
  throw new TypeError('slugline: not an HTTP event (API Gateway payload 1.0 or 2.0, ALB, or Function URL)')
}

/** `?` and `#` cannot stand raw in a path: only a decoded `rawPath` (2.0) holds them. */
function safePath(path: string): string {
  const p = path.charCodeAt(0) === 47 ? path : `/${path}`
  return /[?#]/.test(p) ? p.replace(/\?/g, '%3F').replace(/#/g, '%23') : p
}

function appendAll(headers: Headers, single: Record<string, string | undefined> | null | undefined, multi: Record<string, string[] | undefined> | null | undefined): void {
  if (multi) {
    for (const name in multi) for (const v of multi[name] ?? []) headers.append(name, v)
  } else if (single) {
    for (const name in single) if (single[name] !== undefined) headers.append(name, single[name]!)
  }
}

function queryOf(single: Record<string, string | undefined> | null | undefined, multi: Record<string, string[] | undefined> | null | undefined, encode: (s: string) => string): string {
  const parts: string[] = []
  if (multi) {
    for (const k in multi) for (const v of multi[k] ?? []) parts.push(`${encode(k)}=${encode(v)}`)
  } else if (single) {
    for (const k in single) if (single[k] !== undefined) parts.push(`${encode(k)}=${encode(single[k]!)}`)
  }
  return parts.join('&')
}

const asSent = (s: string) => s

function bodyOf(method: string, body: string | null | undefined, base64: boolean | undefined): BodyInit | null {
  if (NO_BODY.has(method) || body === undefined || body === null) return null
  if (body === '' && !base64) return NO_BYTES
  return Buffer.from(body, base64 ? 'base64' : 'utf8')
}
const NO_BYTES = new Uint8Array(0) as Uint8Array<ArrayBuffer>

export interface EventRequest {
  request: Request
  format: EventFormat
  /** The client's address, as the platform reports it. */
  sourceIp: string | undefined
}

export function toRequest(event: LambdaEvent): EventRequest {
  const format = eventFormat(event)
  const headers = new Headers()
  let method: string
  let path: string
  let query: string
  let body: BodyInit | null
  let sourceIp: string | undefined
  if (format === 'v2') {
    const e = event as EventV2
    method = e.requestContext.http.method
    path = safePath(e.rawPath)
    query = e.rawQueryString
    appendAll(headers, e.headers, undefined)
    if (e.cookies !== undefined && e.cookies.length > 0) headers.set('cookie', e.cookies.join('; '))
    body = bodyOf(method, e.body, e.isBase64Encoded)
    sourceIp = e.requestContext.http.sourceIp
  } else {
    const e = event as EventV1 | AlbEvent
    method = e.httpMethod
    path = safePath(e.path)
    query = queryOf(e.queryStringParameters, e.multiValueQueryStringParameters, format === 'v1' ? encodeURIComponent : asSent)
    appendAll(headers, e.headers, e.multiValueHeaders)
    body = bodyOf(method, e.body, e.isBase64Encoded)
    sourceIp = format === 'v1' ? (e as EventV1).requestContext.identity?.sourceIp : undefined
  }
  const proto = headers.get('x-forwarded-proto') === 'http' ? 'http' : 'https'
  const target = `${path}${query === '' ? '' : `?${query}`}`
  return { request: new Request(origin(proto, headers.get('host'), event) + target, { method, headers, body }), format, sourceIp }
}

/** The origin of the request's URL: the Host header, else the endpoint's domain name; a Host
 *  that is no host name (the client's to send) falls back the same way. */
function origin(proto: string, host: string | null, event: LambdaEvent): string {
  const fallback = (event.requestContext as { domainName?: string }).domainName ?? 'localhost'
  if (host !== null && host !== '' && URL.canParse(`${proto}://${host}`) && !/[/?#@\\]/.test(host)) return `${proto}://${host}`
  return `${proto}://${fallback}`
}
