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

export interface Manifest {
  version: typeof VERSION
  createdAt: string
  routes: ManifestRoute[]
  /** next.config's routing part, when the app has a next.config (src/config/routing-config.ts). */
  routing?: RoutingConfig
  /** The compiled proxy.ts / middleware.ts, when the app has one. */
  proxy?: ProxyManifest
}

export function createManifest(routes: ManifestRoute[], extra: Pick<Manifest, 'routing' | 'proxy'> = {}): Manifest {
  return { version: VERSION, createdAt: new Date().toISOString(), routes, ...extra }
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
