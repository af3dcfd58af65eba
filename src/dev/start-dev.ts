// `slugline dev [dir]`: serve the app from its sources, reloading what changes. Start-up does
// as little as it can before listening: find the routes, start watching, and let esbuild's
// service start in the background; each route compiles on its first request.
import fs from 'node:fs'
import path from 'node:path'
import { SluglineError } from '../errors.ts'
import { listen, type RunningServer } from '../server/listen.ts'
import { createColors, wantsColor } from './colors.ts'
import { DevServer, type DevOutput } from './dev-server.ts'
import { EnvFiles } from './env-files.ts'
import { startEsbuildService } from './esbuild.ts'

export interface DevOptions {
  dir: string
  port: number
  host: string
  /** Log each request. Default true. */
  logRequests?: boolean
  /** Compress answers (HandlerOptions.compress). Default true. */
  compress?: boolean
}

export interface RunningDev extends RunningServer {
  dev: DevServer
}

function createOutput(): DevOutput {
  return {
    info: (line) => void process.stdout.write(line + '\n'),
    error: (text, err) => (err === undefined ? console.error(text) : console.error(text, err)),
    colors: createColors(wantsColor(process.stdout)),
    errorColor: wantsColor(process.stderr),
  }
}

/** Next.js forces NODE_ENV to development under `next dev`, warning about any other value. */
function setNodeEnv(): void {
  const was = process.env.NODE_ENV
  if (was !== undefined && was !== 'development') {
    console.warn(`Warning: NODE_ENV was "${was}"; slugline dev runs with NODE_ENV=development.`)
  }
  process.env.NODE_ENV = 'development'
}

export async function startDev(options: DevOptions): Promise<RunningDev> {
  const given = path.resolve(options.dir)
  if (!fs.statSync(given, { throwIfNoEntry: false })?.isDirectory()) {
    throw new SluglineError('NO_ROUTES_DIR', `No such folder: ${given}`)
  }
  // The real path: esbuild reports the files it resolves by their real paths, and the watcher's
  // paths must be the same strings for an edit to find its module.
  const dir = fs.realpathSync(given)
  startEsbuildService()

  setNodeEnv()
  const env = new EnvFiles(dir)
  const envFiles = env.load()
  process.chdir(dir)
  // Stack traces of user code point at its sources, through each compiled file's source map.
  process.setSourceMapsEnabled(true)

  const output = createOutput()
  const dev = new DevServer({ dir, env, output, logRequests: options.logRequests, compress: options.compress })
  await dev.loadConfig()
  const first = dev.start()
  // A folder with no routes at all is the wrong folder, not an error to wait on (as `next dev`).
  if (first.error?.code === 'NO_ROUTES_DIR') {
    dev.close()
    throw first.error
  }
  const running = await listen(dev.listener, { port: options.port, host: options.host })
  running.server.on('close', () => dev.close())
  keepAliveOnUserErrors(output)

  const c = output.colors
  // performance.now() counts from the start of the process.
  output.info(`${c.green('✓')} Slugline dev server ready on ${c.bold(running.url)} ${c.dim(`in ${Math.round(performance.now())} ms`)}`)
  if (envFiles.length > 0) output.info(`  Environments: ${envFiles.join(', ')}`)
  if (first.error) dev.printTableChange(first)
  else output.info('\n' + dev.formatTable() + '\n')
  return { ...running, dev }
}

/** Code of the app's that throws outside any request (a timer, an unawaited promise) must not
 *  stop the dev server: print it and carry on. */
function keepAliveOnUserErrors(output: DevOutput): void {
  process.on('uncaughtException', (err) => output.error('Uncaught exception:', err))
  process.on('unhandledRejection', (reason) => output.error('Unhandled rejection:', reason))
}
