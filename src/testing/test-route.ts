// `testRoute(dir or file)`: the app built as `slugline build` builds it and served as
// `slugline start` serves it (the same dispatcher, the same request and response classes), but
// reached in memory instead of over a port, for node:test, vitest or jest.
import fs from 'node:fs'
import path from 'node:path'
import { buildApp } from '../build/build-app.ts'
import { BadRequestError } from '../errors.ts'
import { createMatcher } from '../matcher/create-matcher.ts'
import type { Route } from '../routes/types.ts'
import { isCanonical } from '../server/canonical-path.ts'
import { createHandler } from '../server/create-handler.ts'
import { createServer } from '../server/listen.ts'
import { createInMemoryFetch, type InMemoryFetch } from './in-memory-fetch.ts'

export interface TestApp {
  /** Sends a request (a path such as `/api/authors/1`, a URL or a Request) and resolves with
   *  the response, body read in full. */
  fetch: InMemoryFetch
  /** The routes served: the whole table for an app folder, the one route for a file. */
  routes: Route[]
  /** The app folder (holding pages/api or app). */
  dir: string
}

/** Where a route file's app folder is: the nearest folder above it from which the file is
 *  `pages/api/...`, `src/pages/api/...`, `app/...` or `src/app/...`. */
function appDirOf(file: string): string | null {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/')
    if (/^(src\/)?(pages\/api|app)\//.test(rel)) return dir
  }
  return null
}

/**
 * Builds the app and returns a `fetch` into it.
 *
 * @example
 * const app = await testRoute('./api')                              // every route
 * const res = await app.fetch('/api/authors/1')
 * assert.equal(res.status, 200)
 *
 * const one = await testRoute('./api/pages/api/authors/[id].ts')   // only this file's route
 * await one.fetch('/api/authors/1', { method: 'DELETE' })
 */
export async function testRoute(target: string): Promise<TestApp> {
  const full = path.resolve(target)
  if (!fs.existsSync(full)) throw new Error(`testRoute: ${target} does not exist`)
  const isFile = fs.statSync(full).isFile()
  const dir = isFile ? appDirOf(full) : full
  if (dir === null) throw new Error(`testRoute: ${target} is not under a pages/api or app folder`)

  const { routes } = await buildApp(dir)
  const fetchAll = createInMemoryFetch(createServer(createHandler({ dir })))
  if (!isFile) return { fetch: fetchAll, routes, dir }

  const file = path.relative(dir, full).split(path.sep).join('/')
  const own = routes.find((r) => r.file === file)
  if (!own) throw new Error(`testRoute: ${file} is not a route of ${dir} (see \`slugline routes\`)`)
  const matcher = createMatcher(routes)
  // One file under test: a URL that the table gives to another route (or to none) is a mistake
  // in the test, said at once rather than answered by some other handler or a 404.
  const fetchOne: InMemoryFetch = (input, init) => {
    const pathname = new URL(typeof input === 'string' && input.startsWith('/') ? `http://localhost${input}` : input instanceof Request ? input.url : input).pathname
    if (isCanonical(pathname)) {
      let served: string | null = null
      try {
        served = matcher.match(pathname)?.route.file ?? null
      } catch (err) {
        if (!(err instanceof BadRequestError)) throw err
        served = file // a malformed escape: the server answers 400, as it would for this route
      }
      if (served !== file) {
        const by = served === null ? 'no route' : served
        return Promise.reject(new Error(`testRoute(${file}): ${pathname} is served by ${by}, not by this file (${own.pattern})`))
      }
    }
    return fetchAll(input, init)
  }
  return { fetch: fetchOne, routes: [own], dir }
}
