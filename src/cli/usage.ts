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

export type OptionName = 'port' | 'host' | 'workers' | 'log' | 'target' | 'help' | 'version'

export const OPTIONS: Record<OptionName, OptionSpec> = {
  port: { short: 'p', value: '<n>', help: 'Port to listen on (default: $PORT or 3000; 0 picks a free one)' },
  host: { short: 'H', value: '<addr>', help: 'Address to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)' },
  workers: { short: 'w', value: '<n>', help: 'Serve from n worker processes (node:cluster); a worker that dies is replaced' },
  log: { optionalValues: ['text', 'json'], help: 'Log one line per request on stdout: text (default) or json (pino fields); also $SLUGLINE_LOG=1|json' },
  target: { short: 't', value: '<name>', help: 'Package the build for a deploy target (default: node)' },
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

export type CommandName = 'dev' | 'build' | 'start' | 'routes'

export const COMMANDS: Record<CommandName, CommandSpec> = {
  dev: {
    summary: 'Serve dir (default: .) from its sources, reloading on every change',
    options: ['port', 'host'],
  },
  build: {
    summary: 'Validate the routes of dir (default: .) and compile them into dir/.slugline',
    options: ['target'],
  },
  start: {
    summary: 'Serve the last build of dir (default: .)',
    options: ['port', 'host', 'workers', 'log'],
  },
  routes: {
    summary: 'Print the route table of dir (default: .)',
    options: [],
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
