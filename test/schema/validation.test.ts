// Schema validation over real HTTP, under `slugline start` (after a build) and `slugline dev`:
// zod 4, valibot and arktype schemas in pages/api and app routes (test/fixtures/schema-app).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { schemaApp } from './schema-app.ts'

const JSON_TYPE = { 'content-type': 'application/json' }

function cases(mode: 'start' | 'dev'): void {
  describe(`schema validation under ${mode}`, () => {
    let server: RunningServer
    before(async () => {
      const dir = schemaApp({
        // A schema for a method the route does not export: a warning naming file and key.
        'app/v2/unused/route.ts': `export const schema = { PUT: {} }\nexport function GET() { return Response.json({ ok: true }) }\n`,
      })
      // --no-typecheck: the type check has its own test (test/build/typecheck.test.ts).
      if (mode === 'start') assert.equal(runCli(['build', dir, '--no-typecheck']).status, 0)
      server = await serve(dir, { mode })
    })
    after(() => server.stop())

    it('zod, pages/api: a valid query reaches req.query parsed (a number), an invalid one answers 400 with the issues', async () => {
      const ok = await request(server.base, '/api/books?limit=5')
      assert.equal(ok.status, 200)
      assert.deepEqual(ok.json(), [{ id: 5, title: 'number' }])
      const bad = await request(server.base, '/api/books?limit=500')
      assert.equal(bad.status, 400)
      assert.match(String(bad.headers['content-type']), /^application\/json/)
      assert.deepEqual(bad.json(), { error: 'Invalid request', issues: [{ in: 'query', path: ['limit'], message: 'Too big: expected number to be <=100' }] })
    })

    it('zod, pages/api: the body is validated; methods outside the schema answer 405 with Allow', async () => {
      const bad = await request(server.base, '/api/books', { method: 'POST', headers: JSON_TYPE, body: '{"title":""}' })
      assert.equal(bad.status, 400)
      assert.deepEqual(bad.json().issues, [{ in: 'body', path: ['title'], message: 'Too small: expected string to have >=1 characters' }])
      const ok = await request(server.base, '/api/books', { method: 'POST', headers: JSON_TYPE, body: '{"title":"Dune","extra":1}' })
      assert.equal(ok.status, 201)
      assert.deepEqual(ok.json(), { id: 1, title: 'Dune' })
      const head = await request(server.base, '/api/books', { method: 'HEAD' })
      assert.equal(head.status, 200)
      const del = await request(server.base, '/api/books', { method: 'DELETE' })
      assert.equal(del.status, 405)
      assert.equal(del.headers.allow, 'GET, HEAD, POST')
    })

    it('valibot, pages/api with export const schema: params are validated and transformed, unknown query keys dropped', async () => {
      const ok = await request(server.base, '/api/authors/12?fields=name&x=1')
      assert.equal(ok.status, 200)
      assert.deepEqual(ok.json().query, { fields: 'name', id: 12 })
      const bad = await request(server.base, '/api/authors/abc')
      assert.equal(bad.status, 400)
      assert.deepEqual(bad.json(), { error: 'Invalid request', issues: [{ in: 'params', path: ['id'], message: 'Invalid format: Expected /^\\d+$/ but received "abc"' }] })
      const put = await request(server.base, '/api/authors/3', { method: 'PUT', headers: JSON_TYPE, body: '{"name":"A"}' })
      assert.equal(put.status, 400)
      assert.deepEqual(put.json().issues, [{ in: 'body', path: ['name'], message: 'Invalid length: Expected >=2 but received 1' }])
    })

    it('arktype, pages/api: a urlencoded body is validated as an object and parsed', async () => {
      const form = { 'content-type': 'application/x-www-form-urlencoded' }
      const ok = await request(server.base, '/api/ark', { method: 'POST', headers: form, body: 'name=Ann&age=42' })
      assert.deepEqual(ok.json(), { body: { name: 'Ann', age: 42 } })
      const bad = await request(server.base, '/api/ark', { method: 'POST', headers: form, body: 'name=' })
      assert.equal(bad.status, 400)
      assert.deepEqual(bad.json().issues, [{ in: 'body', path: ['name'], message: 'name must be non-empty' }])
    })

    it('zod, app route with route(): query defaults and coercion reach the context; body checked; invalid JSON is 400', async () => {
      assert.deepEqual((await request(server.base, '/v2/books')).json(), { limit: 10, type: 'number' })
      const bad = await request(server.base, '/v2/books?limit=abc')
      assert.equal(bad.status, 400)
      assert.deepEqual(bad.json().issues, [{ in: 'query', path: ['limit'], message: 'Invalid input: expected number, received NaN' }])
      const ok = await request(server.base, '/v2/books', { method: 'POST', headers: JSON_TYPE, body: '{"title":"X","tags":["a"]}' })
      assert.equal(ok.status, 201)
      assert.deepEqual(ok.json(), { id: 1, title: 'X', tags: ['a'] })
      const missing = await request(server.base, '/v2/books', { method: 'POST', headers: JSON_TYPE, body: '{}' })
      assert.equal(missing.status, 400)
      assert.deepEqual(missing.json().issues.map((i: { path: unknown }) => i.path), [['title']])
      const broken = await request(server.base, '/v2/books', { method: 'POST', headers: JSON_TYPE, body: '{bad' })
      assert.equal(broken.status, 400)
      assert.deepEqual(broken.json(), { error: 'Invalid JSON' })
      assert.equal((await request(server.base, '/v2/books', { method: 'DELETE' })).status, 204)
    })

    it('valibot, app route with export const schema: params and body issues in one answer; a valid request gets context.body', async () => {
      const ok = await request(server.base, '/v2/items/7?q=1', { method: 'PATCH', headers: JSON_TYPE, body: '{"done":true}' })
      assert.deepEqual(ok.json(), { id: '7', body: { done: true }, query: { q: '1' } })
      const bad = await request(server.base, '/v2/items/x', { method: 'PATCH', headers: JSON_TYPE, body: '{"done":1}' })
      assert.equal(bad.status, 400)
      assert.deepEqual(
        bad.json().issues.map((i: { in: string; path: unknown }) => [i.in, i.path]),
        [
          ['params', ['id']],
          ['body', ['done']],
        ],
      )
    })

    it('arktype, app route: a parsed query value; the server keeps serving after bad input', async () => {
      assert.deepEqual((await request(server.base, '/v2/ark?n=41')).json(), { n: 42 })
      const bad = await request(server.base, '/v2/ark?n=x')
      assert.equal(bad.status, 400)
      assert.equal(bad.json().issues[0].path[0], 'n')
      assert.deepEqual((await request(server.base, '/v2/ark?n=1')).json(), { n: 2 })
    })

    it('a schema for a method the route does not export is a warning naming the file and key', async () => {
      assert.deepEqual((await request(server.base, '/v2/unused')).json(), { ok: true })
      await server.waitForLog('app/v2/unused/route.ts: `schema.PUT` is for a method the route does not export')
    })
  })
}

cases('start')
cases('dev')
