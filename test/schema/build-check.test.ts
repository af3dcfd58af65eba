// `export const schema` is checked from the source by `slugline build` (a misspelt method or
// key would validate nothing) and, when the module loads, by start and dev (values that are
// not Standard Schemas). Real CLI processes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli, serve } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { schemaApp } from './schema-app.ts'

describe('slugline build checks schema exports', () => {
  it('fails on a key that is not an HTTP method, naming the file', () => {
    const dir = schemaApp({ 'pages/api/typo.ts': `import { z } from 'zod'\nexport const schema = { PSOT: { body: z.object({}) } }\nexport default function h(req: any, res: any) { res.end() }\n` })
    const r = runCli(['build', dir, '--no-typecheck'])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /pages\/api\/typo\.ts has an invalid `schema`: `PSOT` is not an HTTP method/)
  })

  it('fails on a misspelt part key in an app route', () => {
    const dir = schemaApp({ 'app/v2/typo/route.ts': `import { z } from 'zod'\nexport const schema = { GET: { querry: z.object({}) } }\nexport function GET() { return new Response('x') }\n` })
    const r = runCli(['build', dir, '--no-typecheck'])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /`schema\.GET\.querry` is not a schema key \(one of params, query, body, response\)/)
  })

  it('fails on a body schema with the body parser off', () => {
    const dir = schemaApp({
      'pages/api/raw.ts': `import { z } from 'zod'\nexport const config = { api: { bodyParser: false } }\nexport const schema = { POST: { body: z.string() } }\nexport default function h(req: any, res: any) { res.end() }\n`,
    })
    const r = runCli(['build', dir, '--no-typecheck'])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /pages\/api\/raw\.ts has `schema\.POST\.body` but turns the body parser off/)
  })

  it('warns at build of a schema for a method an app route does not export', () => {
    const dir = schemaApp({ 'app/v2/unused/route.ts': `export const schema = { PUT: {} }\nexport function GET() { return Response.json({}) }\n` })
    const r = runCli(['build', dir, '--no-typecheck'])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stderr, /Warning: app\/v2\/unused\/route\.ts: `schema\.PUT` is for a method the route does not export/)
  })

  it('a value that is not a Standard Schema answers 500 with the error when the module loads, and other routes keep serving', async () => {
    const dir = schemaApp({
      'pages/api/notschema.ts': `const make = () => ({ GET: { query: { limit: 'number' } } })\nexport const schema = make()\nexport default function h(req: any, res: any) { res.end('x') }\n`,
    })
    assert.equal(runCli(['build', dir, '--no-typecheck']).status, 0)
    const server = await serve(dir)
    try {
      const r = await request(server.base, '/api/notschema')
      assert.equal(r.status, 500)
      await server.waitForLog('`schema.GET.query` is not a Standard Schema')
      assert.equal((await request(server.base, '/api/books')).status, 200)
    } finally {
      await server.stop()
    }
  })
})
