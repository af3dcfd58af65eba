// The packed tarball's types, in the projects a user would install it into (issue #13, item 1):
// an ES module project on `module: NodeNext`, a bundler project on `moduleResolution: Bundler`
// and a CommonJS project on `module: Node16`, each with the strictest flags that reach into a
// library's declarations (`skipLibCheck: false`, `exactOptionalPropertyTypes`,
// `noUncheckedIndexedAccess`), each checked by TypeScript 5, 6 and 7. Two of them have no DOM
// `lib`, only @types/node, as a server project often has.
//
// Each project also holds the routes of test/fixtures/route-types and is built with the
// installed CLI, so tsc checks them against the route types the build generates (item 2):
// `ApiRequest<'/api/authors/[id]'>`, `RouteContext<'/v2/items/[id]'>`, `RoutePath`.
//
// Every project's source also holds `@ts-expect-error` lines: had the types quietly become
// `any` (a missing .d.ts, a wrong `exports` condition), those lines would stop being errors
// and tsc would fail on them.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { repoRoot } from '../helpers/app-server.ts'
import { COMPILERS, INSTALL_FLAGS, inBatches, npm, npmComplaints, packTarball, run, tempDir, typeCheck, type CommandResult } from './consumer.ts'

const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'ES2022',
  types: ['node'],
}

interface Project {
  name: string
  packageJson: Record<string, unknown>
  compilerOptions: Record<string, unknown>
}

