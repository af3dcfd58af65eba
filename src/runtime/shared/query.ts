// Query-string parsing with Node's `querystring` semantics, which is what Next.js's
// `url.parse(url, true)` gives API routes: repeated keys become arrays, `?flag` is '',
// `+` is a space, a malformed escape is kept as written rather than rejected.
// Hot path: most values have neither `%` nor `+`, and skip decoding entirely.
import { unescape } from 'node:querystring'
import type { Params } from '../../matcher/types.ts'

export type Query = Record<string, string | string[]>

/** querystring.parse's default: more keys than this are ignored (a cheap guard against floods). */
const MAX_KEYS = 1000

function decode(s: string): string {
  if (s.indexOf('+') !== -1) s = s.replace(/\+/g, ' ')
  // unescape tries decodeURIComponent and falls back to a lenient decoder on malformed input.
  return s.indexOf('%') === -1 ? s : unescape(s)
}

function add(query: Query, key: string, value: string): void {
  // A key named __proto__ must become data, not reach the object's prototype.
  if (key === '__proto__') return addOwn(query, key, value)
  const prev: unknown = query[key]
  if (typeof prev === 'string') query[key] = [prev, value]
  else if (Array.isArray(prev)) prev.push(value)
  // Not seen yet, or only inherited (`constructor`, `toString`: functions on Object.prototype,
  // which the query's own keys shadow; Next.js mangles these to `[null, "x"]`): a new key.
  else query[key] = value
}

function addOwn(query: Query, key: string, value: string): void {
  const prev = Object.hasOwn(query, key) ? query[key] : undefined
  const next = prev === undefined ? value : typeof prev === 'string' ? [prev, value] : [...prev, value]
  Object.defineProperty(query, key, { value: next, enumerable: true, writable: true, configurable: true })
}

/** Parses `a=1&a=2&flag` (no leading `?`). */
export function parseQuery(search: string): Query {
  const query: Query = {}
  if (search.length === 0) return query
  let start = 0
  let keys = 0
  while (start <= search.length && keys < MAX_KEYS) {
    let end = search.indexOf('&', start)
    if (end === -1) end = search.length
    if (end > start) {
      const eq = search.indexOf('=', start)
      if (eq === -1 || eq > end) add(query, decode(search.slice(start, end)), '')
      else add(query, decode(search.slice(start, eq)), decode(search.slice(eq + 1, end)))
      keys++
    }
    start = end + 1
  }
  return query
}

/** The query string parsed, with route params written over keys of the same name. */
export function buildQuery(search: string, params: Params | null): Query {
  // No query string (most API calls): the params object, made by the matcher for this request
  // alone and already in Next.js's order, is the query as it is; no copy.
  if (search.length === 0) return params ?? {}
  const query = parseQuery(search)
  if (params !== null) for (const key in params) query[key] = params[key]
  return query
}
