// The query string of a pages/api `req.url` as Next.js hands it over: parsed, then written
// again as URLSearchParams writes it (recorded from next start: `?a+b` -> `?a+b=`, `%2f` ->
// `%2F`, `%20` -> `+`, `;` -> `%3B`, a malformed `%ZZ` -> `%25ZZ`, a bare `?` dropped, repeated
// keys brought together: `?b=1&a=2&b=3` -> `?b=1&b=3&a=2`). Handlers that parse `req.url`
// themselves, or log it, see what they would see under Next.js.
// Hot path for requests with a query: one that is already in that form (plain `key=value`
// pairs of unreserved characters, no key twice) is returned as it came, without parsing.
import { parseQuery } from './query.ts'

const KEPT = /^[A-Za-z0-9*\-._+]+=[A-Za-z0-9*\-._+]*(?:&[A-Za-z0-9*\-._+]+=[A-Za-z0-9*\-._+]*)*$/

function hasRepeatedKey(search: string): boolean {
  if (search.indexOf('&') === -1) return false
  const keys: string[] = []
  let start = 0
  for (;;) {
    const end = search.indexOf('&', start)
    const key = search.slice(start, search.indexOf('=', start))
    if (keys.includes(key)) return true
    keys.push(key)
    if (end === -1) return false
    start = end + 1
  }
}

/** `search` (the query string without its `?`) as `?...` in Next.js's form, or '' for none. */
export function normalizeSearch(search: string): string {
  if (search.length === 0) return ''
  if (KEPT.test(search) && !hasRepeatedKey(search)) return '?' + search
  const query = parseQuery(search)
  const params = new URLSearchParams()
  for (const key of Object.keys(query)) {
    const value = query[key]
    if (typeof value === 'string') params.append(key, value)
    else for (const v of value) params.append(key, v)
  }
  const text = params.toString()
  return text.length === 0 ? '' : '?' + text
}
