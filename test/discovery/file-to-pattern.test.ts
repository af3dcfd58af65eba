import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { appFileToPattern, pagesFileToPattern } from '../../src/discovery/file-to-pattern.ts'

describe('pages file names', () => {
  it('maps files and index files to URLs', () => {
    assert.equal(pagesFileToPattern('api/start.ts'), '/api/start')
    assert.equal(pagesFileToPattern('api/index.js'), '/api')
    assert.equal(pagesFileToPattern('api/authors/index.tsx'), '/api/authors')
    assert.equal(pagesFileToPattern('api/authors/[id].mjs'), '/api/authors/[id]')
    assert.equal(pagesFileToPattern('api/store/[...gadgets].cjs'), '/api/store/[...gadgets]')
  })

  it('ignores declarations, tests, other extensions and pages outside api/', () => {
    assert.equal(pagesFileToPattern('api/types.d.ts'), null)
    assert.equal(pagesFileToPattern('api/start.test.ts'), null)
    assert.equal(pagesFileToPattern('api/start.spec.js'), null)
    assert.equal(pagesFileToPattern('api/__tests__/x.ts'), null)
    assert.equal(pagesFileToPattern('api/readme.md'), null)
    assert.equal(pagesFileToPattern('about.tsx'), null)
  })
})

describe('app route file names', () => {
  it('maps route files to their folder, dropping groups and slots', () => {
    assert.equal(appFileToPattern('route.ts'), '/')
    assert.equal(appFileToPattern('v2/items/[id]/route.js'), '/v2/items/[id]')
    assert.equal(appFileToPattern('(shop)/cart/route.ts'), '/cart')
    assert.equal(appFileToPattern('@modal/x/route.ts'), '/x')
  })

  it('skips private folders and non-route files', () => {
    assert.equal(appFileToPattern('_lib/x/route.ts'), null)
    assert.equal(appFileToPattern('v2/page.tsx'), null)
    assert.equal(appFileToPattern('v2/router.ts'), null)
  })
})
