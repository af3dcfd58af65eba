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
import { createHandler } from '../../../server/create-handler.ts'
import { listen } from '../../../server/listen.ts'
import { applyEnv } from '../../../server/load-env.ts'

/** The app's production .env values, embedded at build time (bake-env.ts). */
declare const __SLUGLINE_BAKED_ENV__: Record<string, string>

const USAGE = `Usage: node server.mjs [options]

Serves the Slugline app built into this folder.

Options:
  -p, --port <n>     Port to listen on (default: $PORT or 3000)
  -H, --host <addr>  Address to listen on (default: $HOST or 127.0.0.1; 0.0.0.0 for all)
  -w, --workers <n>  Serve from n worker processes (node:cluster); a worker that dies is replaced
  -h, --help         Show this help

Also \`slugline start\`'s --keep-alive-timeout, --headers-timeout, --request-timeout,
--shutdown-timeout <ms> and --trust-proxy (\`slugline start --help\`), with the same env vars.`

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
    return runPrimary({ workers: n, onReady: (url) => console.log(`Slugline ready on ${url} (${n} worker${n === 1 ? '' : 's'})`) })
  }
  // As under `slugline start`: an error outside any request is logged, not the end of the server.
  keepServingThroughCrashes()
  process.setSourceMapsEnabled(true)
  // loadEnv: false: the values were read at build time; this folder has no env files of its own.
  const { trustProxy, ...timeouts } = args.server
  const handler = createHandler({ dir, loadEnv: false, trustProxy })
  let running
  try {
    running = await listen(handler, { port: args.port, host: args.host, ...timeouts })
  } catch (err) {
    // A busy port or a bad --host: one line saying what to do, as from `start`.
    const message = describeListenError(err, args.port, args.host)
    if (message === null) throw err
    console.error(`Error: ${message}`)
    process.exit(1)
  }
  if (!isClusterWorker()) console.log(`Slugline ready on ${running.url}`)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`Error: ${err.message}\n\n${USAGE}`)
  else if (err instanceof SluglineError) console.error(`Error: ${err.message}`)
  else console.error(err)
  process.exit(1)
})
