// argv -> a command and its options. Thin on purpose: the commands do the work. Each command
// takes only its own options: one it does not take is an error naming the commands that do,
// never silently dropped, and a misspelt one gets the nearest real name.
import { TARGET_NAMES, type TargetName } from '../build/targets/names.ts'
import type { RequestLogFormat } from '../server/request-log.ts'
import { UsageError } from './errors.ts'
import { parseServerOptions, type ServerSettings } from './server-options.ts'
import { COMMANDS, isCommandName, OPTIONS, type CommandName, type OptionName } from './usage.ts'

export interface CliArgs {
  command: CommandName | undefined
  dir: string
  port: number
  host: string
  /** `start --workers N`: serve from N cluster workers; null: one process, no cluster. */
  workers: number | null
  /** `start --log [text|json]` or $SLUGLINE_LOG: one line per request; 'off' by default. */
  log: 'off' | RequestLogFormat
  /** `build --target <name>`: the deploy target to package the build for (src/build/targets). */
  target: TargetName
  /** `build`: type-check first (unless --no-typecheck). */
  typecheck: boolean
  /** `openapi --out <file>`; null prints to stdout. */
  out: string | null
  /** `start`'s server timeouts, shutdown grace and proxy trust (server-options.ts). */
  server: ServerSettings
  help: boolean
  version: boolean
}

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
 *  for "did you mean": `--prot` is one slip from `--port`. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/** The closest of `names` to `typed`, if it is close enough to be a typo. */
export function nearest(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const name of names) {
    const d = distance(typed, name)
    if (d < bestDistance) [best, bestDistance] = [name, d]
  }
  return bestDistance <= Math.max(1, Math.floor(typed.length / 3)) ? best : undefined
}

const SHORT = new Map(Object.entries(OPTIONS).flatMap(([name, o]) => (o.short ? [[o.short, name as OptionName]] : [])))

interface RawArgs {
  positionals: string[]
  values: Map<OptionName, string | true>
  /** A word right after a flag with optional values that is none of them (`--log xml`). */
  afterOptional: { flag: string; word: string; values: readonly string[] } | null
  /** The first malformed option, as an error once the command is known (it may come later). */
  problem: ((command: CommandName | undefined) => UsageError) | null
}

/** Splits argv into positionals and options (`--name value`, `--name=value`, `-n value`, `--`). */
function tokenize(argv: string[]): RawArgs {
  const positionals: string[] = []
  const values = new Map<OptionName, string | true>()
  let problem: RawArgs['problem'] = null
  let afterOptional: RawArgs['afterOptional'] = null
  const fail = (make: (command: CommandName | undefined) => UsageError) => void (problem ??= make)
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const written = eq === -1 ? arg : arg.slice(0, eq)
    const name = written.startsWith('--') ? written.slice(2) : SHORT.get(written.slice(1))
    if (name === undefined || !(name in OPTIONS)) {
      fail((command) => unknownOption(written, command))
      continue
    }
    const option = OPTIONS[name as OptionName]
    if (option.optionalValues !== undefined) {
      const next = argv[i + 1]
      if (eq !== -1) values.set(name as OptionName, arg.slice(eq + 1))
      else if (next !== undefined && option.optionalValues.includes(next)) values.set(name as OptionName, argv[++i]!)
      else {
        values.set(name as OptionName, true)
        if (next !== undefined && !next.startsWith('-')) afterOptional ??= { flag: written, word: next, values: option.optionalValues }
      }
      continue
    }
    if (option.value === undefined) {
      if (eq !== -1) fail((command) => new UsageError(`${written} takes no value`, command))
      values.set(name as OptionName, true)
      continue
    }
    const value = eq === -1 ? argv[i + 1] : arg.slice(eq + 1)
    if (eq === -1) {
      if (value === undefined || (value.startsWith('-') && value !== '-')) {
        fail((command) => new UsageError(`${written} needs a value: ${written} ${option.value}`, command))
        continue
      }
      i++
    }
    values.set(name as OptionName, value!)
  }
  return { positionals, values, problem, afterOptional }
}

function unknownOption(written: string, command: CommandName | undefined): UsageError {
  const names = command ? [...COMMANDS[command].options, 'help'] : Object.keys(OPTIONS)
  const bare = written.replace(/^--?/, '')
  const guess = nearest(bare, names) ?? (bare.length > 1 ? nearest(bare, Object.keys(OPTIONS)) : undefined)
  return new UsageError(`Unknown option ${written}${guess ? `. Did you mean --${guess}?` : ''}`, command)
}

