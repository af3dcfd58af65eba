// `has` / `missing` conditions of next.config rules and proxy matchers, as Next.js's matchHas
// (shared/lib/router/utils/prepare-destination.ts) checks them: a header, cookie, query key
// or host that is present (and, with `value`, matches `^value$`); named groups of the value's
// regex, or the key itself when there is no value, become params for the destination.
import { parse as parseCookies } from 'cookie'
import type { RouteCondition } from '../config/routing-config.ts'
import type { RuleParams, StageRequest } from './types.ts'

/** Only letters, so the name interpolates in path-to-regexp (getSafeParamName). */
function safeParamName(name: string): string {
  return name.replace(/[^A-Za-z]/g, '')
}

/** A condition with its value's regex compiled once. */
export interface CompiledCondition extends RouteCondition {
  regex: RegExp | null
}

export function compileConditions(list: RouteCondition[] | undefined): CompiledCondition[] | null {
  if (list === undefined || list.length === 0) return null
  return list.map((c) => ({ ...c, regex: c.value ? new RegExp(`^${c.value}$`) : null }))
}

function valueOf(c: CompiledCondition, req: StageRequest, cookies: () => Record<string, string | undefined>): string | string[] | undefined {
  switch (c.type) {
    case 'header':
      return req.headers[c.key.toLowerCase()]
    case 'cookie':
      return cookies()[c.key]
    case 'query':
      return req.query()[c.key]
    case 'host': {
      const host = req.headers.host
      return typeof host === 'string' ? host.split(':', 1)[0]!.toLowerCase() : undefined
    }
  }
}

function holds(c: CompiledCondition, req: StageRequest, params: RuleParams, cookies: () => Record<string, string | undefined>): boolean {
  const value = valueOf(c, req, cookies)
  if (!value) return false
  if (c.regex === null) {
    params[safeParamName(c.key)] = value
    return true
  }
  const m = (Array.isArray(value) ? value[value.length - 1]! : value).match(c.regex)
  if (m === null) return false
  if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) params[k] = v
  if (c.type === 'host' && !m.groups && m[0]) params.host = m[0]
  return true
}

/** The params the conditions give, or null when they do not all hold. */
export function matchConditions(req: StageRequest, has: CompiledCondition[] | null, missing: CompiledCondition[] | null): RuleParams | null {
  const params: RuleParams = {}
  let jar: Record<string, string | undefined> | undefined
  const cookies = () => {
    if (jar === undefined) {
      const h = req.headers.cookie
      jar = typeof h === 'string' ? parseCookies(h) : {}
    }
    return jar
  }
  if (has !== null) for (const c of has) if (!holds(c, req, params, cookies)) return null
  if (missing !== null) for (const c of missing) if (holds(c, req, {}, cookies)) return null
  return params
}
