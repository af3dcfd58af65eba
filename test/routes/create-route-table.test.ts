import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SluglineError } from '../../src/errors.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import type { RouteFile } from '../../src/routes/types.ts'

/** Route files from `pages/api` paths such as `authors/[id].ts`. */
function pages(...rels: string[]): RouteFile[] {
  return rels.map((rel) => {
    const parts = rel.replace(/\.[jt]s$/, '').split('/')
    if (parts.at(-1) === 'index') parts.pop()
    return { file: `pages/api/${rel}`, pattern: '/' + ['api', ...parts].join('/'), source: 'pages' as const }
  })
}

function rejects(files: RouteFile[], message: string, names: string[]): void {
  assert.throws(
    () => createRouteTable(files),
    (err: unknown) => {
      assert.ok(err instanceof SluglineError)
      assert.ok(err.message.includes(message), `message was: ${err.message}`)
      for (const n of names) assert.ok(err.files.includes(n), `files ${err.files} lack ${n}`)
      return true
    },
  )
}

describe('route table order', () => {
  it('sorts static before dynamic before catch-all before optional catch-all, level by level', () => {
    const table = createRouteTable(
      pages('[[...all]].ts', 'store/[...gadgets].ts', 'store/featured.ts', 'authors/[id].ts', 'authors/new.ts', 'authors/index.ts', 'start.ts'),
    )
    assert.deepEqual(
      table.map((r) => r.pattern),
      ['/api/authors', '/api/authors/new', '/api/authors/[id]', '/api/start', '/api/store/featured', '/api/store/[...gadgets]', '/api/[[...all]]'],
    )
  })

  it('puts a level’s own route before its children', () => {
    const table = createRouteTable(pages('a/b.ts', 'a/index.ts', 'index.ts'))
    assert.deepEqual(table.map((r) => r.pattern), ['/api', '/api/a', '/api/a/b'])
  })

  it('classifies kinds and lists params in URL order', () => {
    const table = createRouteTable(pages('p/[pid]/[...rest].ts', 'q/[[...slug]].ts', 's.ts', 'd/[a]/x/[b].ts'))
    const byPattern = Object.fromEntries(table.map((r) => [r.pattern, r]))
    assert.equal(byPattern['/api/s'].kind, 'static')
    assert.equal(byPattern['/api/d/[a]/x/[b]'].kind, 'dynamic')
    assert.deepEqual(byPattern['/api/d/[a]/x/[b]'].params, ['a', 'b'])
    assert.equal(byPattern['/api/p/[pid]/[...rest]'].kind, 'catch-all')
    assert.deepEqual(byPattern['/api/p/[pid]/[...rest]'].params, ['pid', 'rest'])
    assert.equal(byPattern['/api/q/[[...slug]]'].kind, 'optional catch-all')
  })
})

describe('route table conflicts (Next.js messages, naming the files)', () => {
  it('different slug names at one level', () => {
    rejects(pages('x/[id].ts', 'x/[slug]/y.ts'), `You cannot use different slug names for the same dynamic path ('id' !== 'slug').`, [
      'pages/api/x/[id].ts',
      'pages/api/x/[slug]/y.ts',
    ])
  })

  it('the same slug name twice in one path', () => {
    rejects(pages('[id]/[id].ts'), 'You cannot have the same slug name "id" repeat within a single dynamic path', ['pages/api/[id]/[id].ts'])
  })

  it('slug names that differ only by non-word symbols', () => {
    rejects(pages('[a-b]/[ab].ts'), 'You cannot have the slug names "a-b" and "ab" differ only by non-word symbols within a single dynamic path', [
      'pages/api/[a-b]/[ab].ts',
    ])
  })

  it('a catch-all that is not last', () => {
    rejects(pages('[...a]/b.ts'), 'Catch-all must be the last part of the URL.', ['pages/api/[...a]/b.ts'])
  })

  it('a route with the same specificity as an optional catch-all', () => {
    rejects(
      pages('x.ts', 'x/[[...slug]].ts'),
      'You cannot define a route with the same specificity as a optional catch-all route ("/api/x" and "/api/x[[...slug]]").',
      ['pages/api/x.ts', 'pages/api/x/[[...slug]].ts'],
    )
  })

  it('required and optional catch-alls at one level', () => {
    rejects(pages('[...a].ts', '[[...b]].ts'), 'You cannot use both an required and optional catch-all route at the same level ("[...a]" and "[[...b]]" ).', [
      'pages/api/[...a].ts',
      'pages/api/[[...b]].ts',
    ])
    // Files are inserted in Next.js's discovery order (a folder's files before its
    // subfolders), so here `[[...b]]` comes first, as next build names it, whatever order the
    // file system lists them in (test/routes/next-conflict-order.test.ts).
    rejects(pages('z/[...a]/index.ts', 'z/[[...b]].ts'), 'You cannot use both an optional and required catch-all route at the same level ("[[...b]]" and "[...a]").', [
      'pages/api/z/[[...b]].ts',
      'pages/api/z/[...a]/index.ts',
    ])
  })

  it('extra brackets, erroneous periods, optional non-catch-all params, the ellipsis character', () => {
    rejects(pages('[[...[id]]].ts'), "Segment names may not start or end with extra brackets ('[id]').", ['pages/api/[[...[id]]].ts'])
    rejects(pages('[.id].ts'), "Segment names may not start with erroneous periods ('.id').", ['pages/api/[.id].ts'])
    rejects(pages('[[id]].ts'), 'Optional route parameters are not yet supported ("[[id]]").', ['pages/api/[[id]].ts'])
    rejects(pages('[…all].ts'), "Detected a three-dot character ('…') at ('…all'). Did you mean ('...')?", ['pages/api/[…all].ts'])
  })

  it('two files for one URL', () => {
    rejects(pages('a.ts', 'a/index.ts'), 'Duplicate page detected. pages/api/a.ts and pages/api/a/index.ts resolve to /api/a.', [
      'pages/api/a.ts',
      'pages/api/a/index.ts',
    ])
  })

  it('a pages/api file and an app route file for one URL', () => {
    const files: RouteFile[] = [...pages('x.ts'), { file: 'app/api/x/route.ts', pattern: '/api/x', source: 'app' }]
    rejects(files, 'Conflicting app and page file', ['pages/api/x.ts', 'app/api/x/route.ts'])
  })
})
