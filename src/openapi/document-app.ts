// `slugline openapi`: compiles the routes as the build does (into a folder of its own, removed
// after), loads each module to read its schemas (route code runs: a module that cannot load
// here is documented from its source, with a warning), and makes the document.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { compileRoutes } from '../build/compile-routes.ts'
import { readStaticExports } from '../build/static-exports.ts'
import { findRouteFiles } from '../discovery/find-route-files.ts'
import { createRouteTable } from '../routes/create-route-table.ts'
import { loadAppRuntime } from '../server/app-runtime.ts'
import { toRouteModule } from '../server/route-module.ts'
import { createOpenApiDocument, type DocumentedRoute, type DocumentInfo } from './document.ts'
import { documentedFromSource, documentedRoute } from './from-modules.ts'
import type { JsonSchema } from './json-schema.ts'

export type ImportModule = (url: string) => Promise<Record<string, unknown>>

/** The app's package.json name and version, else its folder's name. */
export function documentInfo(dir: string): DocumentInfo {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown }
    return { title: typeof pkg.name === 'string' ? pkg.name : path.basename(dir), version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' }
  } catch {
    return { title: path.basename(dir), version: '0.0.0' }
  }
}

export async function documentApp(dir: string, options: { importModule?: ImportModule; warn: (line: string) => void }): Promise<JsonSchema> {
  const importModule = options.importModule ?? ((url: string) => import(url))
  const routes = createRouteTable(findRouteFiles(dir))
  const outDir = path.join(dir, `.slugline-openapi-${process.pid}`)
  fs.rmSync(outDir, { recursive: true, force: true })
  try {
    const { modules, exports } = await compileRoutes(dir, outDir, routes)
    if (routes.some((r) => r.source === 'app')) await loadAppRuntime()
    const documented: DocumentedRoute[] = []
    for (const route of routes) {
      try {
        const ns = await importModule(pathToFileURL(path.join(outDir, modules.get(route.file)!)).href)
        documented.push(documentedRoute(route, toRouteModule(ns, route.source, route.file)))
      } catch (err) {
        options.warn(`Warning: ${route.file} could not be loaded (${(err as Error).message.split('\n')[0]}): documented from its source, without schemas.`)
        const shape = (await readStaticExports(path.join(dir, route.file))).schema
        documented.push(documentedFromSource(route, exports.get(route.file) ?? [], shape))
      }
    }
    return createOpenApiDocument(documented, documentInfo(dir), options.warn)
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}
