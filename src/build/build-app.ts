// `slugline build`: discover the route files, validate the table as Next.js would, compile the
// handlers, check each module's exports without running it (static-exports.ts says why), and
// write the manifest `start` serves from. What only running a module can tell (a default export
// that is a variable holding something other than a function, a config that is not a literal)
// `start` checks when it loads the module, at the route's first request.
import fs from 'node:fs'
import path from 'node:path'
import { findRouteFiles } from '../discovery/find-route-files.ts'
import { createRouteTable } from '../routes/create-route-table.ts'
import type { Route } from '../routes/types.ts'
import { findInstrumentation, noHooksWarning } from '../instrumentation/index.ts'
import { BUILD_DIR, createManifest, MANIFEST_FILE, type ManifestInstrumentation, type ManifestRoute } from '../server/manifest.ts'
import { checkPageConfig, noMethodError, notAHandlerError } from '../server/route-module.ts'
import { APP_ROUTE_METHODS } from '../runtime/app/methods.ts'
import { compileRoutes } from './compile-routes.ts'
import { readAppConfig } from '../config/app-config.ts'
import { findProxyFile, missingExportMessage, type ProxyFile } from '../pipeline/find-proxy-file.ts'
import { compileProxyMatchers } from '../pipeline/proxy-matcher.ts'
import type { ProxyManifest } from '../pipeline/proxy-manifest.ts'
import { SluglineError } from '../errors.ts'
import { NOT_LITERAL, readStaticExports } from './static-exports.ts'
import { writeRouteTypes } from './route-types.ts'
import { checkStaticSchema } from '../schema/build-check.ts'
import { findTsc, typecheckApp, type TypecheckResult } from './typecheck.ts'
import { loadTarget } from './targets/index.ts'
import type { TargetName } from './targets/names.ts'
import type { TargetContext, TargetResult } from './targets/types.ts'

export interface BuildResult {
  routes: ManifestRoute[]
  buildDir: string
  durationMs: number
  /** Things that build but will not do what may be meant (an instrumentation file without hooks). */
  warnings: string[]
}

/** What the build can know of a route module without running its code: an app route exports
 *  an HTTP method; a pages route has a default export that is no literal, and a valid config. */
async function checkModule(dir: string, route: ManifestRoute, exports: readonly string[]): Promise<void> {
  if (route.source === 'app') {
    if (!exports.some((name) => APP_ROUTE_METHODS.includes(name))) throw noMethodError(route.file)
    if (exports.includes('schema')) checkStaticSchema((await readStaticExports(path.join(dir, route.file))).schema, route.file, exports)
    return
  }
  if (!exports.includes('default')) throw notAHandlerError(route.file, 'has no default export')
  const found = await readStaticExports(path.join(dir, route.file))
  checkStaticSchema(found.schema, route.file, null, (found.config as { api?: { bodyParser?: unknown } } | undefined)?.api?.bodyParser === false)
  if (found.defaultKind !== null && found.defaultKind !== 'function') throw notAHandlerError(route.file, `default-exports ${found.defaultKind}`)
  if (found.config !== undefined && found.config !== NOT_LITERAL) checkPageConfig(found.config, route.file)
}

export async function buildApp(dirArg: string): Promise<BuildResult> {
  const started = performance.now()
  const dir = path.resolve(dirArg)
  const table = createRouteTable(findRouteFiles(dir))
  const config = await readAppConfig(dir, 'phase-production-build')
  for (const line of config?.warnings ?? []) console.warn(line)
  const proxyFile = findProxyFile(dir)
  // Build beside the previous build and swap only on success: a failed build leaves the last
  // good one servable.
  const buildDir = path.join(dir, BUILD_DIR)
  const stagingDir = path.join(dir, `${BUILD_DIR}-staging-${process.pid}`)
  fs.rmSync(stagingDir, { recursive: true, force: true })
  try {
    const found = findInstrumentation(dir)
    const { routes, instrumentation, proxy, warnings } = await compileAndCheck(dir, stagingDir, table, found.file, proxyFile, config?.routing.basePath ?? '')
    const extra = { instrumentation, ...(config === null ? {} : { routing: config.routing }), ...(proxy === null ? {} : { proxy }) }
    fs.writeFileSync(path.join(stagingDir, MANIFEST_FILE), JSON.stringify(createManifest(routes, extra)))
    writeRouteTypes(stagingDir, routes)
    fs.rmSync(buildDir, { recursive: true, force: true })
    fs.renameSync(stagingDir, buildDir)
    return { routes, buildDir, durationMs: performance.now() - started, warnings: [...found.warnings, ...warnings] }
  } finally {
    fs.rmSync(stagingDir, { recursive: true, force: true })
  }
}

