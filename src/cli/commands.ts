// The CLI's commands. Each resolves the app folder, loads its env files as Next.js would for
// the mode, and makes the app folder the working directory, so handlers that read files
// relative to process.cwd() (as Next.js apps commonly do) find them.
import { statSync, writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { findRouteFiles } from '../discovery/find-route-files.ts'
import { createRouteTable } from '../routes/create-route-table.ts'
import { formatRouteTable } from '../routes/format-route-table.ts'
import { isClusterWorker, runPrimary } from '../server/cluster.ts'
import { keepServingThroughCrashes } from '../server/crash-guard.ts'
import { prepareHandler, type ImportModule } from '../server/create-handler.ts'
import { listen } from '../server/listen.ts'
import { loadEnv } from '../server/load-env.ts'
import { readManifest } from '../server/manifest.ts'
import { withRequestLog } from '../server/request-log.ts'
import type { CliArgs } from './args.ts'
import { CliError, describeListenError } from './errors.ts'
import { unsupportedFileWarnings } from './unsupported-files.ts'

/** Says which of the app's files will not run (unsupported-files.ts). */
function warnUnsupported(dir: string): void {
  for (const line of unsupportedFileWarnings(dir)) console.warn(line)
}

/** The app folder, resolved; one line for a folder that is not there. */
function appDir(dirArg: string): string {
  const dir = resolve(dirArg)
  const stat = statSync(dir, { throwIfNoEntry: false })
  if (stat === undefined) throw new CliError(`No such folder: ${dir}`)
  if (!stat.isDirectory()) throw new CliError(`Not a folder: ${dir} (pass the app folder, the one holding pages/api or app)`)
  return dir
}

/** listen() failures a user causes (a busy port, a bad --host) become one line saying what to do. */
async function listenOrExplain<T>(listening: Promise<T>, args: CliArgs): Promise<T> {
  try {
    return await listening
  } catch (err) {
    const message = describeListenError(err, args.port, args.host)
    throw message === null ? err : new CliError(message)
  }
}

function enterApp(dirArg: string): string {
  const dir = appDir(dirArg)
  process.env.NODE_ENV ??= 'production'
  loadEnv(dir, 'production')
  process.chdir(dir)
  return dir
}

export async function buildCommand(args: CliArgs): Promise<void> {
  const dir = enterApp(args.dir)
  warnUnsupported(dir)
  // Loaded on demand, like the dev server: esbuild is costly to load and `start` never needs it.
  const { buildApp, packageForTarget, typecheckBeforeBuild } = await import('../build/build-app.ts')
  if (args.typecheck) {
    const checked = await typecheckBeforeBuild(dir)
    if (checked.ran) console.log(`Type-checked in ${Math.round(checked.durationMs)} ms`)
  }
  const result = await buildApp(dir)
  for (const line of result.warnings) console.warn(line)
  console.log(formatRouteTable(result.routes))
  console.log(`\nBuilt ${result.routes.length} route${result.routes.length === 1 ? '' : 's'} into ${relative(process.cwd(), result.buildDir) || '.'} in ${Math.round(result.durationMs)} ms`)
  const packaged = await packageForTarget(args.target, { dir, buildDir: result.buildDir, routes: result.routes })
  if (packaged !== null) console.log(`\n${packaged.summary}`)
}

/** What the launcher (bin/slugline.mjs) hands the CLI. */
export interface CliHost {
  /** import() from an ES module of the launcher's; see HandlerOptions.importModule. */
  importModule?: ImportModule
}

export async function startCommand(args: CliArgs, host: CliHost = {}): Promise<void> {
  if (args.workers !== null && !isClusterWorker()) {
    // The primary only checks the build (one clear error, not one per worker) and forks;
    // each worker runs this same command and lands below.
    const dir = appDir(args.dir)
    readManifest(dir)
    warnUnsupported(dir)
    const n = args.workers
    const onReady = (url: string) => console.log(`Slugline ready on ${url} (${n} worker${n === 1 ? '' : 's'})`)
    return listenOrExplain(runPrimary({ workers: n, port: args.port, host: args.host, onReady }), args)
  }
  const dir = enterApp(args.dir)
  keepServingThroughCrashes()
  if (!isClusterWorker()) warnUnsupported(dir)
  // Stack traces of handler errors point at the user's source, through the build's source maps.
  process.setSourceMapsEnabled(true)
  // enterApp loaded the env files already.
  const { trustProxy, ...timeouts } = args.server
  const handler = prepareHandler({ dir, importModule: host.importModule, loadEnv: false, trustProxy })
  // instrumentation.ts's register() runs before the server listens (in each worker too).
  await handler.ready
  const listener = args.log === 'off' ? handler.listener : withRequestLog(handler.listener, args.log)
  const running = await listenOrExplain(listen(listener, { port: args.port, host: args.host, ...timeouts }), args)
  if (!isClusterWorker()) console.log(`Slugline ready on ${running.url}`)
}

/** Development: no build, NODE_ENV=development, the development env files, live reload. */
export async function devCommand(args: CliArgs): Promise<void> {
  // On demand too: `start` and `build` never load the dev server.
  const { startDev } = await import('../dev/start-dev.ts')
  const dir = appDir(args.dir)
  warnUnsupported(dir)
  await listenOrExplain(startDev({ dir, port: args.port, host: args.host }), args)
}

export function routesCommand(args: CliArgs): void {
  const dir = appDir(args.dir)
  console.log(formatRouteTable(createRouteTable(findRouteFiles(dir))))
}

/** `slugline openapi [dir] [--out file]`: the OpenAPI document (src/openapi); warnings to stderr. */
export async function openapiCommand(args: CliArgs, host: CliHost = {}): Promise<void> {
  // Relative to where the command runs, before enterApp moves into the app.
  const file = args.out === null ? null : resolve(args.out)
  const dir = enterApp(args.dir)
  const { documentApp } = await import('../openapi/document-app.ts')
  const doc = await documentApp(dir, { importModule: host.importModule, warn: (line) => console.warn(line) })
  const text = `${JSON.stringify(doc, null, 2)}\n`
  if (file === null) return new Promise((done) => process.stdout.write(text, () => done()))
  writeFileSync(file, text)
  console.error(`Wrote ${file}`)
}