function parsePort(text: string, from: string, command: CommandName): number {
  const port = Number(text)
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`Invalid port ${JSON.stringify(text)} (from ${from}): use a whole number from 0 to 65535`, command)
  }
  return port
}

/** `--log` (text), `--log text|json`, else $SLUGLINE_LOG: unset, '' or 0 is off, 1 or text is
 *  text, json is json. */
function parseLog(flag: string | true | undefined, env: string | undefined, command: CommandName): CliArgs['log'] {
  if (flag === true) return 'text'
  if (flag === 'text' || flag === 'json') return flag
  if (flag !== undefined) throw new UsageError(`Invalid --log value ${JSON.stringify(flag)}: use --log (text), --log text or --log json`, command)
  if (env === undefined || env === '' || env === '0') return 'off'
  if (env === '1' || env === 'text') return 'text'
  if (env === 'json') return 'json'
  throw new UsageError(`Invalid $SLUGLINE_LOG ${JSON.stringify(env)}: use 1 (or text), json, or 0 to turn logging off`, command)
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  const { positionals, values, problem, afterOptional } = tokenize(argv)
  // `slugline help [command]` is `slugline [command] --help`.
  if (positionals[0] === 'help' && positionals.length <= 2) {
    positionals.shift()
    values.set('help', true)
  }
  const first = positionals[0]
  const command = first !== undefined && isCommandName(first) ? first : undefined
  const help = values.has('help')
  const version = values.has('version')
  const base = { dir: '.', port: 3000, host: '127.0.0.1', workers: null, log: 'off' as CliArgs['log'], target: 'node' as TargetName, typecheck: !values.has('no-typecheck'), out: null, server: { trustProxy: false }, help, version }

  if (problem !== null) throw problem(command)
  if (positionals.length === 0 || help || version) return { command, ...base }
  if (command === undefined) {
    const typed = positionals[0]!
    const guess = nearest(typed, Object.keys(COMMANDS))
    throw new UsageError(`Unknown command: ${typed}${guess ? `. Did you mean \`slugline ${guess}\`?` : ''}`)
  }
  if (positionals.length > 2) {
    const extra = positionals[2]!
    // `start app --log xml`: the word was meant as the flag's value.
    if (afterOptional !== null && (afterOptional.word === extra || afterOptional.word === positionals[1])) {
      throw new UsageError(`Invalid ${afterOptional.flag} value ${JSON.stringify(afterOptional.word)}: use ${afterOptional.flag} alone or one of ${afterOptional.values.map((v) => `${afterOptional.flag} ${v}`).join(', ')}`, command)
    }
    throw new UsageError(`Unexpected argument: ${extra} (${command} takes one folder)`, command)
  }

  const spec = COMMANDS[command]
  for (const name of values.keys()) {
    if (spec.options.includes(name)) continue
    const takers = Object.entries(COMMANDS)
      .filter(([, c]) => c.options.includes(name))
      .map(([n]) => n)
    throw new UsageError(`\`slugline ${command}\` does not take --${name} (${takers.length > 0 ? `only ${takers.join(' and ')} ${takers.length === 1 ? 'does' : 'do'}` : 'no command does'})`, command)
  }

  const args: CliArgs = { command, ...base, dir: positionals[1] ?? '.' }
  if (spec.options.includes('port')) {
    const given = values.get('port')
    if (typeof given === 'string') args.port = parsePort(given, '--port', command)
    else if (env.PORT !== undefined && env.PORT !== '') args.port = parsePort(env.PORT, '$PORT', command)
  }
  if (spec.options.includes('host')) {
    const given = values.get('host')
    args.host = typeof given === 'string' ? given : env.HOST || '127.0.0.1'
  }
  const workers = values.get('workers')
  if (typeof workers === 'string') {
    const n = Number(workers)
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`Invalid number of workers ${JSON.stringify(workers)}: use a whole number from 1`, command)
    args.workers = n
  }
  if (spec.options.includes('log')) args.log = parseLog(values.get('log'), env.SLUGLINE_LOG, command)
  if (spec.options.includes('trust-proxy')) args.server = parseServerOptions(values, env, command)
  const target = values.get('target')
  if (typeof target === 'string') {
    if (!(TARGET_NAMES as readonly string[]).includes(target)) {
      const guess = nearest(target, TARGET_NAMES)
      throw new UsageError(`Unknown target ${JSON.stringify(target)}${guess ? `. Did you mean ${guess}?` : ''} (one of: ${TARGET_NAMES.join(', ')})`, command)
    }
    args.target = target as TargetName
  }
  const out = values.get('out')
  if (typeof out === 'string') args.out = out
  return args
}
