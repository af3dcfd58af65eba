// `slugline openapi`: a real CLI process over the schema fixture plus routes of every kind;
// the document is validated by @readme/openapi-parser and read for what each route declares.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { validate } from '@readme/openapi-parser'
import { runCli } from '../helpers/app-server.ts'
import { schemaApp } from '../schema/schema-app.ts'

const EXTRA = {
  // No schema: every common method; a catch-all param.
  'pages/api/store/[...gadgets].ts': `export default function h(req: any, res: any) { res.json(req.query) }\n`,
  // An optional catch-all: its root and the path with the param.
  'app/v2/shop/[[...slug]]/route.ts': `export function GET() { return Response.json({}) }\nexport function PUT() { return Response.json({}) }\n`,
  // A recursive zod schema: `$ref: '#'` and `$defs` must point inside components.
  'app/v2/tree/route.ts': `import { z } from 'zod'
const Node = z.object({ name: z.string(), get children() { return z.array(Node).optional() } })
export const schema = { POST: { body: Node, response: { 200: z.object({ root: Node }) } } }
export function POST() { return Response.json({}) }
`,
  // Top-level code that fails where the document is made: documented from the source.
  'pages/api/needs-secret.ts': `import { z } from 'zod'
if (!process.env.NOT_SET_ANYWHERE) throw new Error('NOT_SET_ANYWHERE is missing')
export const schema = { GET: { query: z.object({ q: z.string() }) }, DELETE: {} }
export default function h(req: any, res: any) { res.end() }
`,
}

describe('slugline openapi', () => {
  let doc: any
  let stderr: string
  let dir: string
  before(() => {
    dir = schemaApp(EXTRA)
    const r = runCli(['openapi', dir])
    assert.equal(r.status, 0, r.stderr)
    doc = JSON.parse(r.stdout)
    stderr = r.stderr
  })

  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    assert.equal(doc.openapi, '3.1.0')
    assert.deepEqual(doc.info, { title: 'schema-app', version: '0.0.0' })
    const result = await validate(structuredClone(doc))
    assert.equal(result.valid, true, JSON.stringify(result))
  })

  it('has every route under its path template, with path params', () => {
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/api/ark',
      '/api/authors/{id}',
      '/api/books',
      '/api/needs-secret',
      '/api/store/{gadgets}',
      '/v2/ark',
      '/v2/books',
      '/v2/items/{id}',
      '/v2/shop',
      '/v2/shop/{slug}',
      '/v2/tree',
    ])
    const author = doc.paths['/api/authors/{id}'].get
    assert.deepEqual(author.parameters[0], { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d+$' } })
    assert.deepEqual(author.parameters[1], { name: 'fields', in: 'query', required: false, schema: { type: 'string' } })
    assert.equal(doc.paths['/api/store/{gadgets}'].get.parameters[0].name, 'gadgets')
    assert.equal(doc.paths['/v2/shop'].get.parameters, undefined)
    assert.equal(doc.paths['/v2/shop/{slug}'].put.parameters[0].name, 'slug')
  })

  it('methods: an app route its exports, a pages route its schema keys, else every common method', () => {
    assert.deepEqual(Object.keys(doc.paths['/v2/books']), ['get', 'post', 'delete'])
    assert.deepEqual(Object.keys(doc.paths['/v2/shop/{slug}']), ['get', 'put'])
    assert.deepEqual(Object.keys(doc.paths['/api/books']), ['get', 'post'])
    assert.deepEqual(Object.keys(doc.paths['/api/authors/{id}']), ['get', 'put'])
    assert.deepEqual(Object.keys(doc.paths['/api/store/{gadgets}']), ['get', 'post', 'put', 'patch', 'delete'])
  })

  it('request bodies and responses come from the schemas; validated operations document the 400', () => {
    const post = doc.paths['/api/books'].post
    assert.deepEqual(post.requestBody.content['application/json'].schema, { type: 'object', properties: { title: { type: 'string', minLength: 1 } }, required: ['title'] })
    assert.deepEqual(Object.keys(post.responses).sort(), ['201', '400'])
    assert.equal(post.responses['201'].description, 'Created')
    assert.deepEqual(post.responses['201'].content['application/json'].schema.required, ['id', 'title'])
    assert.equal(post.responses['400'].content['application/json'].schema.$ref, '#/components/schemas/SluglineInvalidRequest')
    assert.deepEqual(doc.paths['/api/books'].get.parameters.map((p: any) => [p.name, p.in, p.schema.type]), [['limit', 'query', 'integer']])
    assert.deepEqual(doc.paths['/v2/books'].delete.responses, { default: { description: 'The handler’s answer (no response schema)' } })
  })

  it('recursive schemas become components their $refs point at', () => {
    const body = doc.paths['/v2/tree'].post.requestBody.content['application/json'].schema
    assert.match(body.$ref, /^#\/components\/schemas\//)
    const name = decodeURIComponent(body.$ref.split('/').at(-1))
    assert.equal(doc.components.schemas[name].properties.children.items.$ref, body.$ref)
    assert.doesNotMatch(JSON.stringify(doc), /"#\/\$defs\/|"\$ref":"#"/)
  })

  it('warns, naming file and key, of what it cannot document; a module that cannot load is documented from its source', () => {
    assert.match(stderr, /Warning: app\/v2\/items\/\[id\]\/route\.ts: schema\.PATCH\.body \(valibot\) provides no JSON Schema/)
    assert.match(stderr, /Warning: pages\/api\/needs-secret\.ts could not be loaded \(NOT_SET_ANYWHERE is missing\)/)
    assert.deepEqual(Object.keys(doc.paths['/api/needs-secret']), ['get', 'delete'])
  })

  it('--out writes the file (relative to where it runs) and leaves no compile output behind', () => {
    const out = path.join(dir, 'openapi.json')
    const r = runCli(['openapi', '.', '--out', 'openapi.json'], { cwd: dir })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, '')
    assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')).paths['/api/books'].post.operationId, 'postApiBooks')
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.slugline')), [])
  })
})
