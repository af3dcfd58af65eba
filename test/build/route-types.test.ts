// The route types file: its text for a table, and `slugline dev` rewriting it as routes come and
// go. That the text type-checks as intended (params, wrong patterns as errors) is tested by a
// real tsc on the packed package, in test/package/types.test.ts.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { renderRouteTypes } from '../../src/build/route-types.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import { serve, type RunningServer } from '../helpers/app-server.ts'
import { eventually, writeApp, writeFiles } from '../dev/dev-app.ts'

const table = createRouteTable([
  { file: 'pages/api/authors/[id].ts', pattern: '/api/authors/[id]', source: 'pages' },
  { file: 'pages/api/store/[...gadgets].ts', pattern: '/api/store/[...gadgets]', source: 'pages' },
  { file: 'pages/api/shop/[[...slug]].ts', pattern: '/api/shop/[[...slug]]', source: 'pages' },
  { file: 'pages/api/start.ts', pattern: '/api/start', source: 'pages' },
  { file: 'app/(shop)/v2/items/[id]/route.ts', pattern: '/v2/items/[id]', source: 'app' },
])

describe('renderRouteTypes', () => {
  const text = renderRouteTypes(table)

  it('gives each route its params: string, string[] for a catch-all, optional for an optional one', () => {
    assert.match(text, /^ {4}"\/api\/authors\/\[id\]": \{ "id": string \}$/m)
    assert.match(text, /^ {4}"\/api\/store\/\[\.\.\.gadgets\]": \{ "gadgets": string\[\] \}$/m)
    assert.match(text, /^ {4}"\/api\/shop\/\[\[\.\.\.slug\]\]": \{ "slug"\?: string\[\] \}$/m)
    assert.match(text, /^ {4}"\/api\/start": \{\}$/m)
  })

  it('keeps pages/api and app routes apart, and unions every pattern in RoutePath', () => {
    const app = text.slice(text.indexOf('interface AppRouteParams'), text.indexOf('declare global'))
    assert.match(app, /"\/v2\/items\/\[id\]": \{ "id": string \}/)
    assert.doesNotMatch(app, /\/api\//)
    assert.match(text, /type RoutePath = "\/api\/authors\/\[id\]" \| "\/api\/shop\/\[\[\.\.\.slug\]\]" \| "\/api\/start" \| "\/api\/store\/\[\.\.\.gadgets\]" \| "\/v2\/items\/\[id\]"\n/)
    assert.match(text, /type AppRoutePath = "\/v2\/items\/\[id\]"\n/)
  })

  it('is the same text whatever order the table comes in', () => {
    assert.equal(renderRouteTypes([...table].reverse()), text)
  })

  it('declares `never` unions for an app with no app routes', () => {
    const pagesOnly = renderRouteTypes(table.filter((r) => r.source === 'pages'))
    assert.match(pagesOnly, /type AppRoutePath = never\n/)
  })
})

describe('slugline dev writes the route types', () => {
  let dir: string
  let server: RunningServer
  const file = () => path.join(dir, '.slugline', 'types', 'routes.d.ts')
  const read = () => (fs.existsSync(file()) ? fs.readFileSync(file(), 'utf8') : '')
  const ok = 'export default function handler(_req: any, res: any) { res.status(200).json({}) }\n'

  before(async () => {
    dir = writeApp({ 'pages/api/items/[id].ts': ok })
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => server.stop())

  it('on start, and again when a route file is added or removed', async () => {
    await eventually(async () => (read().includes('"/api/items/[id]": { "id": string }') ? true : undefined), read)
    writeFiles(dir, { 'app/v2/docs/[...path]/route.ts': 'export function GET() { return new Response("") }\n' })
    await eventually(async () => (read().includes('"/v2/docs/[...path]": { "path": string[] }') ? true : undefined), read)
    fs.rmSync(path.join(dir, 'pages/api/items/[id].ts'))
    await eventually(async () => (!read().includes('/api/items/[id]') ? true : undefined), read)
  })
})
