// Finds the route folders of an app and the route files in them. Next.js looks for `pages`
// and `app` at the project root, else under `src/`; both may exist side by side.
import fs from 'node:fs'
import path from 'node:path'
import { SluglineError } from '../errors.ts'
import type { RouteFile } from '../routes/types.ts'
import { appFileToPattern, pagesFileToPattern } from './file-to-pattern.ts'

export interface RouteDirs {
  /** Absolute path of the `pages` folder, when the app has one with an `api` folder. */
  pages: string | null
  /** Absolute path of the `app` folder, when there is one. */
  app: string | null
}

function firstDir(...candidates: string[]): string | null {
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isDirectory()) ?? null
}

export function findRouteDirs(root: string): RouteDirs {
  const pages = firstDir(path.join(root, 'pages'), path.join(root, 'src', 'pages'))
  return {
    pages: pages && fs.existsSync(path.join(pages, 'api')) ? pages : null,
    app: firstDir(path.join(root, 'app'), path.join(root, 'src', 'app')),
  }
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort()
}

/** Every route file of the app at `root`, unvalidated. Throws when there is no routes folder. */
export function findRouteFiles(root: string): RouteFile[] {
  const dirs = findRouteDirs(root)
  if (!dirs.pages && !dirs.app) {
    throw new SluglineError(
      'NO_ROUTES_DIR',
      `No routes found in ${root}: expected a pages/api folder (or src/pages/api) or an app folder (or src/app).`,
    )
  }
  const toRel = (abs: string) => path.relative(root, abs).split(path.sep).join('/')
  const files: RouteFile[] = []
  if (dirs.pages) {
    for (const rel of listFiles(path.join(dirs.pages, 'api'))) {
      const pattern = pagesFileToPattern(`api/${rel}`)
      if (pattern) files.push({ file: toRel(path.join(dirs.pages, 'api', rel)), pattern, source: 'pages' })
    }
  }
  if (dirs.app) {
    for (const rel of listFiles(dirs.app)) {
      const pattern = appFileToPattern(rel)
      if (pattern) files.push({ file: toRel(path.join(dirs.app, rel)), pattern, source: 'app' })
    }
  }
  return files
}
