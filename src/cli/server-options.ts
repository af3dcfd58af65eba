// `start`'s server settings, from its flags or, when a flag is not given, its env var (handy in
// a container: `SLUGLINE_SHUTDOWN_TIMEOUT=25000`). Unset, each keeps the default listen() and
// Node give it: keep-alive 5 s, headers 60 s, request 300 s, shutdown grace 10 s, proxy headers
// not trusted (the origin of `request.url` is the server's own, as under `next start`).
import { UsageError } from './errors.ts'
import type { CommandName, OptionName, ServerOptionName } from './usage.ts'

export interface ServerSettings {
  keepAliveTimeout?: number
  headersTimeout?: number
  requestTimeout?: number
  shutdownTimeoutMs?: number
  trustProxy: boolean
}

const MS_OPTIONS = {
  'keep-alive-timeout': 'keepAliveTimeout',
  'headers-timeout': 'headersTimeout',
  'request-timeout': 'requestTimeout',
  'shutdown-timeout': 'shutdownTimeoutMs',
} as const satisfies Partial<Record<ServerOptionName, keyof ServerSettings>>

/** `keep-alive-timeout` -> `SLUGLINE_KEEP_ALIVE_TIMEOUT`. */
export const envName = (option: ServerOptionName) => `SLUGLINE_${option.toUpperCase().replaceAll('-', '_')}`

/** Node's default requestTimeout, which a longer headersTimeout would make meaningless. */
const NODE_REQUEST_TIMEOUT = 300_000

function parseMs(text: string, from: string, command: CommandName): number {
  const n = Number(text)
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
    throw new UsageError(`Invalid ${from} ${JSON.stringify(text)}: use a whole number of milliseconds from 0`, command)
  }
  return n
}

function parseFlag(text: string, from: string, command: CommandName): boolean {
  const t = text.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(t)) return true
  if (['', '0', 'false', 'no', 'off'].includes(t)) return false
  throw new UsageError(`Invalid ${from} ${JSON.stringify(text)}: use 1 or 0`, command)
}

export function parseServerOptions(values: Map<OptionName, string | true>, env: NodeJS.ProcessEnv, command: CommandName): ServerSettings {
  const settings: ServerSettings = { trustProxy: false }
  for (const [option, key] of Object.entries(MS_OPTIONS) as Array<[keyof typeof MS_OPTIONS, (typeof MS_OPTIONS)[keyof typeof MS_OPTIONS]]>) {
    const given = values.get(option)
    const fromEnv = env[envName(option)]
    if (typeof given === 'string') settings[key] = parseMs(given, `--${option}`, command)
    else if (fromEnv !== undefined && fromEnv !== '') settings[key] = parseMs(fromEnv, `$${envName(option)}`, command)
  }
  if (values.has('trust-proxy')) settings.trustProxy = true
  else if (env[envName('trust-proxy')] !== undefined) settings.trustProxy = parseFlag(env[envName('trust-proxy')]!, `$${envName('trust-proxy')}`, command)
  // Node checks the headers against the request deadline: a longer one could never fire.
  const request = settings.requestTimeout ?? NODE_REQUEST_TIMEOUT
  if (settings.headersTimeout !== undefined && request > 0 && settings.headersTimeout > request) {
    throw new UsageError(`The headers timeout (${settings.headersTimeout} ms) is longer than the request timeout (${request} ms): it could never apply`, command)
  }
  return settings
}
