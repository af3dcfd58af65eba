// `slugline build` type-checks an app with a tsconfig.json and typescript installed, with the
// app's own tsc, and fails on a type error with file:line:col; `--no-typecheck` skips it. Real
// CLI processes on temp apps (test/schema/schema-app.ts links the repo's packages into them).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { runCli } from '../helpers/app-server.ts'
import { linkPackages, schemaApp } from '../schema/schema-app.ts'

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
  include: ['**/*.ts', '.slugline/types/**/*.ts'],
})

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

function app(files: Record<string, string>, link = true): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-tsc-')))
  tempDirs.push(dir)
  for (const [rel, text] of Object.entries({ 'package.json': '{ "type": "module" }', 'tsconfig.json': TSCONFIG, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  if (link) linkPackages(dir)
  return dir
}

const BAD = `export default function handler(req: any, res: any) {
  const count: number = 'three'
  res.json({ count })
}
`

describe('slugline build type-checks the app', () => {
  it('passes on the schema app: route() and apiRoute() type the handlers (its @ts-expect-error lines must stay errors) and the route types exist on the first build', () => {
    const dir = schemaApp({
      'app/v2/ctx/[id]/route.ts': `export async function GET(request: Request, { params }: RouteContext<'/v2/ctx/[id]'>) {\n  const { id }: { id: string } = await params\n  return Response.json({ id })\n}\n`,
    })
    const r = runCli(['build', dir])
    assert.equal(r.status, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /^Type-checked in \d+ ms$/m)
  })

  it('fails on a type error, naming file, line and column, and leaves no build', () => {
    const dir = app({ 'pages/api/bad.ts': BAD })
    const r = runCli(['build', dir])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /Type check failed \(1 error; `slugline build --no-typecheck` skips it\):\npages\/api\/bad\.ts:2:9 - error TS2322: Type 'string' is not assignable to type 'number'\./)
    assert.equal(fs.existsSync(path.join(dir, '.slugline', 'manifest.json')), false)
  })

  it('--no-typecheck skips it', () => {
    const dir = app({ 'pages/api/bad.ts': BAD })
    const r = runCli(['build', dir, '--no-typecheck'])
    assert.equal(r.status, 0, r.stderr)
    assert.doesNotMatch(r.stdout, /Type-checked/)
    assert.equal(fs.existsSync(path.join(dir, '.slugline', 'manifest.json')), true)
  })

  it('is skipped when typescript is not installed, or there is no tsconfig.json', () => {
    const noTs = app({ 'pages/api/bad.ts': BAD }, false)
    const r = runCli(['build', noTs])
    assert.equal(r.status, 0, r.stderr)
    assert.doesNotMatch(r.stdout, /Type-checked/)
    const noConfig = app({ 'pages/api/bad.ts': BAD })
    fs.rmSync(path.join(noConfig, 'tsconfig.json'))
    assert.equal(runCli(['build', noConfig]).status, 0)
  })
})
