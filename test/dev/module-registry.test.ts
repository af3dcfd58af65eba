// The dev module registry on its own: which modules an edit drops (the file and everything that
// imports it, nothing else), that a dropped module really is freed, and the module features a
// file compiled alone to CommonJS still has. (Import semantics against `start`, which need Node
// without tsx's loader, are checked through the real CLI in same-as-start.test.ts.)
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { pathToFileURL } from 'node:url'
import { describe, it } from 'node:test'
import { ModuleRegistry } from '../../src/dev/module-registry.ts'
import { writeApp } from './dev-app.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function load(registry: ModuleRegistry, file: string): Promise<any> {
  await registry.prepare(file)
  const failure = registry.compileFailure(file)
  if (failure) throw failure.error
  return registry.require(file)
}

describe('dev module registry', () => {
  it('drops an edited module and its importers, and keeps every other instance', async () => {
    const dir = writeApp({
      'route-a.ts': "import { b } from './b'\nexport const a = () => 'a' + b()\n",
      'b.ts': "import { c } from './c'\nexport const b = () => 'b' + c.id\n",
      'c.ts': 'export const c = { id: Math.random() }\n',
      'route-d.ts': "import { c } from './c'\nexport const d = () => c.id\n",
    })
    const registry = new ModuleRegistry({ dir })
    const f = (n: string) => path.join(dir, n)
    await load(registry, f('route-a.ts'))
    const d = await load(registry, f('route-d.ts'))
    const cBefore = registry.instance(f('c.ts'))
    const dBefore = registry.instance(f('route-d.ts'))

    registry.changed(f('b.ts'))
    assert.equal(registry.instance(f('b.ts')), null)
    assert.equal(registry.instance(f('route-a.ts')), null)
    assert.equal(registry.instance(f('c.ts')), cBefore)
    assert.equal(registry.instance(f('route-d.ts')), dBefore)

    fs.writeFileSync(f('b.ts'), "import { c } from './c'\nexport const b = () => 'B' + c.id\n")
    const a = await load(registry, f('route-a.ts'))
    // The new b, and the same c (same random id) as route-d sees.
    assert.equal(a.a(), 'aB' + d.d())
    assert.equal(registry.instance(f('c.ts')), cBefore)
  })

  it('frees the modules an edit drops', async () => {
    const dir = writeApp({ 'route.ts': 'export const payload = new Array(1000).fill(0)\n' })
    const registry = new ModuleRegistry({ dir })
    const file = path.join(dir, 'route.ts')
    const refs: WeakRef<object>[] = []
    for (let i = 0; i < 5; i++) {
      refs.push(new WeakRef((await load(registry, file)).payload))
      registry.changed(file)
    }
    // A WeakRef holds its target until the current job ends: let it end before collecting.
    await new Promise((r) => setImmediate(r))
    gc()
    assert.deepEqual(
      refs.map((r) => r.deref() === undefined),
      [true, true, true, true, true],
    )
  })

  it('supports import.meta, dynamic import of app files, JSON and CommonJS modules', async () => {
    const dir = writeApp({
      'data.json': '{ "n": 3 }\n',
      'legacy.cjs': "module.exports = function legacy() { return 'legacy' }\n",
      'lazy.ts': "export const lazy = 'lazy'\n",
      'route.ts': `import data from './data.json'
import legacy from './legacy.cjs'
export const url = import.meta.url
export const dirname = import.meta.dirname
export const n = data.n
export const fromCjs = legacy()
export const later = () => import('./lazy').then((m) => m.lazy)
`,
    })
    const registry = new ModuleRegistry({ dir })
    const file = path.join(dir, 'route.ts')
    const m = await load(registry, file)
    assert.equal(m.url, pathToFileURL(file).href)
    assert.equal(m.dirname, dir)
    assert.equal(m.n, 3)
    assert.equal(m.fromCjs, 'legacy')
    assert.equal(await m.later(), 'lazy')
  })

  it('recompiles an edit with the imports it had, and resolves the imports an edit adds', async () => {
    const dir = writeApp({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./lib/*"] } } }\n',
      'lib/one.ts': "export const one = 'one'\n",
      'lib/two.ts': "export const two = 'two'\n",
      'route.ts': "import { one } from '@/one'\nexport const value = () => one\n",
    })
    const registry = new ModuleRegistry({ dir })
    const file = path.join(dir, 'route.ts')
    assert.equal((await load(registry, file)).value(), 'one')
    const oneInstance = registry.instance(path.join(dir, 'lib/one.ts'))

    // Same imports: relinked to the same lib/one.ts instance.
    fs.writeFileSync(file, "import { one } from '@/one'\nexport const value = () => one + '!'\n")
    registry.changed(file)
    assert.equal((await load(registry, file)).value(), 'one!')
    assert.equal(registry.instance(path.join(dir, 'lib/one.ts')), oneInstance)

    // A new import: resolved, and the new module loaded.
    fs.writeFileSync(file, "import { one } from '@/one'\nimport { two } from '@/two'\nexport const value = () => one + two\n")
    registry.changed(file)
    assert.equal((await load(registry, file)).value(), 'onetwo')
    assert.ok(registry.has(path.join(dir, 'lib/two.ts')))
  })

  it('keeps a failure on its record until the file changes', async () => {
    const dir = writeApp({ 'route.ts': 'export const x = (\n' })
    const errors: string[] = []
    const registry = new ModuleRegistry({ dir, onCompileError: (file) => errors.push(path.basename(file)) })
    const file = path.join(dir, 'route.ts')
    await registry.prepare(file)
    await registry.prepare(file)
    assert.equal(registry.compileFailure(file)?.error.messages[0]?.location?.line, 2)
    assert.deepEqual(errors, ['route.ts'])
    fs.writeFileSync(file, 'export const x = 1\n')
    registry.changed(file)
    assert.equal((await load(registry, file)).x, 1)
  })
})
