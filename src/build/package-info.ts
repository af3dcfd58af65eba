// What the build and `slugline dev` need to know of an installed npm package file, read from the
// package.json files above it: whether Node loads the file as an ES module or as CommonJS, and
// whether its package must be bundled rather than left to Node (see needsBundling).
import fs from 'node:fs'
import path from 'node:path'

interface PackageJson {
  name?: string
  type?: string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

/** Folder -> the package.json in it (null: none, or unreadable). Packages do not change while a
 *  build runs; dev clears it when package.json files change (clearPackageInfo). */
const manifests = new Map<string, PackageJson | null>()

function readManifest(dir: string): PackageJson | null {
  let json = manifests.get(dir)
  if (json === undefined) {
    try {
      json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson
    } catch {
      json = null
    }
    manifests.set(dir, json)
  }
  return json
}

export function clearPackageInfo(): void {
  manifests.clear()
}

/** The nearest package.json above `file` (any, as Node reads "type"), and the nearest one with a
 *  "name" (the package itself: a `dist/esm/package.json` holding only a "type" is not). */
function nearest(file: string, named: boolean): PackageJson | null {
  let dir = path.dirname(file)
  for (;;) {
    const json = readManifest(dir)
    if (json !== null && (!named || typeof json.name === 'string')) return json
    const parent = path.dirname(dir)
    if (parent === dir || path.basename(dir) === 'node_modules') return null
    dir = parent
  }
}

/** Whether Node loads `file` as an ES module: `.mjs`, or `.js` under `"type": "module"`. */
export function isEsmFile(file: string): boolean {
  const ext = path.extname(file)
  if (ext === '.mjs' || ext === '.mts') return true
  if (ext !== '.js' && ext !== '.jsx' && ext !== '.ts' && ext !== '.tsx') return false
  return nearest(file, false)?.type === 'module'
}

/** Packages whose code imports what only the bundler can answer: `next/*` (Slugline's compat
 *  modules, without `next` installed), `server-only` and `client-only` (resolved as Next's server
 *  build resolves them). A package that declares one of them is bundled, so its imports go
 *  through the same plugins as the app's (next-auth 5 imports `next/server` at run time). */
const BUNDLER_ANSWERED = ['next', 'server-only', 'client-only']

export function needsBundling(file: string): boolean {
  const json = nearest(file, true)
  if (json === null) return false
  return BUNDLER_ANSWERED.some(
    (name) => json.dependencies?.[name] !== undefined || json.peerDependencies?.[name] !== undefined || json.optionalDependencies?.[name] !== undefined,
  )
}

/** Whether a path lies inside some node_modules folder (an installed package). */
export function inNodeModules(file: string): boolean {
  return file.split(path.sep).includes('node_modules')
}
