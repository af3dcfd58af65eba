// `slugline build`: discover the route files, validate the table as Next.js would, compile the
// handlers, load each compiled module once to check its exports (as Next.js's "Collecting page
// data" step does), and write the manifest `start` serves from.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { findRouteFiles } from '../discovery/find-route-files.ts'
import { SluglineError } from '../errors.ts'
import { createRouteTable } from '../routes/create-route-table.ts'
import type { Route } from '../routes/types.ts'
import { BUILD_DIR, createManifest, MANIFEST_FILE, type ManifestRoute } from '../server/manifest.ts'
import { toRouteModule } from '../server/route-module.ts'
import { compileRoutes } from './compile-routes.ts'
import { writeRouteTypes } from './route-types.ts'
import { loadTarget } from './targets/index.ts'
import type { TargetName } from './targets/names.ts'
import type { TargetContext, TargetResult } from './targets/types.ts'

export interface BuildResult {
  routes: ManifestRoute[]
  buildDir: string
  durationMs: number
}

async function checkModule(buildDir: string, route: ManifestRoute): Promise<void> {
  let ns: Record<string, unknown>
  try {
    ns = await import(pathToFileURL(path.join(buildDir, route.module)).href)
  } catch (err) {
    const e = err as Error
    throw new SluglineError('HANDLER_INVALID', `Failed to load ${route.file}: ${e.stack ?? e.message}`, [route.file])
  }
  toRouteModule(ns, route.source, route.file)
}

export async function buildApp(dirArg: string): Promise<BuildResult> {
  const started = performance.now()
  const dir = path.resolve(dirArg)
  const table = createRouteTable(findRouteFiles(dir))
  // Build beside the previous build and swap only on success: a failed build leaves the last
  // good one servable.
  const buildDir = path.join(dir, BUILD_DIR)
  const stagingDir = path.join(dir, `${BUILD_DIR}-staging-${process.pid}`)
  fs.rmSync(stagingDir, { recursive: true, force: true })
  try {
    const routes = await compileAndCheck(dir, stagingDir, table)
    fs.writeFileSync(path.join(stagingDir, MANIFEST_FILE), JSON.stringify(createManifest(routes)))
    writeRouteTypes(stagingDir, routes)
    fs.rmSync(buildDir, { recursive: true, force: true })
    fs.renameSync(stagingDir, buildDir)
    return { routes, buildDir, durationMs: performance.now() - started }
  } finally {
    fs.rmSync(stagingDir, { recursive: true, force: true })
  }
}

async function compileAndCheck(dir: string, buildDir: string, routes: Route[]): Promise<ManifestRoute[]> {
  const { modules } = await compileRoutes(dir, buildDir, routes)
  const manifestRoutes: ManifestRoute[] = routes.map((r) => {
    const module = modules.get(r.file)
    if (!module) throw new Error(`esbuild produced no output for ${r.file}`)
    return { ...r, module }
  })
  for (const route of manifestRoutes) await checkModule(buildDir, route)
  return manifestRoutes
}

/** Packages a finished build for a deploy target; null for `node`, which is the build itself. */
export async function packageForTarget(name: TargetName, ctx: TargetContext): Promise<TargetResult | null> {
  const target = await loadTarget(name)
  return target === null ? null : target.build(ctx)
}
