// Serves a `.vercel/output` folder the way Vercel's Build Output API v3 says a deployment
// runs it, to the degree Slugline's output uses it, so the vercel target is tested without an
// account: `node vercel-output-server.mjs <output> --port N [--host H]`.
//
// - config.json: `version` must be 3. Its `routes` apply in order to the request's path: a
//   route `{ src, dest?, headers?, methods?, status?, continue? }` matches when its `src` regex
//   does (and its method, if it lists any); it sets its headers; a `status` without `dest`
//   answers there; a `dest` (with $1, $name filled in) rewrites the path, which with `continue`
//   goes on through the remaining routes and otherwise is resolved now. `{ handle: 'filesystem' }`
//   resolves the path as it stands if it names a function. Any other phase is refused, loudly:
//   this server would not know what Vercel does with it.
// - A path resolves to a function when `functions/<path>.func/` exists. Its `.vc-config.json`
//   must name a Node.js runtime, `launcherType: "Nodejs"` and a `handler` file; the handler
//   module's default export is called with Node's own `req` and `res` (what the launcher passes
//   with `shouldAddHelpers: false`), and with the request as the client sent it: a function
//   reached through a rewrite still sees the original path and query, which is how frameworks
//   with their own router run on Vercel.
// - The function runs with its folder as the working directory (/var/task on Vercel).
// - Nothing matched: 404, as Vercel's own NOT_FOUND page.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' } } })
const outputDir = path.resolve(positionals[0] ?? '.vercel/output')
const config = JSON.parse(fs.readFileSync(path.join(outputDir, 'config.json'), 'utf8'))
if (config.version !== 3) throw new Error(`config.json: version ${config.version}, want 3`)
const routes = (config.routes ?? []).map((route, i) => {
  if ('handle' in route) {
    if (route.handle !== 'filesystem') throw new Error(`config.json routes[${i}]: phase "${route.handle}" is not supported by this test server`)
    return route
  }
  return { ...route, regex: new RegExp(route.src) }
})

/** '/name' -> the function's folder, for every functions/**\/name.func. */
function findFunctions(dir, prefix = '') {
  const found = new Map()
  if (!fs.existsSync(dir)) return found
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    if (entry.name.endsWith('.func')) found.set(`${prefix}/${entry.name.slice(0, -'.func'.length)}`, path.join(dir, entry.name))
    else for (const [k, v] of findFunctions(path.join(dir, entry.name), `${prefix}/${entry.name}`)) found.set(k, v)
  }
  return found
}
const functions = findFunctions(path.join(outputDir, 'functions'))
if (functions.size === 0) throw new Error(`${outputDir} has no functions/*.func`)

const loaded = new Map()
function loadFunction(dir) {
  let handler = loaded.get(dir)
  if (handler === undefined) {
    handler = (async () => {
      const vc = JSON.parse(fs.readFileSync(path.join(dir, '.vc-config.json'), 'utf8'))
      if (!/^nodejs\d+\.x$/.test(vc.runtime)) throw new Error(`${dir}: runtime ${vc.runtime} is not a Node.js runtime`)
      if (vc.launcherType !== 'Nodejs') throw new Error(`${dir}: launcherType ${vc.launcherType}, want Nodejs`)
      if (typeof vc.handler !== 'string') throw new Error(`${dir}: no handler`)
      process.chdir(dir)
      const mod = await import(pathToFileURL(path.join(dir, vc.handler)).href)
      const fn = typeof mod.default === 'function' ? mod.default : mod.default?.default
      if (typeof fn !== 'function') throw new Error(`${dir}/${vc.handler} exports no (req, res) function`)
      return fn
    })()
    loaded.set(dir, handler)
  }
  return handler
}

function fill(dest, match) {
  return dest.replace(/\$(\d+|[A-Za-z_]\w*)/g, (_, key) => (/^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key]) ?? '')
}

/** The function folder the request ends at, or null for Vercel's 404. */
function resolve(req, res) {
  const url = req.url ?? '/'
  const q = url.indexOf('?')
  let pathname = q === -1 ? url : url.slice(0, q)
  for (const route of routes) {
    if ('handle' in route) {
      if (functions.has(pathname)) return functions.get(pathname)
      continue
    }
    if (route.methods && !route.methods.includes(req.method)) continue
    const match = route.regex.exec(pathname)
    if (match === null) continue
    for (const [k, v] of Object.entries(route.headers ?? {})) res.setHeader(k, fill(v, match))
    if (route.status !== undefined && route.dest === undefined) {
      res.statusCode = route.status
      return 'answered'
    }
    if (route.dest !== undefined) {
      pathname = fill(route.dest, match).split('?')[0]
      if (!route.continue) return functions.get(pathname) ?? null
    }
  }
  return functions.get(pathname) ?? null
}

const server = http.createServer(async (req, res) => {
  const target = resolve(req, res)
  if (target === 'answered') return void res.end()
  if (target === null) {
    res.statusCode = 404
    res.setHeader('content-type', 'text/plain; charset=utf-8')
    return void res.end('The page could not be found.\n\nNOT_FOUND\n')
  }
  try {
    const handler = await loadFunction(target)
    await handler(req, res)
  } catch (err) {
    // Vercel answers a function that crashed with a 500 of its own.
    console.error(err)
    if (!res.headersSent) res.statusCode = 500
    res.end('A server error has occurred\n\nFUNCTION_INVOCATION_FAILED\n')
  }
})
server.listen(Number(values.port ?? 3000), values.host ?? '127.0.0.1', () => console.log(`Build Output server on ${values.port}`))
process.once('SIGTERM', () => server.close(() => process.exit(0)))
