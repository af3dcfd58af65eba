// `createFetchHandler({ dir })`: a built app (`dir/.slugline/manifest.json`) as a
// `(Request) => Promise<Response>` function for Bun.serve, Deno.serve or any fetch runtime.
// A thin wrapper over createFetchDispatcher: the manifest's routes, each loading its compiled
// module with import() on first use.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadEnv } from '../../server/load-env.ts'
import { BUILD_DIR, readManifest } from '../../server/manifest.ts'
import { createFetchDispatcher, type FetchHandler, type FetchRoute } from './dispatcher.ts'

export interface FetchHandlerOptions {
  /** The app folder, holding the `.slugline` build. */
  dir: string
  /** Answer crashes with their message and stack. Default false. */
  dev?: boolean
  /** Load the app's `.env` files into process.env first, as createHandler does. Default true. */
  loadEnv?: boolean
}

export function createFetchHandler(options: FetchHandlerOptions): FetchHandler {
  const dir = resolve(options.dir)
  const manifest = readManifest(dir)
  if (options.loadEnv ?? true) loadEnv(dir, options.dev ? 'development' : 'production')
  const buildDir = join(dir, BUILD_DIR)
  const routes: FetchRoute[] = manifest.routes.map((r) => ({
    file: r.file,
    pattern: r.pattern,
    source: r.source,
    segments: r.segments,
    kind: r.kind,
    params: r.params,
    load: () => import(pathToFileURL(join(buildDir, r.module)).href) as Promise<Record<string, unknown>>,
  }))
  const entry = manifest.instrumentation
  const instrumentation = entry && { file: entry.file, load: () => import(pathToFileURL(join(buildDir, entry.module)).href) as Promise<Record<string, unknown>> }
  return createFetchDispatcher({ routes, dev: options.dev, instrumentation })
}
