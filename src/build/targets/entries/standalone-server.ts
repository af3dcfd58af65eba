// The `server.mjs` of `slugline build --target standalone`: `slugline start` for the folder it
// sits in, bundled by bundle-runtime.ts so the folder needs no `slugline` installed. The same
// flags as `start` (`--port`, `--host`, `--workers`, with $PORT and $HOST), the same request path
// (createHandler over ./.slugline), the same graceful shutdown. As Next.js's standalone
// server.js does, it makes its own folder the working directory, so the folder runs the same
// wherever it is copied.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCliArgs } from '../../../cli/args.ts'
import { describeListenError, UsageError } from '../../../cli/errors.ts'
import { SluglineError } from '../../../errors.ts'
import { isClusterWorker, runPrimary } from '../../../server/cluster.ts'
import { keepServingThroughCrashes } from '../../../server/crash-guard.ts'
import { prepareHandler } from '../../../server/create-handler.ts'
import { listen } from '../../../server/listen.ts'
import { applyEnv } from '../../../server/load-env.ts'
import { withRequestLog } from '../../../server/request-log.ts'

/** The app's production .env values, embedded at build time (bake-env.ts). */
declare const __SLUGLINE_BAKED_ENV__: Record<string, string>

const USAGE = `Usage: node server.mjs [options]

Serves the Slugline app built into this folder.

Options:
  -p, --port <n>     Port to listen on (default: $PORT or 3000)
  -H, --host <addr>  Address to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)
  -w, --workers <n>  Serve from n worker processes (node:cluster); a worker that dies is replaced
  --log [text|json]  Log one line per request on stdout (also $SLUGLINE_LOG=1|json)
  -h, --help         Show this help

Also \`slugline start\`'s --keep-alive-timeout, --headers-timeout, --request-timeout,
--shutdown-timeout <ms> and --trust-proxy (\`slugline start --help\`), with the same env vars.`

/** A busy port or a bad --host: one line saying what to do, as from `start`. */
function exitOnListenError(err: unknown, port: number, host: string): never {
  const message = describeListenError(err, port, host)
  if (message === null) throw err
  console.error(`Error: ${message}`)
  process.exit(1)
}

async function main(argv: string[]): Promise<void> {
  const dir = dirname(fileURLToPath(import.meta.url))
  // Parsed as `start` parses them, so both take the same flags and refuse the same values.
  const args = parseCliArgs(['start', ...argv])
  if (args.help) return void console.log(USAGE)
  if (args.dir !== '.') throw new UsageError(`Unexpected argument: ${args.dir}`)
  process.env.NODE_ENV ??= 'production'
  applyEnv(__SLUGLINE_BAKED_ENV__)
  process.chdir(dir)
  if (args.workers !== null && !isClusterWorker()) {
    const n = args.workers
    const onReady = (url: string) => console.log(`Slugline ready on ${url} (${n} worker${n === 1 ? '' : 's'})`)
    return runPrimary({ workers: n, port: args.port, host: args.host, onReady }).catch((err: unknown) => exitOnListenError(err, args.port, args.host))
  }
  // As under `slugline start`: an error outside any request is logged, not the end of the server.
  keepServingThroughCrashes()
  process.setSourceMapsEnabled(true)
  // loadEnv: false: the values were read at build time; this folder has no env files of its own.
  const { trustProxy, ...timeouts } = args.server
  const handler = prepareHandler({ dir, loadEnv: false, trustProxy })
  // instrumentation.ts's register() before listening, as under `start`.
  await handler.ready
  const listener = args.log === 'off' ? handler.listener : withRequestLog(handler.listener, args.log)
  let running
  try {
    running = await listen(listener, { port: args.port, host: args.host, ...timeouts })
  } catch (err) {
    exitOnListenError(err, args.port, args.host)
  }
  if (!isClusterWorker()) console.log(`Slugline ready on ${running.url}`)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`Error: ${err.message}\n\n${USAGE}`)
  else if (err instanceof SluglineError) console.error(`Error: ${err.message}`, ...(err.code === 'INSTRUMENTATION_FAILED' ? ['\n', err.cause] : []))
  else console.error(err)
  process.exit(1)
})
