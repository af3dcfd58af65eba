// Which file of a conflicting pair an error names first follows the order Next.js discovers
// route files in (src/routes/discovery-order.ts). Each case is a pair of files Next.js 16
// refused, with the message `next build` printed (test/fixtures/next-conflicts/recorded.json);
// the files are written to a real folder and found and validated as `slugline build` does.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { findRouteFiles } from '../../src/discovery/find-route-files.ts'
import { SluglineError } from '../../src/errors.ts'
import { createRouteTable } from '../../src/routes/create-route-table.ts'
import { compareDiscoveryOrder } from '../../src/routes/discovery-order.ts'
import { repoRoot } from '../helpers/app-server.ts'

interface Recorded {
  cases: Array<{ files: string[]; message: string }>
}
const recorded: Recorded = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/next-conflicts/recorded.json'), 'utf8'))
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-conflicts-'))
after(() => fs.rmSync(root, { recursive: true, force: true }))

describe('conflict messages name the pair in the order next build does', () => {
  recorded.cases.forEach((c, i) => {
    it(c.files.join(' + '), () => {
      const dir = path.join(root, String(i))
      for (const f of c.files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
        fs.writeFileSync(path.join(dir, f), 'export default function h(req, res) { res.json({}) }\n')
      }
      assert.throws(
        () => createRouteTable(findRouteFiles(dir)),
        (err: unknown) => {
          assert.ok(err instanceof SluglineError, String(err))
          assert.equal(err.message.split('\n')[0], c.message)
          assert.deepEqual([...err.files].sort(), [...c.files].sort())
          return true
        },
      )
    })
  })
})

describe('compareDiscoveryOrder', () => {
  it('files of a folder first, in order, then its subfolders in reverse order, depth first', () => {
    const files = ['pages/api/b.ts', 'pages/api/a.ts', 'pages/api/[id]/x.ts', 'pages/api/z/y.ts', 'pages/api/[[...s]]/index.ts', 'app/v/route.ts', 'pages/api/z/[q].ts']
    assert.deepEqual(files.sort(compareDiscoveryOrder), [
      'pages/api/a.ts',
      'pages/api/b.ts',
      'pages/api/z/[q].ts',
      'pages/api/z/y.ts',
      'pages/api/[id]/x.ts',
      'pages/api/[[...s]]/index.ts',
      'app/v/route.ts',
    ])
  })
})
