// The examples/library app, built and served by the real CLI from a temp copy, driven over
// HTTP: seeded data, create/read/update/delete, input errors naming their field, 404 and 405
// answers, catch-all routes, and data that survives a restart on the same SQLite file.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyApp, repoRoot, runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request, type RawResponse } from '../helpers/http.ts'

const exampleDir = path.join(repoRoot, 'examples', 'library')

/** A copy of the example without what a local run leaves in it (build output, the database). */
function copyExample(): string {
  const dir = copyApp(exampleDir)
  for (const name of fs.readdirSync(dir)) {
    if (name === '.slugline' || name === 'data' || name === 'node_modules' || /\.db(-wal|-shm|-journal)?$/.test(name)) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true })
    }
  }
  // In the repo, better-sqlite3 resolves from the root node_modules; the copy gets a link to it,
  // as an app of its own would have its own node_modules.
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

function send(base: string, method: string, url: string, body?: unknown): Promise<RawResponse> {
  if (body === undefined) return request(base, url, { method })
  return request(base, url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

function assertFieldError(r: RawResponse, status: number, field: string): void {
  assert.equal(r.status, status, r.body)
  assert.match(String(r.headers['content-type']), /^application\/json/)
  const body = r.json()
  assert.equal(body.field, field)
  assert.equal(typeof body.error, 'string')
  assert.ok(body.error.length > 0)
}

describe('examples/library', () => {
  let dir: string
  let dbDir: string
  let dbFile: string
  let server: RunningServer
  let base: string
  // The author this suite creates, then updates and gives a book; checked again after a restart.
  let createdId: number
  let bookId: number

  before(async () => {
    // Nothing may come from the developer's shell: the .env case relies on the variable being unset.
    delete process.env.LIBRARY_DB_PATH
    dir = copyExample()
    dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-library-db-'))
    // A folder that does not exist yet: the app must create it.
    dbFile = path.join(dbDir, 'nested', 'library.db')
    // --no-typecheck: the copy's tsconfig paths point back into the repo (test/build/typecheck.test.ts covers the check).
    const built = runCli(['build', dir, '--no-typecheck'])
    assert.equal(built.status, 0, `build failed:\n${built.stdout}\n${built.stderr}`)
    server = await serve(dir, { env: { LIBRARY_DB_PATH: dbFile } })
    base = server.base
  })

  after(async () => {
    await server?.stop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
    if (dbDir) fs.rmSync(dbDir, { recursive: true, force: true })
  })

  test('the build and the start import the handlers without opening the database', () => {
    assert.equal(fs.existsSync(dbFile), false)
    assert.equal(fs.existsSync(path.join(dir, 'data')), false)
  })

  test('GET /api/start answers with the seeded counts and creates the database', async () => {
    const r = await send(base, 'GET', '/api/start')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { message: 'Request successful', authors: 3, books: 7 })
    assert.ok(fs.existsSync(dbFile))
  })

  test('GET /api/authors lists the seed by name with book counts', async () => {
    const r = await send(base, 'GET', '/api/authors')
    assert.equal(r.status, 200)
    const { authors } = r.json()
    assert.deepEqual(
      authors.map((a: { name: string; born: number; books: number }) => [a.name, a.born, a.books]),
      [
        ['Italo Calvino', 1923, 2],
        ['Octavia E. Butler', 1947, 2],
        ['Ursula K. Le Guin', 1929, 3],
      ],
    )
    for (const a of authors) assert.ok(Number.isInteger(a.id) && a.id > 0)
  })

  test('?q= filters by name, in any case, with % and _ taken literally', async () => {
    const names = async (q: string) =>
      (await send(base, 'GET', `/api/authors?q=${encodeURIComponent(q)}`)).json().authors.map((a: { name: string }) => a.name)
    assert.deepEqual(await names('LE GU'), ['Ursula K. Le Guin'])
    assert.deepEqual(await names('e'), ['Octavia E. Butler', 'Ursula K. Le Guin'])
    assert.deepEqual(await names('%'), [])
    assert.deepEqual(await names('_'), [])
    assertFieldError(await send(base, 'GET', '/api/authors?q=a&q=b'), 400, 'q')
  })

  test('POST /api/authors creates an author: 201, Location, then readable by id', async () => {
    const r = await send(base, 'POST', '/api/authors', { name: '  Jorge Luis Borges ', born: 1899 })
    assert.equal(r.status, 201, r.body)
    const author = r.json()
    assert.deepEqual({ ...author, id: 0 }, { id: 0, name: 'Jorge Luis Borges', born: 1899 })
    createdId = author.id
    assert.equal(r.headers.location, `/api/authors/${createdId}`)

    const got = await send(base, 'GET', `/api/authors/${createdId}`)
    assert.equal(got.status, 200)
    assert.deepEqual(got.json(), author)

    const noBirthYear = await send(base, 'POST', '/api/authors', { name: 'Anonymous' })
    assert.equal(noBirthYear.status, 201)
    assert.equal(noBirthYear.json().born, null)
  })

  test('POST /api/authors/:id creates the author under that id, 409 when it exists', async () => {
    const r = await send(base, 'POST', '/api/authors/900', { name: 'Stanisław Lem', born: 1921 })
    assert.equal(r.status, 201, r.body)
    assert.deepEqual(r.json(), { id: 900, name: 'Stanisław Lem', born: 1921 })
    assert.equal(r.headers.location, '/api/authors/900')
    assert.deepEqual((await send(base, 'GET', '/api/authors/900')).json(), { id: 900, name: 'Stanisław Lem', born: 1921 })

    const again = await send(base, 'POST', '/api/authors/900', { name: 'Someone Else' })
    assert.equal(again.status, 409)
    assert.deepEqual(again.json(), { error: 'Author 900 already exists' })
    assertFieldError(await send(base, 'POST', '/api/authors/901', { born: 1900 }), 400, 'name')
    assertFieldError(await send(base, 'POST', '/api/authors/abc', { name: 'A' }), 400, 'id')
    assert.equal((await send(base, 'DELETE', '/api/authors/900')).status, 204)
  })

  test('POST /api/authors with bad input answers 400 naming the field', async () => {
    assertFieldError(await send(base, 'POST', '/api/authors', {}), 400, 'name')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: '   ' }), 400, 'name')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: 42 }), 400, 'name')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: null }), 400, 'name')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: 'x'.repeat(201) }), 400, 'name')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: 'A', born: '1900' }), 400, 'born')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: 'A', born: 1900.5 }), 400, 'born')
    assertFieldError(await send(base, 'POST', '/api/authors', { name: 'A', born: 99999 }), 400, 'born')
    assertFieldError(await send(base, 'POST', '/api/authors', ['name']), 400, 'body')
    // Not JSON at all: a text body and a form body reach the handler, which refuses them.
    const text = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"name":"A"}' }
    assertFieldError(await request(base, '/api/authors', text), 400, 'body')
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=A' }
    assertFieldError(await request(base, '/api/authors', form), 400, 'body')
    // JSON that does not parse is refused by the body parser before the handler, as in Next.js.
    const broken = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }
    const r = await request(base, '/api/authors', broken)
    assert.equal(r.status, 400)
    assert.equal(r.body, 'Invalid JSON')
    // None of these wrote anything: the seed, Borges and Anonymous.
    assert.equal((await send(base, 'GET', '/api/start')).json().authors, 5)
  })

  test('an id that is not a positive integer is a 400 naming `id`', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
      assertFieldError(await send(base, 'GET', `/api/authors/${id}`), 400, 'id')
    }
    assertFieldError(await send(base, 'PUT', '/api/authors/abc', { name: 'A' }), 400, 'id')
    assertFieldError(await send(base, 'DELETE', '/api/authors/abc'), 400, 'id')
    assertFieldError(await send(base, 'GET', '/api/authors/abc/books'), 400, 'id')
  })

  test('an unknown author is a 404 with a JSON error', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/authors/424242', undefined],
      ['PUT', '/api/authors/424242', { name: 'Nobody' }],
      ['DELETE', '/api/authors/424242', undefined],
      ['GET', '/api/authors/424242/books', undefined],
      ['POST', '/api/authors/424242/books', { title: 'T' }],
    ] as const) {
      const r = await send(base, method, url, body)
      assert.equal(r.status, 404, `${method} ${url}`)
      assert.deepEqual(r.json(), { error: 'Author 424242 not found' })
    }
  })

  test('PUT /api/authors/:id replaces the fields', async () => {
    const r = await send(base, 'PUT', `/api/authors/${createdId}`, { name: 'J. L. Borges', born: 1899 })
    assert.equal(r.status, 200, r.body)
    assert.deepEqual(r.json(), { id: createdId, name: 'J. L. Borges', born: 1899 })
    assert.deepEqual((await send(base, 'GET', `/api/authors/${createdId}`)).json(), r.json())
    assertFieldError(await send(base, 'PUT', `/api/authors/${createdId}`, { born: 1899 }), 400, 'name')
    assertFieldError(await send(base, 'PUT', `/api/authors/${createdId}`, { name: 'B', born: true }), 400, 'born')
    // The rejected updates changed nothing.
    assert.equal((await send(base, 'GET', `/api/authors/${createdId}`)).json().name, 'J. L. Borges')
  })

  test('books: list in year order, add one, bad input names the field', async () => {
    const calvino = (await send(base, 'GET', '/api/authors?q=calvino')).json().authors[0]
    const list = await send(base, 'GET', `/api/authors/${calvino.id}/books`)
    assert.equal(list.status, 200)
    const { author, books } = list.json()
    assert.deepEqual(author, { id: calvino.id, name: 'Italo Calvino', born: 1923 })
    assert.deepEqual(
      books.map((b: { title: string; year: number; authorId: number }) => [b.title, b.year, b.authorId]),
      [
        ['Invisible Cities', 1972, calvino.id],
        ["If on a winter's night a traveler", 1979, calvino.id],
      ],
    )

    const added = await send(base, 'POST', `/api/authors/${createdId}/books`, { title: 'Ficciones', year: 1944 })
    assert.equal(added.status, 201, added.body)
    const book = added.json()
    assert.deepEqual({ ...book, id: 0 }, { id: 0, authorId: createdId, title: 'Ficciones', year: 1944 })
    bookId = book.id
    const undated = await send(base, 'POST', `/api/authors/${createdId}/books`, { title: 'The Aleph' })
    assert.equal(undated.status, 201)
    const afterAdd = (await send(base, 'GET', `/api/authors/${createdId}/books`)).json().books
    assert.deepEqual(
      afterAdd.map((b: { title: string; year: number | null }) => [b.title, b.year]),
      [
        ['Ficciones', 1944],
        ['The Aleph', null],
      ],
    )

    assertFieldError(await send(base, 'POST', `/api/authors/${createdId}/books`, { year: 1949 }), 400, 'title')
    assertFieldError(await send(base, 'POST', `/api/authors/${createdId}/books`, { title: '' }), 400, 'title')
    assertFieldError(await send(base, 'POST', `/api/authors/${createdId}/books`, { title: 'X', year: 'soon' }), 400, 'year')
  })

  test('other methods are 405 with an Allow header', async () => {
    for (const [method, url, allow] of [
      ['PATCH', `/api/authors/${createdId}`, 'GET, POST, PUT, DELETE'],
      ['OPTIONS', `/api/authors/${createdId}`, 'GET, POST, PUT, DELETE'],
      ['DELETE', '/api/authors', 'GET, POST'],
      ['PUT', `/api/authors/${createdId}/books`, 'GET, POST'],
      ['POST', '/api/start', 'GET'],
      ['DELETE', '/api/store/phones', 'GET'],
      ['POST', '/api/shop', 'GET'],
    ] as const) {
      const r = await send(base, method, url)
      assert.equal(r.status, 405, `${method} ${url}`)
      assert.equal(r.headers.allow, allow, `${method} ${url}`)
      assert.deepEqual(r.json(), { error: `Method ${method} not allowed` })
    }
  })

  test('DELETE /api/authors/:id answers 204 and removes the author with their books', async () => {
    const butler = (await send(base, 'GET', '/api/authors?q=butler')).json().authors[0]
    const counts = (await send(base, 'GET', '/api/start')).json()
    const r = await send(base, 'DELETE', `/api/authors/${butler.id}`)
    assert.equal(r.status, 204)
    assert.equal(r.body, '')
    assert.equal((await send(base, 'GET', `/api/authors/${butler.id}`)).status, 404)
    assert.equal((await send(base, 'DELETE', `/api/authors/${butler.id}`)).status, 404)
    assert.deepEqual((await send(base, 'GET', '/api/start')).json(), {
      message: 'Request successful',
      authors: counts.authors - 1,
      books: counts.books - 2,
    })
  })

  test('store/[...gadgets]: the path after /api/store as an array', async () => {
    const r = await send(base, 'GET', '/api/store/phones/iphones')
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), {
      gadgets: ['phones', 'iphones'],
      category: 'iphones',
      breadcrumb: ['/api/store/phones', '/api/store/phones/iphones'],
    })
    // Segments arrive decoded and the breadcrumb encodes them again; the path beats the query.
    const spaced = await send(base, 'GET', '/api/store/smart%20watches/a%2Fb?gadgets=zzz')
    assert.deepEqual(spaced.json(), {
      gadgets: ['smart watches', 'a/b'],
      category: 'a/b',
      breadcrumb: ['/api/store/smart%20watches', '/api/store/smart%20watches/a%2Fb'],
    })
    // A catch-all needs at least one segment.
    const root = await send(base, 'GET', '/api/store')
    assert.equal(root.status, 404)
    assert.deepEqual(root.json(), { error: 'Not Found' })
  })

  test('shop/[[...slug]]: matches its root and any depth below it', async () => {
    const root = await send(base, 'GET', '/api/shop')
    assert.equal(root.status, 200)
    assert.deepEqual(root.json(), { page: 'shop home', slug: [], query: {} })
    const deep = await send(base, 'GET', '/api/shop/a/b')
    assert.equal(deep.status, 200)
    assert.deepEqual(deep.json(), { page: 'a / b', slug: ['a', 'b'], query: { slug: ['a', 'b'] } })
    // At the root, a query parameter of the same name is left alone (Next.js does the same),
    // and it is not a path.
    const query = await send(base, 'GET', '/api/shop?slug=q&sort=price')
    assert.deepEqual(query.json(), { page: 'shop home', slug: [], query: { slug: 'q', sort: 'price' } })
  })

  test('app/api/health/route.ts (next/server) answers beside the pages routes', async () => {
    const r = await send(base, 'GET', '/api/health')
    assert.equal(r.status, 200, r.body)
    const counts = (await send(base, 'GET', '/api/start')).json()
    assert.deepEqual(r.json(), { ok: true, authors: counts.authors, books: counts.books })
    const post = await send(base, 'POST', '/api/health')
    assert.equal(post.status, 405)
  })

  test('app/api/books/export streams every book as NDJSON, page by page', async () => {
    const counts = (await send(base, 'GET', '/api/start')).json()
    for (const pageSize of [1, 3, 1000]) {
      const r = await send(base, 'GET', `/api/books/export?pageSize=${pageSize}`)
      assert.equal(r.status, 200)
      assert.match(String(r.headers['content-type']), /^application\/x-ndjson/)
      assert.equal(r.headers['transfer-encoding'], pageSize === 1000 ? undefined : 'chunked')
      const rows = r.body.trim().split('\n').map((line) => JSON.parse(line))
      assert.equal(rows.length, counts.books)
      assert.deepEqual(rows.map((b) => b.id), [...rows.map((b) => b.id)].sort((a, b) => a - b))
      assert.ok(rows.every((b) => typeof b.title === 'string' && typeof b.authorId === 'number'))
    }
    assertFieldError(await send(base, 'GET', '/api/books/export?pageSize=0'), 400, 'pageSize')
  })

  test('what was written survives a restart on the same database file', async () => {
    const beforeStop = (await send(base, 'GET', '/api/authors')).json().authors
    assert.equal(await server.stop(), 0)
    server = await serve(dir, { env: { LIBRARY_DB_PATH: dbFile } })
    base = server.base

    assert.deepEqual((await send(base, 'GET', '/api/authors')).json().authors, beforeStop)
    assert.deepEqual((await send(base, 'GET', `/api/authors/${createdId}`)).json(), {
      id: createdId,
      name: 'J. L. Borges',
      born: 1899,
    })
    const books = (await send(base, 'GET', `/api/authors/${createdId}/books`)).json().books
    assert.equal(books[0].id, bookId)
    assert.deepEqual(
      books.map((b: { title: string }) => b.title),
      ['Ficciones', 'The Aleph'],
    )
    // The seed ran once: the deleted author did not come back.
    assert.deepEqual((await send(base, 'GET', '/api/authors?q=butler')).json().authors, [])
  })

  test('without LIBRARY_DB_PATH in the environment, .env puts the database under the app folder', async () => {
    const other = await serve(dir)
    try {
      const r = await send(other.base, 'GET', '/api/start')
      assert.deepEqual(r.json(), { message: 'Request successful', authors: 3, books: 7 })
      assert.ok(fs.existsSync(path.join(dir, 'data', 'library.db')))
    } finally {
      assert.equal(await other.stop(), 0)
    }
  })
})
