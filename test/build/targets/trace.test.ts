// Where a file @vercel/nft traced lands in a deploy output: under node_modules/ as the package
// sits in the app's (npm's nested layout kept, pnpm's store flattened), the app's own files at
// their place in the app, anything else left out.
import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { placeTracedFile } from '../../../src/build/targets/trace.ts'

const app = path.join(path.sep, 'srv', 'app')
const p = (...parts: string[]) => path.join(...parts)

describe('placeTracedFile', () => {
  it('keeps a package where Node looks it up from the build', () => {
    assert.equal(placeTracedFile(p(app, 'node_modules', 'bindings', 'bindings.js'), app), p('node_modules', 'bindings', 'bindings.js'))
    assert.equal(placeTracedFile(p(app, 'node_modules', '@scope', 'pkg', 'index.js'), app), p('node_modules', '@scope', 'pkg', 'index.js'))
  })

  it("keeps npm's nested copies nested", () => {
    assert.equal(
      placeTracedFile(p(app, 'node_modules', 'a', 'node_modules', 'b', 'index.js'), app),
      p('node_modules', 'a', 'node_modules', 'b', 'index.js'),
    )
  })

  it('places a package found through a link to another folder (a workspace root) the same way', () => {
    assert.equal(placeTracedFile(p(path.sep, 'repo', 'node_modules', 'better-sqlite3', 'package.json'), app), p('node_modules', 'better-sqlite3', 'package.json'))
  })

  it("flattens pnpm's store to the package itself", () => {
    const stored = p(app, 'node_modules', '.pnpm', 'better-sqlite3@12.1.0', 'node_modules', 'better-sqlite3', 'build', 'Release', 'x.node')
    assert.equal(placeTracedFile(stored, app), p('node_modules', 'better-sqlite3', 'build', 'Release', 'x.node'))
  })

  it("keeps the app's own files relative to the app, and leaves out the rest", () => {
    assert.equal(placeTracedFile(p(app, 'data', 'countries.json'), app), p('data', 'countries.json'))
    assert.equal(placeTracedFile(p(path.sep, 'etc', 'hosts'), app), null)
  })
})
