// `slugline routes DIR` prints the route table from the sources: one line per route with its
// pattern, its kind and its file; declaration and test files are not routes.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, type CliResult } from '../helpers/app-server.ts'

const HANDLER = `export default function handler(req: any, res: any) { res.status(200).json({ ok: true }) }\n`

/** `text` as a whole word of `line`: `/api/authors/[id]` does not match `/api/authors/[id]/books`. */
function hasWord(line: string, text: string): boolean {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[\\s(])${escaped}($|[\\s),])`).test(line)
}

const routes = [
  { file: 'pages/api/index.ts', pattern: '/api', kind: 'static' },
  { file: 'pages/api/health.ts', pattern: '/api/health', kind: 'static' },
  { file: 'pages/api/authors/[id].ts', pattern: '/api/authors/[id]', kind: 'dynamic' },
  { file: 'pages/api/authors/[id]/books.js', pattern: '/api/authors/[id]/books', kind: 'dynamic' },
  { file: 'pages/api/files/[...path].ts', pattern: '/api/files/[...path]', kind: 'catch-all' },
  { file: 'pages/api/docs/[[...slug]].tsx', pattern: '/api/docs/[[...slug]]', kind: 'optional catch-all' },
]

describe('slugline routes', () => {
  let dir: string
  let result: CliResult

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-routes-'))
    const files = [...routes.map((r) => r.file), 'pages/api/types.d.ts', 'pages/api/health.test.ts']
    for (const rel of files) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
      fs.writeFileSync(path.join(dir, rel), rel.endsWith('.d.ts') ? 'export {}\n' : HANDLER)
    }
    result = runCli(['routes', dir])
  })

  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('exits 0 without building', () => {
    assert.equal(result.status, 0, result.stderr)
    assert.ok(!fs.existsSync(path.join(dir, '.slugline')), 'routes wrote a build')
  })

  for (const route of routes) {
    it(`prints ${route.pattern} as ${route.kind} from ${route.file}`, () => {
      const lines = result.stdout.split('\n').filter((l) => hasWord(l, route.file))
      assert.equal(lines.length, 1, `expected one line naming ${route.file}:\n${result.stdout}`)
      const [line] = lines
      assert.ok(hasWord(line, route.pattern), `pattern missing: ${line}`)
      assert.ok(line.includes(route.kind), `kind missing: ${line}`)
      // A line names its own kind only ("optional catch-all" contains "catch-all", hence the check).
      if (route.kind === 'catch-all') assert.ok(!line.includes('optional'), line)
      for (const other of ['static', 'dynamic'].filter((k) => k !== route.kind)) {
        assert.ok(!hasWord(line, other), `${other} in: ${line}`)
      }
    })
  }

  it('prints no line for .d.ts or *.test.ts files', () => {
    assert.ok(!result.stdout.includes('types.d.ts'), result.stdout)
    assert.ok(!result.stdout.includes('health.test'), result.stdout)
    const routeLines = result.stdout.split('\n').filter((l) => l.includes('pages/api/'))
    assert.equal(routeLines.length, routes.length, result.stdout)
  })
})
