// proxy.ts's `config.matcher`, compiled as Next.js 16 compiles it (build/analysis/
// get-page-static-info.ts getMiddlewareMatchers, lib/try-to-parse-path.ts): each source gets
// the optional `/_next/data/<id>` prefix and `.json` / RSC suffixes of Next.js's transport
// routes, the basePath in front, and becomes a path-to-regexp 6 regex with the default options
// (not strict: an optional trailing delimiter; case-sensitive, since only the source is kept).
// At run time a request matches when the regex matches its path or its decoded path, and the
// entry's has/missing conditions hold (shared/lib/router/utils/middleware-route-matcher.ts).
import { parse, tokensToRegexp } from 'path-to-regexp'
import { SluglineError } from '../errors.ts'
import type { RouteCondition } from '../config/routing-config.ts'
import { compileConditions, matchConditions, type CompiledCondition } from './conditions.ts'
import type { ProxyMatcher } from './proxy-manifest.ts'
import type { StageRequest } from './types.ts'

const escapeRegex = (s: string) => s.replace(/[|\\{}()[\]^$+*?.-]/g, '\\$&')
const RSC_SUFFIX = escapeRegex('.rsc')
const SEGMENT_PREFETCH = `${escapeRegex('.segments')}/.+${escapeRegex('.segment.rsc')}`
const TRANSPORT_SUFFIX = `${RSC_SUFFIX}|${SEGMENT_PREFETCH}`
const ROOT_TRANSPORT = `/?index(?:${TRANSPORT_SUFFIX})`
const DATA_SUFFIX = `\\.json|${TRANSPORT_SUFFIX}`
const NEXT_DATA_PREFIX = '/:nextData(_next/data/[^/]{1,})?'

function invalid(file: string, message: string): never {
  throw new SluglineError('CONFIG_INVALID', `${file} contains invalid middleware config: ${message}`, [file])
}

/** `config.matcher` (a string, an object or an array of them) -> the matchers for the manifest. */
export function compileProxyMatchers(matcher: unknown, basePath: string, file: string): ProxyMatcher[] {
  const list = Array.isArray(matcher) ? matcher : [matcher]
  return list.map((entry: unknown, i) => {
    const m = (typeof entry === 'string' ? { source: entry } : entry) as Record<string, unknown>
    if (typeof m !== 'object' || m === null || typeof m.source !== 'string') invalid(file, `matcher #${i + 1} must be a string or { source, has?, missing? }`)
    const original = m.source as string
    if (!original.startsWith('/')) invalid(file, `source "${original}" must start with /`)
    if (original.length > 4096) invalid(file, `source "${original.slice(0, 40)}..." is longer than 4096 characters`)
    const isRoot = original === '/'
    const suffix = isRoot ? `(/?index|/?index\\.json|${ROOT_TRANSPORT})?` : `{(${DATA_SUFFIX})}?`
    const source = `${basePath}${NEXT_DATA_PREFIX}${original}${suffix}`
    let regexp: string
    try {
      regexp = tokensToRegexp(parse(source)).source
    } catch (err) {
      invalid(file, `cannot parse source "${original}": ${(err as Error).message}`)
    }
    const out: ProxyMatcher = { regexp, originalSource: original }
    for (const key of ['has', 'missing'] as const) {
      if (m[key] === undefined) continue
      if (!Array.isArray(m[key])) invalid(file, `\`${key}\` of matcher "${original}" must be an array`)
      out[key] = m[key] as RouteCondition[]
    }
    return out
  })
}

export type ProxyPathMatch = (req: StageRequest, path: string) => boolean

/** The run-time test of the compiled matchers; null matchers (none configured) match every path. */
export function createProxyMatch(matchers: ProxyMatcher[] | null): ProxyPathMatch {
  if (matchers === null) return () => true
  const compiled = matchers.map((m) => ({
    regex: new RegExp(m.regexp),
    has: compileConditions(m.has) as CompiledCondition[] | null,
    missing: compileConditions(m.missing) as CompiledCondition[] | null,
  }))
  return (req, path) => {
    let decoded = path
    if (path.indexOf('%') !== -1) {
      try {
        decoded = decodeURIComponent(path)
      } catch {
        // Next.js: "non-fatal we can't decode so can't match it"
      }
    }
    for (const m of compiled) {
      if (!m.regex.test(path) && (decoded === path || !m.regex.test(decoded))) continue
      if ((m.has !== null || m.missing !== null) && matchConditions(req, m.has, m.missing) === null) continue
      return true
    }
    return false
  }
}
