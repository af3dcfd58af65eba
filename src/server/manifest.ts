// The build's output contract: `.slugline/manifest.json` lists the validated route table in
// precedence order and, for each route, its compiled module. `start` reads only this.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SluglineError } from '../errors.ts'
import type { Route } from '../routes/types.ts'
import type { RoutingConfig } from '../config/routing-config.ts'
import type { ProxyManifest } from '../pipeline/proxy-manifest.ts'

export const BUILD_DIR = '.slugline'
export const MANIFEST_FILE = 'manifest.json'
const VERSION = 1

export interface ManifestRoute extends Route {
  /** The compiled module, relative to the build folder. */
  module: string
}

/** The app's instrumentation file (src/instrumentation), compiled with the routes. */
export interface ManifestInstrumentation {
  /** Relative to the app folder: `instrumentation.ts`, `src/instrumentation.js`. */
  file: string
  /** The compiled module, relative to the build folder. */
  module: string
}

export interface Manifest {
  version: typeof VERSION
  createdAt: string
  routes: ManifestRoute[]
  /** Absent when the app has no instrumentation file (and in builds made before it existed). */
  instrumentation?: ManifestInstrumentation
  /** next.config's routing part, when the app has a next.config (src/config/routing-config.ts). */
  routing?: RoutingConfig
  /** The compiled proxy.ts / middleware.ts, when the app has one. */
  proxy?: ProxyManifest
}

export function createManifest(routes: ManifestRoute[], extra: Pick<Manifest, 'instrumentation' | 'routing' | 'proxy'> = {}): Manifest {
  const out: Manifest = { version: VERSION, createdAt: new Date().toISOString(), routes }
  if (extra.instrumentation !== undefined) out.instrumentation = extra.instrumentation
  if (extra.routing !== undefined) out.routing = extra.routing
  if (extra.proxy !== undefined) out.proxy = extra.proxy
  return out
}

export function readManifest(dir: string): Manifest {
  const file = join(dir, BUILD_DIR, MANIFEST_FILE)
  if (!existsSync(file)) {
    throw new SluglineError('NO_BUILD', `No build found in ${join(dir, BUILD_DIR)}. Run \`slugline build ${dir}\` first.`)
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest
  if (manifest.version !== VERSION) {
    throw new SluglineError('NO_BUILD', `The build in ${join(dir, BUILD_DIR)} is from another Slugline version. Run \`slugline build ${dir}\` again.`)
  }
  return manifest
}
