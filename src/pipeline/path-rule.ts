// A next.config rule's `source` compiled as Next.js compiles it (server/lib/router-utils/
// filesystem.ts buildCustomRoute, shared/lib/router/utils/path-match.ts): path-to-regexp 6,
// `strict`, case-insensitive, unnamed groups dropped from the params, and for the app's own
// rules an optional trailing slash (modifyRouteRegex: `$` -> `(?:\/)?$`), with `/_next` kept out
// of redirects.
import { pathToRegexp, regexpToFunction, type Key } from 'path-to-regexp'
import { SluglineError } from '../errors.ts'
import type { RouteCondition } from '../config/routing-config.ts'
import { compileConditions, matchConditions, type CompiledCondition } from './conditions.ts'
import type { RuleParams, StageRequest } from './types.ts'

export interface CompiledRule<T> {
  rule: T
  /** The params of a match, or null. */
  match(req: StageRequest, path: string): RuleParams | null
}

interface RuleShape {
  source: string
  has?: RouteCondition[]
  missing?: RouteCondition[]
  internal?: boolean
}

export function compileSource(source: string, internal: boolean, restricted: string[] | null, file: string): (path: string) => RuleParams | null {
  const keys: Key[] = []
  let re: RegExp
  try {
    re = pathToRegexp(source, keys, { delimiter: '/', sensitive: false, strict: true })
  } catch (err) {
    throw new SluglineError('CONFIG_INVALID', `Invalid ${file}: cannot parse source \`${source}\`: ${(err as Error).message}`, [file])
  }
  if (!internal) {
    let src = re.source
    if (restricted !== null) src = src.replace(/\^/, `^(?!${restricted.map((p) => p.replace(/\//g, '\\/')).join('|')})`)
    re = new RegExp(src.replace(/\$$/, '(?:\\/)?$'), re.flags)
  }
  const fn = regexpToFunction<RuleParams>(re, keys)
  const unnamed = keys.filter((k) => typeof k.name === 'number').map((k) => k.name)
  return (path) => {
    const m = fn(path)
    if (m === false) return null
    const params = m.params
    for (const k of unnamed) delete params[k as unknown as string]
    return params
  }
}

export function compileRule<T extends RuleShape>(rule: T, kind: 'header' | 'redirect' | 'rewrite', basePath: string, file: string): CompiledRule<T> {
  const restricted = kind === 'redirect' ? [`${basePath}/_next`] : null
  const matchPath = compileSource(rule.source, rule.internal === true, restricted, file)
  const has: CompiledCondition[] | null = compileConditions(rule.has)
  const missing: CompiledCondition[] | null = compileConditions(rule.missing)
  return {
    rule,
    match(req, path) {
      const params = matchPath(path)
      if (params === null) return null
      if (has === null && missing === null) return params
      const extra = matchConditions(req, has, missing)
      return extra === null ? null : Object.assign(params, extra)
    },
  }
}
