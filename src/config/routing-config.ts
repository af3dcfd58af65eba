// The part of next.config that shapes how requests are routed, evaluated once (at build, or
// when dev loads the config) into plain data: `start` reads it from the manifest and compiles
// its patterns (src/pipeline/). Follows Next.js 16's lib/load-custom-routes: headers(),
// redirects() and rewrites() are awaited, each rule is checked, `basePath` is put in front of
// every source and local destination (unless the rule says `basePath: false`), and the
// trailing-slash redirects Next.js adds itself come first among the redirects.
import { SluglineError } from '../errors.ts'

export interface RouteCondition {
  type: 'header' | 'cookie' | 'query' | 'host'
  key: string
  value?: string
}

interface RuleBase {
  source: string
  has?: RouteCondition[]
  missing?: RouteCondition[]
  /** Next.js's own rules (trailing slash): matched without the optional trailing slash the
   *  user's rules get. */
  internal?: boolean
}

export interface HeaderRule extends RuleBase {
  headers: { key: string; value: string }[]
}

export interface RedirectRule extends RuleBase {
  destination: string
  statusCode: number
}

export interface RewriteRule extends RuleBase {
  destination: string
}

export interface RoutingConfig {
  /** The config file, relative to the app. */
  file: string
  basePath: string
  trailingSlash: boolean
  skipTrailingSlashRedirect: boolean
  skipMiddlewareUrlNormalize: boolean
  headers: HeaderRule[]
  redirects: RedirectRule[]
  rewrites: { beforeFiles: RewriteRule[]; afterFiles: RewriteRule[]; fallback: RewriteRule[] }
  /** `env`: set into process.env when the app starts (Next.js inlines them into the bundle). */
  env: Record<string, string>
  /** `compress` (default true). */
  compress: boolean
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const CONDITION_TYPES = new Set(['header', 'cookie', 'query', 'host'])

function fail(file: string, message: string): never {
  throw new SluglineError('CONFIG_INVALID', `Invalid ${file}: ${message}`, [file])
}

function checkConditions(file: string, what: string, list: unknown, name: string): RouteCondition[] | undefined {
  if (list === undefined) return undefined
  if (!Array.isArray(list)) fail(file, `\`${name}\` of ${what} must be an array`)
  return list.map((c: Record<string, unknown>) => {
    if (typeof c !== 'object' || c === null || !CONDITION_TYPES.has(c.type as string)) {
      fail(file, `\`${name}\` of ${what} holds ${JSON.stringify(c)}: \`type\` must be header, cookie, query or host`)
    }
    if (c.type !== 'host' && typeof c.key !== 'string') fail(file, `\`${name}\` of ${what}: a ${String(c.type)} condition needs a \`key\``)
    if (c.value !== undefined && typeof c.value !== 'string') fail(file, `\`${name}\` of ${what}: \`value\` must be a string`)
    const out: RouteCondition = { type: c.type as RouteCondition['type'], key: typeof c.key === 'string' ? c.key : '' }
    if (c.value !== undefined) out.value = c.value as string
    return out
  })
}

type Kind = 'header' | 'redirect' | 'rewrite'

function checkRule(file: string, kind: Kind, r: Record<string, unknown>, i: number): void {
  const what = `${kind} #${i + 1}${typeof r?.source === 'string' ? ` (${r.source})` : ''}`
  if (typeof r !== 'object' || r === null) fail(file, `${what} must be an object`)
  if (typeof r.source !== 'string') fail(file, `${what} needs a \`source\` string`)
  if (!r.source.startsWith('/')) fail(file, `\`source\` of ${what} must start with /`)
  if (kind === 'header') {
    if (!Array.isArray(r.headers)) fail(file, `${what} needs a \`headers\` array`)
    for (const h of r.headers as Record<string, unknown>[]) {
      if (typeof h?.key !== 'string' || typeof h?.value !== 'string') fail(file, `\`headers\` of ${what} must hold { key, value } strings`)
    }
  } else if (typeof r.destination !== 'string') fail(file, `${what} needs a \`destination\` string`)
  if (kind === 'redirect') {
    if (r.statusCode !== undefined && !REDIRECT_STATUSES.has(r.statusCode as number)) fail(file, `\`statusCode\` of ${what} must be 301, 302, 303, 307 or 308`)
    if (r.statusCode === undefined && typeof r.permanent !== 'boolean') fail(file, `${what} needs \`permanent\` (true or false) or \`statusCode\``)
  }
  if (r.basePath !== undefined && r.basePath !== false) fail(file, `\`basePath\` of ${what} can only be false`)
}

/** Next.js's processRoutes: the basePath in front of the source and of a local destination. */
function withBasePath<T extends { source: string; destination?: string }>(rule: T, basePath: string, ruleBasePath: unknown): T {
  const src = basePath && ruleBasePath !== false ? basePath : ''
  const external = rule.destination !== undefined && !rule.destination.startsWith('/')
  const dst = src && !external ? src : ''
  const out = { ...rule, source: `${src}${rule.source === '/' && src ? '' : rule.source}` }
  if (rule.destination !== undefined) out.destination = `${dst}${rule.destination === '/' && dst ? '' : rule.destination}`
  return out
}

function conditions<T extends object>(rule: T, r: Record<string, unknown>, file: string, what: string): T {
  const has = checkConditions(file, what, r.has, 'has')
  const missing = checkConditions(file, what, r.missing, 'missing')
  return { ...rule, ...(has ? { has } : {}), ...(missing ? { missing } : {}) }
}

async function rulesOf(config: Record<string, unknown>, key: 'headers' | 'redirects' | 'rewrites', file: string): Promise<unknown> {
  const fn = config[key]
  if (fn === undefined) return undefined
  if (typeof fn !== 'function') fail(file, `\`${key}\` must be an async function returning the rules`)
  return await (fn as () => unknown).call(config)
}

function asList(file: string, key: string, value: unknown): Record<string, unknown>[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) fail(file, `\`${key}\` must return an array`)
  return value as Record<string, unknown>[]
}

