// A redirect's or rewrite's `destination` with the matched params put in, as Next.js's
// prepareDestination does it (shared/lib/router/utils/prepare-destination.ts): params fill
// `:name` in the path (path-to-regexp's compile), in the hostname of an external URL and in
// query values; a rewrite whose path uses none of the params adds them all to the query; and
// the request's own query is kept under the destination's.
import { stringify } from 'node:querystring'
import { compile, pathToRegexp, type Key } from 'path-to-regexp'
import type { Query } from '../runtime/shared/query.ts'
import type { RuleParams } from './types.ts'

export interface Destination {
  /** Set for an external destination: `https://host` (with port if any). */
  origin: string | null
  pathname: string
  hash: string
  query: Query
}

const escapeRegex = (s: string) => s.replace(/[|\\{}()[\]^$+*?.-]/g, '\\$&')

/** `:key` inside a value other than a path (a query value, a header), as compileNonPath does. */
export function compileNonPath(value: string, params: RuleParams): string {
  if (!value.includes(':')) return value
  for (const key of Object.keys(params)) {
    if (value.includes(`:${key}`)) {
      const k = escapeRegex(key)
      value = value
        .replace(new RegExp(`:${k}\\*`, 'g'), `:${key}--ESCAPED_PARAM_ASTERISKS`)
        .replace(new RegExp(`:${k}\\?`, 'g'), `:${key}--ESCAPED_PARAM_QUESTION`)
        .replace(new RegExp(`:${k}\\+`, 'g'), `:${key}--ESCAPED_PARAM_PLUS`)
        .replace(new RegExp(`:${k}(?!\\w)`, 'g'), `--ESCAPED_PARAM_COLON${key}`)
    }
  }
  value = value
    .replace(/(:|\*|\?|\+|\(|\)|\{|\})/g, '\\$1')
    .replace(/--ESCAPED_PARAM_PLUS/g, '+')
    .replace(/--ESCAPED_PARAM_COLON/g, ':')
    .replace(/--ESCAPED_PARAM_QUESTION/g, '?')
    .replace(/--ESCAPED_PARAM_ASTERISKS/g, '*')
  return compile(`/${value}`, { validate: false })(params).slice(1)
}

const ESC = '__ESC_COLON_'

function parseDestination(destination: string, names: string[]): { url: URL; external: boolean } {
  let escaped = destination
  for (const name of names) if (name) escaped = escaped.replace(new RegExp(`:${escapeRegex(name)}`, 'g'), `${ESC}${name}`)
  const external = !escaped.startsWith('/')
  return { url: new URL(escaped, 'http://n'), external }
}

const unescapeColons = (s: string) => s.replace(/__ESC_COLON_/gi, ':')

function parseSearch(search: string): Query {
  const out: Query = {}
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

export function prepareDestination(destination: string, params: RuleParams, query: Query, appendParamsToQuery: boolean): Destination {
  const { url, external } = parseDestination(destination, [...Object.keys(params), ...Object.keys(query)])
  let destPath = unescapeColons(decodeURIComponentSafe(url.pathname))
  const hash = url.hash ? unescapeColons(url.hash) : ''
  if (hash) destPath += hash
  const keys: Key[] = []
  try {
    pathToRegexp(destPath, keys)
  } catch {
    // Compiled below, which reports the problem.
  }
  const destParams = keys.map((k) => String(k.name))
  let hostname = external ? unescapeColons(url.hostname) : ''
  if (external && hostname.includes(':')) {
    const hostKeys: Key[] = []
    pathToRegexp(hostname, hostKeys)
    destParams.push(...hostKeys.map((k) => String(k.name)))
    hostname = compile(hostname, { validate: false, encode: encodeURIComponent })(params)
  }
  const destQuery = parseSearch(url.search)
  for (const [k, v] of Object.entries(destQuery)) {
    destQuery[k] = Array.isArray(v) ? v.map((x) => compileNonPath(unescapeColons(x), params)) : compileNonPath(unescapeColons(v), params)
  }
  const paramKeys = Object.keys(params)
  if (appendParamsToQuery && !paramKeys.some((k) => destParams.includes(k))) {
    for (const k of paramKeys) if (!(k in destQuery)) destQuery[k] = params[k]!
  }
  let compiled: string
  try {
    compiled = compile(destPath, { validate: false })(params)
  } catch (err) {
    if (/Expected .*? to not repeat, but got an array/.test((err as Error).message)) {
      throw new Error('To use a multi-match in the destination you must add `*` at the end of the param name to signify it should repeat. https://nextjs.org/docs/messages/invalid-multi-match')
    }
    throw err
  }
  const [pathname, h] = compiled.split('#', 2) as [string, string | undefined]
  const origin = external ? `${url.protocol}//${hostname}${url.port ? ':' + url.port : ''}` : null
  return { origin, pathname, hash: h ? `#${h}` : '', query: { ...query, ...destQuery } }
}

function decodeURIComponentSafe(s: string): string {
  // The URL parser percent-encodes characters path-to-regexp needs as written (`(`, `)` stay;
  // spaces and `{}` do not): undo only the escapes it added, keep the rest.
  return s.replace(/%7B/gi, '{').replace(/%7D/gi, '}')
}

/** The query string of a redirect's Location (Next.js's stringifyQuery): keys and values that
 *  came with the request are escaped again; those from the destination go as written. */
export function stringifyRedirectQuery(query: Query, initial: Query): string {
  const initialValues = Object.values(initial)
  return stringify(query, undefined, undefined, {
    encodeURIComponent(value: string) {
      if (value in initial || initialValues.some((v) => (Array.isArray(v) ? v.includes(value) : v === value))) return encodeURIComponent(value)
      return value
    },
  })
}