const PROJECTS: Project[] = [
  {
    name: 'esm-nodenext',
    packageJson: { type: 'module' },
    compilerOptions: { ...STRICT, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'] },
  },
  {
    name: 'esm-bundler',
    packageJson: { type: 'module' },
    compilerOptions: { ...STRICT, module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'] },
  },
  {
    name: 'cjs-node16',
    packageJson: {},
    compilerOptions: { ...STRICT, module: 'Node16', moduleResolution: 'Node16', lib: ['ES2022'] },
  },
]

// Uses every entry point the package exports, the way a handler file and a server file would.
const SOURCE = `import http from 'node:http'
import { createHandler, listen, loadEnv, SluglineError, type ApiHandler, type ApiRequest, type ApiResponse, type Route } from 'slugline'
import type { NextApiRequest, NextApiResponse, PageConfig } from 'slugline/next'
import { NextRequest, NextResponse } from 'slugline/next/server'
import { cookies, headers } from 'slugline/next/headers'
import { testRoute, type TestApp } from 'slugline/testing'

export function byId(req: ApiRequest, res: ApiResponse<{ id: string | string[] | undefined }>): void {
  if (req.method !== 'GET') {
    res.setHeader('Allow', ['GET'])
    res.status(405).json({ id: undefined })
    return
  }
  res.status(200).json({ id: req.query['id'] })
}

export const legacy: ApiHandler = (req: NextApiRequest, res: NextApiResponse) => {
  res.status(200).send(req.cookies['session'] ?? 'none')
}

export const config: PageConfig = { api: { bodyParser: { sizeLimit: '10mb' } } }

export async function GET(request: NextRequest): Promise<Response> {
  const jar = await cookies()
  const h = await headers()
  const res = NextResponse.json({ path: request.nextUrl.pathname, a: jar.get('a')?.value ?? null, ua: h.get('user-agent') })
  res.cookies.set('seen', '1', { httpOnly: true })
  return res
}

export function serve(): http.Server {
  loadEnv('.', 'production')
  return http.createServer(createHandler({ dir: './api' }))
}

export const isSluglineError = (e: unknown): boolean => e instanceof SluglineError
export type Listen = typeof listen
export const patterns = (routes: Route[]): string[] => routes.map((r) => r.pattern)

export async function probe(): Promise<number> {
  const app: TestApp = await testRoute('.')
  const res = await app.fetch('/api/authors/7', { method: 'GET', headers: { accept: 'application/json' } })
  return res.status
}

// @ts-expect-error testRoute takes a path
export const noPath = () => testRoute({ dir: '.' })
// @ts-expect-error status() takes a number: the types are real, not any
export const wrongStatus = (res: ApiResponse) => res.status('200')
// @ts-expect-error createHandler needs its options
export const noOptions = () => createHandler()
// @ts-expect-error nextUrl is a NextURL, not a string
export const notAString: string = new NextRequest('http://x/').nextUrl
`

interface Installed {
  project: Project
  dir: string
  install: CommandResult
  build: CommandResult
}

const ROUTES = path.join(repoRoot, 'test', 'fixtures', 'route-types')

describe('the packed tarball in a TypeScript project', () => {
  let work: string
  let tarball: string
  let installed: Installed[]

  before(async () => {
    work = tempDir('types')
    tarball = await packTarball(work)
    installed = await inBatches(
      PROJECTS.map((project) => async () => {
        const dir = path.join(work, project.name)
        fs.mkdirSync(dir)
        // esbuild's own postinstall is the user's to allow (npm 11 asks); slugline has none.
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: project.name, private: true, ...project.packageJson, allowScripts: { esbuild: true } }, null, 2))
        // The one line the README's Types section asks for: the generated route types.
        const include = ['**/*.ts', '.slugline/types/**/*.ts']
        fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: project.compilerOptions, include }, null, 2))
        fs.writeFileSync(path.join(dir, 'index.ts'), SOURCE)
        fs.cpSync(ROUTES, dir, { recursive: true })
        const install = await npm(['install', ...INSTALL_FLAGS, tarball, '@types/node@20'], dir)
        const cli = path.join(dir, 'node_modules', 'slugline', 'bin', 'slugline.mjs')
        const build = install.status === 0 ? await run(process.execPath, [cli, 'build', '.'], { cwd: dir }) : install
        return { project, dir, install, build }
      }),
    )
  })

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true })
  })

  // src/ ships too: the deploy targets bundle Slugline's runtime from it into each output
  // (src/build/targets/entries), and the source maps point at it. Nothing resolves types
  // from it: `types` and every `exports` condition name dist/.
  it('packs compiled declarations, no build scripts, and a manifest without `prepare`', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n')
    for (const f of ['package/dist/index.d.ts', 'package/dist/index.js', 'package/dist/cjs/index.d.cts', 'package/dist/cjs/index.cjs', 'package/dist/compat/next-server.d.ts']) {
      assert.ok(files.includes(f), `${f} is missing from the tarball`)
    }
    assert.deepEqual(files.filter((f) => f.startsWith('package/scripts/')), [])
    assert.ok(files.includes('package/src/build/targets/entries/standalone-server.ts'), 'the targets bundle their runtime from src/')
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }))
    assert.equal(manifest.scripts.prepare, undefined)
    assert.match(manifest.engines.node, /^>=20\.19/)
  })

  it('installs in each project without a warning (engines, install scripts)', () => {
    for (const { project, install } of installed) {
      assert.equal(install.status, 0, `${project.name}: npm install failed:\n${install.stdout}\n${install.stderr}`)
      assert.deepEqual(npmComplaints(install), [], `${project.name}: npm complained`)
    }
  })

  it('`slugline build` writes the route types', () => {
    for (const { project, dir, build } of installed) {
      assert.equal(build.status, 0, `${project.name}: slugline build failed:\n${build.stdout}\n${build.stderr}`)
      const types = fs.readFileSync(path.join(dir, '.slugline', 'types', 'routes.d.ts'), 'utf8')
      assert.match(types, /"\/api\/authors\/\[id\]": \{ "id": string \}/)
      assert.match(types, /"\/v2\/items\/\[id\]": \{ "id": string \}/)
    }
  })

  it('type-checks each project under TypeScript 5, 6 and 7, declarations and route types included', async () => {
    const checks = await inBatches(
      installed.flatMap(({ project, dir }) =>
        COMPILERS.map((compiler) => async () => ({ project: project.name, compiler, result: await typeCheck(compiler, dir) })),
      ),
    )
    const failed = checks.filter((c) => c.result.status !== 0)
    assert.deepEqual(
      failed.map((c) => `${c.project} with ${c.compiler}:\n${c.result.stdout}${c.result.stderr}`),
      [],
    )
  })

  it('loads at run time the way the types say: import() from ESM, require() from CommonJS, slugline/testing under node:test', async () => {
    const esm = installed.find((i) => i.project.name === 'esm-nodenext')!
    const cjs = installed.find((i) => i.project.name === 'cjs-node16')!
    const probe = `typeof m.createHandler + ' ' + typeof s.NextResponse.json + ' ' + typeof h.cookies`
    const imported = await run(process.execPath, ['--input-type=module', '-e', `
      const m = await import('slugline'); const s = await import('slugline/next/server'); const h = await import('slugline/next/headers')
      console.log(${probe})`], { cwd: esm.dir })
    assert.equal(imported.stdout.trim(), 'function function function', imported.stderr)
    const required = await run(process.execPath, ['-e', `
      const m = require('slugline'); const s = require('slugline/next/server'); const h = require('slugline/next/headers')
      console.log(${probe})`], { cwd: cjs.dir })
    assert.equal(required.stdout.trim(), 'function function function', required.stderr)
    // slugline/testing from a test file, under node:test, in either kind of project.
    const testFile = (req: string) => `${req}
      test('an app route, in memory', async () => {
        const app = await testRoute('.')
        const res = await app.fetch('/api/authors/7?page=2')
        assert.equal(res.status, 200)
        assert.deepEqual(await res.json(), { id: '7', page: '2' })
      })\n`
    fs.writeFileSync(path.join(esm.dir, 'route.test.mjs'), testFile(`import { test } from 'node:test'; import assert from 'node:assert/strict'; import { testRoute } from 'slugline/testing'`))
    fs.writeFileSync(path.join(cjs.dir, 'route.test.cjs'), testFile(`const { test } = require('node:test'); const assert = require('node:assert/strict'); const { testRoute } = require('slugline/testing')`))
    for (const [dir, file] of [[esm.dir, 'route.test.mjs'], [cjs.dir, 'route.test.cjs']] as const) {
      // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead.
      const { NODE_TEST_CONTEXT: _, ...env } = process.env
      const r = await run(process.execPath, ['--test', file], { cwd: dir, env })
      assert.equal(r.status, 0, `${file}:\n${r.stdout}\n${r.stderr}`)
      assert.match(r.stdout, /# pass 1/)
    }
    // One module instance whichever way it is loaded: classes are the same classes.
    const same = await run(process.execPath, ['-e', `
      import('slugline').then((esm) => console.log(esm.SluglineError === require('slugline').SluglineError))`], { cwd: cjs.dir })
    assert.equal(same.stdout.trim(), 'true', same.stderr)
  })
})
