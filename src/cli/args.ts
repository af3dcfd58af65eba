// argv -> a command and its options. Thin on purpose: the commands do the work.
import { parseArgs } from 'node:util'
import { TARGET_NAMES, type TargetName } from '../build/targets/names.ts'

export interface CliArgs {
  command: string | undefined
  dir: string
  port: number
  host: string
  /** `start --workers N`: serve from N cluster workers; null: one process, no cluster. */
  workers: number | null
  /** `build --target <name>`: the deploy target to package the build for (src/build/targets). */
  target: TargetName
  help: boolean
  version: boolean
}

export const USAGE = `Usage: slugline <command> [dir] [options]

Commands:
  dev [dir]      Serve dir (default: .) from its sources, reloading on every change
  build [dir]    Validate the routes of dir (default: .) and compile them into dir/.slugline
  start [dir]    Serve the last build of dir
  routes [dir]   Print the route table of dir

Options:
  -p, --port <n>     Port to listen on (default: $PORT or 3000)
  -H, --host <addr>  Address to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)
  -w, --workers <n>  start: serve from n worker processes (node:cluster); a worker that dies is replaced
  -t, --target <t>   build: package for a deploy target (default: node)
  -h, --help         Show this help
  -v, --version      Show the version`

export class UsageError extends Error {}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string', short: 'H' },
        workers: { type: 'string', short: 'w' },
        target: { type: 'string', short: 't' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length > 2) throw new UsageError(`Unexpected argument: ${positionals[2]}`)
  const portText = values.port ?? process.env.PORT ?? '3000'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Invalid port: ${portText}`)
  let workers: number | null = null
  if (values.workers !== undefined) {
    workers = Number(values.workers)
    if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`Invalid number of workers: ${values.workers}`)
  }
  const target = (values.target ?? 'node') as TargetName
  if (!TARGET_NAMES.includes(target)) throw new UsageError(`Unknown target: ${target} (one of: ${TARGET_NAMES.join(', ')})`)
  return {
    command: positionals[0],
    dir: positionals[1] ?? '.',
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    workers,
    target,
    help: values.help ?? false,
    version: values.version ?? false,
  }
}
