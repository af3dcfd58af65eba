// `slugline dev` serves the app's OpenAPI document at /_slugline/openapi.json and a reference
// page at /_slugline/api, made from the modules dev has loaded (so from the code as it is now).
// No route can be at /_slugline: pages/api routes start with /api, and an app folder `_name`
// is private. The page uses @scalar/api-reference when the app has it installed, served from
// its node_modules (nothing from a CDN); otherwise it is a plain page rendered here.
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Route } from '../routes/types.ts'
import type { RouteModule } from '../server/route-module.ts'
import { createOpenApiDocument } from './document.ts'
import { documentInfo } from './document-app.ts'
import { documentedRoute } from './from-modules.ts'
import type { JsonSchema } from './json-schema.ts'

export interface DevDocsSource {
  dir: string
  routes(): readonly Route[]
  load(route: Route): Promise<RouteModule>
  warn(line: string): void
}

export const DOCS_PREFIX = '/_slugline/'

/** Each warning once per dev server, not once per request for the document. */
const warned = new Set<string>()

async function devDocument(source: DevDocsSource): Promise<JsonSchema> {
  const routes = source.routes()
  const mods = await Promise.all(routes.map((r) => source.load(r)))
  const warn = (line: string) => void (warned.has(line) || (warned.add(line), source.warn(line)))
  return createOpenApiDocument(routes.map((r, i) => documentedRoute(r, mods[i]!)), documentInfo(source.dir), warn)
}

function scalarBundle(dir: string): string | null {
  try {
    const pkg = createRequire(path.join(dir, 'package.json')).resolve('@scalar/api-reference/package.json')
    const file = path.join(path.dirname(pkg), 'dist', 'browser', 'standalone.js')
    return fs.existsSync(file) ? file : null
  } catch {
    return null
  }
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function plainPage(doc: JsonSchema): string {
  const info = doc.info as { title: string; version: string }
  const rows: string[] = []
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const parts = [`<h3><code>${method.toUpperCase()} ${escape(p)}</code></h3><p>${escape(String(op.description ?? ''))}</p>`]
      const params = (op.parameters as JsonSchema[] | undefined) ?? []
      if (params.length > 0) parts.push(`<p>Parameters: ${params.map((x) => `<code>${escape(String(x.name))}</code> (${escape(String(x.in))}${x.required ? ', required' : ''})`).join(', ')}</p>`)
      if (op.requestBody) parts.push(`<details><summary>Request body</summary><pre>${escape(JSON.stringify((op.requestBody as any).content['application/json'].schema, null, 2))}</pre></details>`)
      parts.push(`<p>Responses: ${Object.keys(op.responses as object).map((s) => `<code>${escape(s)}</code>`).join(', ')}</p>`)
      rows.push(`<section>${parts.join('')}</section>`)
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}section{border-top:1px solid #ddd}pre{background:#f6f6f6;padding:.5rem;overflow:auto}</style></head>
<body><h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>
<p>The <a href="/_slugline/openapi.json">OpenAPI document</a> of this app. For an interactive reference, install <code>@scalar/api-reference</code> as a dev dependency.</p>
${rows.join('\n')}</body></html>`
}

const SCALAR_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API reference</title></head>
<body><div id="app"></div><script src="/_slugline/scalar.js"></script>
<script>Scalar.createApiReference('#app', { url: '/_slugline/openapi.json' })</script></body></html>`

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

/** Answers a /_slugline/ request; false for a path it does not know. */
export async function serveDevDocs(req: IncomingMessage, res: ServerResponse, source: DevDocsSource): Promise<boolean> {
  const url = req.url ?? '/'
  const pathname = url.split('?')[0]
  try {
    if (pathname === '/_slugline/openapi.json') {
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(await devDocument(source), null, 2))
      return true
    }
    if (pathname === '/_slugline/api') {
      const scalar = scalarBundle(source.dir)
      send(res, 200, 'text/html; charset=utf-8', scalar !== null ? SCALAR_PAGE : plainPage(await devDocument(source)))
      return true
    }
    if (pathname === '/_slugline/scalar.js') {
      const scalar = scalarBundle(source.dir)
      if (scalar === null) return false
      send(res, 200, 'text/javascript; charset=utf-8', await fs.promises.readFile(scalar))
      return true
    }
  } catch (err) {
    source.warn(`Error while making the OpenAPI document: ${(err as Error).stack ?? err}`)
    send(res, 500, 'application/json; charset=utf-8', JSON.stringify({ error: (err as Error).message }))
    return true
  }
  return false
}
