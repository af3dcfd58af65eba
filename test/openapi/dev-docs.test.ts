// `slugline dev` serves the OpenAPI document and a reference page, made from the code as it is
// now: an edit to a route's schema shows in the next document. Real dev process.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { validate } from '@readme/openapi-parser'
import { serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { schemaApp } from '../schema/schema-app.ts'
import { eventually } from '../dev/dev-app.ts'

describe('slugline dev: /_slugline/openapi.json and /_slugline/api', () => {
  let server: RunningServer
  let dir: string
  before(async () => {
    dir = schemaApp()
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => server.stop())

  it('serves a valid document of every route', async () => {
    const r = await request(server.base, '/_slugline/openapi.json')
    assert.equal(r.status, 200)
    assert.match(String(r.headers['content-type']), /^application\/json/)
    const doc = r.json()
    assert.equal((await validate(structuredClone(doc))).valid, true)
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/ark', '/api/authors/{id}', '/api/books', '/v2/ark', '/v2/books', '/v2/items/{id}'])
    assert.deepEqual(Object.keys(doc.paths['/api/books'].post.responses).sort(), ['201', '400'])
  })

  it('follows an edit: a new schema key shows in the next document', async () => {
    const file = path.join(dir, 'app/v2/ark/route.ts')
    fs.writeFileSync(file, `import { type } from 'arktype'
import { route } from 'slugline'
export const GET = route({ query: type({ n: 'string', 'm?': 'string' }) }, (request, { query }) => Response.json(query))
`)
    const doc = await eventually(
      async () => {
        const d = (await request(server.base, '/_slugline/openapi.json')).json()
        return d.paths['/v2/ark'].get.parameters?.length === 2 ? d : undefined
      },
      () => 'the document to list m',
    )
    assert.deepEqual(doc.paths['/v2/ark'].get.parameters.map((p: any) => p.name), ['n', 'm'])
  })

  it('serves a reference page with every operation, with nothing from a CDN', async () => {
    const r = await request(server.base, '/_slugline/api')
    assert.equal(r.status, 200)
    assert.match(String(r.headers['content-type']), /^text\/html/)
    assert.match(r.body, /<code>POST \/api\/books<\/code>/)
    assert.match(r.body, /<code>PATCH \/v2\/items\/\{id\}<\/code>/)
    assert.doesNotMatch(r.body, /https?:\/\//)
    assert.equal((await request(server.base, '/_slugline/other')).status, 404)
  })
})