function checkBasePath(file: string, value: unknown): string {
  if (value === undefined || value === '') return ''
  if (typeof value !== 'string') fail(file, '`basePath` must be a string')
  if (!value.startsWith('/')) fail(file, `\`basePath\` must start with / (got "${value}")`)
  if (value === '/') fail(file, '`basePath` cannot be / (leave it empty instead)')
  if (value.endsWith('/')) fail(file, `\`basePath\` cannot end with / (got "${value}")`)
  return value
}

function bool(file: string, config: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = config[key]
  if (v === undefined) return fallback
  if (typeof v !== 'boolean') fail(file, `\`${key}\` must be true or false`)
  return v
}

/** The trailing-slash redirects Next.js puts before the app's own (load-custom-routes.ts). */
function trailingSlashRedirects(trailingSlash: boolean, basePath: string): RedirectRule[] {
  const out: RedirectRule[] = []
  if (trailingSlash) {
    if (basePath) out.push({ source: basePath, destination: basePath + '/', statusCode: 308, internal: true })
    out.push(
      {
        source: `${basePath}/:file((?!\\.well-known(?:/.*)?)(?:[^/]+/)*[^/]+\\.\\w+)/`,
        destination: `${basePath}/:file`,
        statusCode: 308,
        internal: true,
        missing: [{ type: 'header', key: 'x-nextjs-data' }],
      },
      { source: `${basePath}/:notfile((?!\\.well-known(?:/.*)?)(?:[^/]+/)*[^/\\.]+)`, destination: `${basePath}/:notfile/`, statusCode: 308, internal: true },
    )
  } else {
    if (basePath) out.push({ source: basePath + '/', destination: basePath, statusCode: 308, internal: true })
    out.push({ source: `${basePath}/:path+/`, destination: `${basePath}/:path+`, statusCode: 308, internal: true })
  }
  return out
}

export async function resolveRoutingConfig(file: string, config: Record<string, unknown>): Promise<RoutingConfig> {
  const basePath = checkBasePath(file, config.basePath)
  const trailingSlash = bool(file, config, 'trailingSlash', false)
  const skipTrailingSlashRedirect = bool(file, config, 'skipTrailingSlashRedirect', false)
  // Next.js 16 renamed it skipProxyUrlNormalize and still reads the old name.
  const skipMiddlewareUrlNormalize = bool(file, config, 'skipProxyUrlNormalize', bool(file, config, 'skipMiddlewareUrlNormalize', false))

  const headers = asList(file, 'headers()', await rulesOf(config, 'headers', file)).map((r, i) => {
    checkRule(file, 'header', r, i)
    const rule: HeaderRule = { source: r.source as string, headers: (r.headers as HeaderRule['headers']).map((h) => ({ key: h.key, value: h.value })) }
    return withBasePath(conditions(rule, r, file, `header #${i + 1}`), basePath, r.basePath)
  })

  const userRedirects = asList(file, 'redirects()', await rulesOf(config, 'redirects', file)).map((r, i) => {
    checkRule(file, 'redirect', r, i)
    const statusCode = (r.statusCode as number | undefined) ?? (r.permanent ? 308 : 307)
    const rule: RedirectRule = { source: r.source as string, destination: r.destination as string, statusCode }
    return withBasePath(conditions(rule, r, file, `redirect #${i + 1}`), basePath, r.basePath)
  })
  const redirects = [...(skipTrailingSlashRedirect ? [] : trailingSlashRedirects(trailingSlash, basePath)), ...userRedirects]

  const raw = await rulesOf(config, 'rewrites', file)
  const grouped =
    raw !== undefined && !Array.isArray(raw) && typeof raw === 'object' && raw !== null && Object.keys(raw).every((k) => k === 'beforeFiles' || k === 'afterFiles' || k === 'fallback')
  const groups = grouped ? (raw as Record<string, unknown>) : { afterFiles: raw }
  const rewriteList = (name: string): RewriteRule[] =>
    asList(file, `rewrites().${name}`, groups[name]).map((r, i) => {
      checkRule(file, 'rewrite', r, i)
      const rule: RewriteRule = { source: r.source as string, destination: r.destination as string }
      return withBasePath(conditions(rule, r, file, `rewrite #${i + 1}`), basePath, r.basePath)
    })

  const env: Record<string, string> = {}
  if (config.env !== undefined) {
    if (typeof config.env !== 'object' || config.env === null) fail(file, '`env` must be an object')
    for (const [k, v] of Object.entries(config.env)) {
      if (typeof v !== 'string') fail(file, `\`env.${k}\` must be a string (Next.js refuses other values)`)
      env[k] = v
    }
  }

  return {
    file,
    basePath,
    trailingSlash,
    skipTrailingSlashRedirect,
    skipMiddlewareUrlNormalize,
    headers,
    redirects,
    rewrites: { beforeFiles: rewriteList('beforeFiles'), afterFiles: rewriteList('afterFiles'), fallback: rewriteList('fallback') },
    env,
    compress: bool(file, config, 'compress', true),
  }
}
