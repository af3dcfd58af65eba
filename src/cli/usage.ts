// What the CLI takes and how it says so: each command with its own options, the help text made
// from the same table the parser checks argv against, so the two cannot drift apart.

export interface OptionSpec {
  short?: string
  /** The value's placeholder (`<n>`); none for a flag. */
  value?: string
  /** A flag that may take one of these values (`--log`, `--log json`); a following word that
   *  is not one of them is no value of the flag's (it is the app folder). */
  optionalValues?: readonly string[]
  help: string
}

export type OptionName = 'port' | 'host' | 'workers' | 'log' | 'target' | 'no-typecheck' | 'out' | 'help' | 'version' | ServerOptionName

/** `start`'s server settings (src/cli/server-options.ts): each also read from its env var. */
export type ServerOptionName = 'keep-alive-timeout' | 'headers-timeout' | 'request-timeout' | 'shutdown-timeout' | 'trust-proxy'

export const OPTIONS: Record<OptionName, OptionSpec> = {
  port: { short: 'p', value: '<n>', help: 'Port to listen on (default: $PORT or 3000; 0 picks a free one)' },
  host: { short: 'H', value: '<addr>', help: 'Address to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)' },
  workers: { short: 'w', value: '<n>', help: 'Serve from n worker processes (node:cluster); a worker that dies is replaced' },
  log: { optionalValues: ['text', 'json'], help: 'Log one line per request on stdout: text (default) or json (pino fields); also $SLUGLINE_LOG=1|json' },
  target: { short: 't', value: '<name>', help: 'Package the build for a deploy target (default: node)' },
  'no-typecheck': { help: 'Skip the type check (run when dir has a tsconfig.json and typescript is installed)' },
  out: { short: 'o', value: '<file>', help: 'Write the document to file instead of printing it' },
  'keep-alive-timeout': { value: '<ms>', help: 'Close a keep-alive connection idle this long (default: $SLUGLINE_KEEP_ALIVE_TIMEOUT or 5000)' },
  'headers-timeout': { value: '<ms>', help: 'Answer 408 to a client still sending headers after this long (default: $SLUGLINE_HEADERS_TIMEOUT or 60000)' },
  'request-timeout': { value: '<ms>', help: 'Answer 408 to a client still sending its request after this long, 0: no limit (default: $SLUGLINE_REQUEST_TIMEOUT or 300000)' },
  'shutdown-timeout': { value: '<ms>', help: 'After SIGTERM, end what is still open after this long (default: $SLUGLINE_SHUTDOWN_TIMEOUT or 10000)' },
  'trust-proxy': { help: "Behind a proxy: take request.url's host from X-Forwarded-Host, then Host (default: off; $SLUGLINE_TRUST_PROXY=1 turns it on)" },
  help: { short: 'h', help: 'Show this help' },
  version: { short: 'v', help: 'Print the version' },
}

export interface CommandSpec {
  /** One line for `slugline --help`. */
  summary: string
  /** What `slugline <command> --help` says beyond the summary. */
  details?: string
  options: readonly OptionName[]
}

export type CommandName = 'dev' | 'build' | 'start' | 'routes' | 'openapi'

export const COMMANDS: Record<CommandName, CommandSpec> = {
  dev: {
    summary: 'Serve dir (default: .) from its sources, reloading on every change',
    options: ['port', 'host'],
  },
  build: {
    summary: 'Validate the routes of dir (default: .) and compile them into dir/.slugline',
    options: ['target', 'no-typecheck'],
  },
  start: {
    summary: 'Serve the last build of dir (default: .)',
    options: ['port', 'host', 'workers', 'log', 'keep-alive-timeout', 'headers-timeout', 'request-timeout', 'shutdown-timeout', 'trust-proxy'],
  },
  routes: {
    summary: 'Print the route table of dir (default: .)',
    options: [],
  },
  openapi: {
    summary: 'Print the OpenAPI 3.1 document of dir (default: .) as JSON',
    details: 'Loads each route module to read its schemas (route code runs, as under start).',
    options: ['out'],
  },
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name)
}

function optionLines(names: readonly OptionName[]): string[] {
  const rows = names.map((name) => {
    const o = OPTIONS[name]
    const value = o.value ? ` ${o.value}` : o.optionalValues ? ` [${o.optionalValues.join('|')}]` : ''
    return [`${o.short ? `-${o.short}, ` : '    '}--${name}${value}`, o.help] as const
  })
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`)
}

/** `slugline --help`: every command, one line each. */
export function generalUsage(): string {
  const names = Object.keys(COMMANDS) as CommandName[]
  const width = Math.max(...names.map((n) => `${n} [dir]`.length))
  return [
    'Usage: slugline <command> [dir] [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${`${n} [dir]`.padEnd(width)}  ${COMMANDS[n].summary}`),
    '',
    'Options:',
    ...optionLines(['help', 'version']),
    '',
    'Run `slugline <command> --help` for the options of one command.',
  ].join('\n')
}

/** `slugline <command> --help`, and what a usage error in that command prints. */
export function commandUsage(name: CommandName): string {
  const spec = COMMANDS[name]
  const options = [...spec.options, 'help'] as OptionName[]
  return [`Usage: slugline ${name} [dir]${spec.options.length > 0 ? ' [options]' : ''}`, '', spec.summary, ...(spec.details ? ['', spec.details] : []), '', 'Options:', ...optionLines(options)].join('\n')
}
