// A pages/api module's `export const config = { api: { ... } }`, read once when the module
// loads into the fields the request path needs. Options and defaults follow Next.js:
// https://nextjs.org/docs/pages/building-your-application/routing/api-routes#custom-config
import bytes from 'bytes'
import type { BodyLimit } from '../shared/read-body.ts'

export interface PageConfig {
  api?: {
    bodyParser?: boolean | { sizeLimit?: number | string }
    responseLimit?: boolean | number | string
    externalResolver?: boolean
  }
  [key: string]: unknown
}

export interface PagesRouteConfig {
  /** null when `bodyParser: false`: the handler reads the stream itself. */
  bodyLimit: BodyLimit | null
  /** Bytes past which a warning is logged; 0 when `responseLimit: false`. */
  responseLimit: number
  externalResolver: boolean
}

const DEFAULT_BODY_LIMIT = '1mb'
const DEFAULT_RESPONSE_LIMIT = 4 * 1024 * 1024

function toBytes(value: number | string, what: string, file: string): number {
  const n = typeof value === 'number' ? value : bytes.parse(value)
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new Error(`Invalid ${what} ${JSON.stringify(value)} in the config of ${file}: use a number of bytes or a size like '1mb'.`)
  }
  return n
}

export function readPageConfig(config: PageConfig | undefined, file: string): PagesRouteConfig {
  const api = config?.api ?? {}
  let bodyLimit: BodyLimit | null = null
  if (api.bodyParser !== false) {
    const size = (typeof api.bodyParser === 'object' && api.bodyParser.sizeLimit) || DEFAULT_BODY_LIMIT
    bodyLimit = { bytes: toBytes(size, 'bodyParser.sizeLimit', file), label: String(size) }
  }
  const rl = api.responseLimit ?? true
  const responseLimit = rl === false ? 0 : rl === true ? DEFAULT_RESPONSE_LIMIT : toBytes(rl, 'responseLimit', file)
  return { bodyLimit, responseLimit, externalResolver: api.externalResolver === true }
}