/** The proxy file's manifest entry: its compiled module, a function export, and its
 *  `config.matcher` read from the source (Next.js reads it statically too). */
export async function proxyManifestOf(dir: string, p: ProxyFile, module: string, exports: readonly string[], basePath: string): Promise<ProxyManifest> {
  if (!exports.includes(p.legacy ? 'middleware' : 'proxy') && !exports.includes('default')) {
    throw new SluglineError('HANDLER_INVALID', missingExportMessage(p), [p.file])
  }
  const found = await readStaticExports(path.join(dir, p.file))
  if (found.config === NOT_LITERAL) {
    throw new SluglineError('CONFIG_INVALID', `${p.file}: \`export const config\` must be a literal object (Next.js reads the matcher without running the file).`, [p.file])
  }
  const matcher = (found.config as { matcher?: unknown } | undefined)?.matcher
  return { file: p.file, module, matchers: matcher === undefined ? null : compileProxyMatchers(matcher, basePath, p.file) }
}

interface Checked {
  routes: ManifestRoute[]
  instrumentation: ManifestInstrumentation | undefined
  proxy: ProxyManifest | null
  warnings: string[]
}

async function compileAndCheck(
  dir: string,
  buildDir: string,
  routes: Route[],
  instrumentationFile: string | null,
  proxyFile: ProxyFile | null,
  basePath: string,
): Promise<Checked> {
  const extra = [...(instrumentationFile === null ? [] : [instrumentationFile]), ...(proxyFile === null ? [] : [proxyFile.file])]
  const { modules, exports } = await compileRoutes(dir, buildDir, routes, extra)
  const manifestRoutes: ManifestRoute[] = routes.map((r) => {
    const module = modules.get(r.file)
    if (!module) throw new Error(`esbuild produced no output for ${r.file}`)
    return { ...r, module }
  })
  // In route order, so the first invalid route reported is the same from one build to the next.
  const checks = manifestRoutes.map((route) => checkModule(dir, route, exports.get(route.file) ?? []).then(() => null, (err: unknown) => err))
  for (const failed of await Promise.all(checks)) if (failed !== null) throw failed
  let proxy: ProxyManifest | null = null
  if (proxyFile !== null) {
    const module = modules.get(proxyFile.file)
    if (!module) throw new Error(`esbuild produced no output for ${proxyFile.file}`)
    proxy = await proxyManifestOf(dir, proxyFile, module, exports.get(proxyFile.file) ?? [], basePath)
  }
  if (instrumentationFile === null) return { routes: manifestRoutes, instrumentation: undefined, proxy, warnings: [] }
  const module = modules.get(instrumentationFile)
  if (!module) throw new Error(`esbuild produced no output for ${instrumentationFile}`)
  // `default`: a CommonJS module.exports, whose keys only running it shows (start checks them).
  const names = exports.get(instrumentationFile) ?? []
  const warnings = names.some((n) => n === 'register' || n === 'onRequestError' || n === 'default') ? [] : [noHooksWarning(instrumentationFile)]
  return { routes: manifestRoutes, instrumentation: { file: instrumentationFile, module }, proxy, warnings }
}

/** Packages a finished build for a deploy target; null for `node`, which is the build itself. */
export async function packageForTarget(name: TargetName, ctx: TargetContext): Promise<TargetResult | null> {
  const target = await loadTarget(name)
  return target === null ? null : target.build(ctx)
}

/** `slugline build`'s type check (typecheck.ts), after writing the route types it may need
 *  (`.slugline/types/routes.d.ts`) for the table as it is now. */
export async function typecheckBeforeBuild(dirArg: string): Promise<TypecheckResult> {
  const dir = path.resolve(dirArg)
  const tsc = findTsc(dir)
  // No check, nothing written: an app without one gets no .slugline from a failed build.
  if (typeof tsc !== 'string') return { ran: false, reason: tsc.reason }
  writeRouteTypes(path.join(dir, BUILD_DIR), createRouteTable(findRouteFiles(dir)))
  return typecheckApp(dir, tsc)
}
