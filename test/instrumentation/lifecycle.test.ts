// The instrumentation file's life around the requests: where it is looked for (root, or src/
// with the routes there; TypeScript or JavaScript), the build's warnings, a register() or an
// onRequestError that fails, createHandler holding early requests, and dev reloading it.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { createHandler } from '../../src/server/create-handler.ts'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { readCalls } from './cases.ts'

const temps: string[] = []
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

function makeApp(files: Record<string, string>): { dir: string; hookLog: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-instr-'))
  temps.push(dir)
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  return { dir, hookLog: path.join(dir, 'calls.jsonl') }
}

const recorder = (tag: string) => `
import fs from 'node:fs'
export async function register(): Promise<void> {
  await new Promise((r) => setTimeout(r, Number(process.env.REGISTER_DELAY_MS ?? 0)))
  ;(globalThis as any).registered = ${JSON.stringify(tag)}
  fs.appendFileSync(process.env.HOOK_LOG!, JSON.stringify({ event: 'register', tag: ${JSON.stringify(tag)} }) + '\\n')
}
export function onRequestError(error: unknown, request: { path: string }, context: { routePath: string }): void {
  fs.appendFileSync(process.env.HOOK_LOG!, JSON.stringify({ event: 'onRequestError', tag: ${JSON.stringify(tag)}, message: (error as Error).message, path: request.path, routePath: context.routePath }) + '\\n')
}
`
const throwing = `export default function handler(): never { throw new Error('handler boom') }\n`
const answering = `export default function handler(req: any, res: any) { res.json({ registered: (globalThis as any).registered ?? null }) }\n`

async function stopped(server: RunningServer | undefined): Promise<void> {
  await server?.stop()
}

describe('instrumentation.ts in src/, TypeScript', () => {
  test('is the one run when the routes are in src/; one at the root is named as not run', async () => {
    const { dir, hookLog } = makeApp({
      'src/instrumentation.ts': recorder('src'),
      'instrumentation.ts': recorder('root'),
      'src/pages/api/boom/[id].ts': throwing,
    })
    const built = runCli(['build', dir], { env: { HOOK_LOG: hookLog } })
    assert.equal(built.status, 0, built.stderr)
    assert.match(built.stderr, /Warning: instrumentation\.ts is not run: with the routes in src\/, the instrumentation file goes in src\//)
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.slugline', 'manifest.json'), 'utf8'))
    assert.equal(manifest.instrumentation.file, 'src/instrumentation.ts')
    const server = await serve(dir, { env: { HOOK_LOG: hookLog } })
    try {
      assert.equal((await fetch(`${server.base}/api/boom/3?z=1`)).status, 500)
      assert.deepEqual(readCalls(hookLog), [
        { event: 'register', tag: 'src' },
        { event: 'onRequestError', tag: 'src', message: 'handler boom', path: '/api/boom/3?z=1', routePath: '/api/boom/[id]' },
      ])
    } finally {
      await stopped(server)
    }
  })
})

describe('build warnings', () => {
  test('an instrumentation file that exports neither hook', () => {
    const { dir } = makeApp({ 'instrumentation.js': 'export const nothing = 1\n', 'pages/api/ok.js': 'export default (req, res) => res.end()\n' })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    assert.match(built.stderr, /Warning: instrumentation\.js exports neither register nor onRequestError, so it does nothing/)
  })
})

describe('failing hooks', () => {
  const failingRegister = `export function register() { throw new Error('no secret') }\n`
  for (const args of [[], ['--workers', '2']]) {
    test(`register() that throws stops \`slugline start ${args.join(' ')}\` with exit 1 and its stack`, async () => {
      const { dir } = makeApp({ 'instrumentation.js': failingRegister, 'pages/api/ok.js': 'export default (req, res) => res.end()\n' })
      assert.equal(runCli(['build', dir]).status, 0)
      const r = runCli(['start', dir, '--port', '0', ...args])
      assert.equal(r.status, 1)
      assert.match(r.stderr, /Error: register\(\) in instrumentation\.js failed: no secret/)
      assert.match(r.stderr, /instrumentation\.js:1/)
    })
  }

  test('an onRequestError that throws is logged and the answer stays the 500', async () => {
    const { dir } = makeApp({
      'instrumentation.js': `export async function onRequestError() { throw new Error('hook broke') }\n`,
      'pages/api/boom.ts': throwing,
    })
    assert.equal(runCli(['build', dir]).status, 0)
    const server = await serve(dir)
    try {
      const res = await fetch(`${server.base}/api/boom`)
      assert.equal(res.status, 500)
      assert.equal(await res.text(), 'Internal Server Error')
      await server.waitForLog('Error: onRequestError in instrumentation.js failed (the response is not affected):')
      await server.waitForLog('hook broke')
      assert.equal((await fetch(`${server.base}/api/boom`)).status, 500, 'still serving')
    } finally {
      await stopped(server)
    }
  })
})

describe('createHandler', () => {
  test('requests that arrive before register() is done wait for it', async () => {
    const { dir, hookLog } = makeApp({ 'instrumentation.ts': recorder('early'), 'pages/api/ok.ts': answering })
    assert.equal(runCli(['build', dir]).status, 0)
    process.env.HOOK_LOG = hookLog
    process.env.REGISTER_DELAY_MS = '300'
    const server = http.createServer(createHandler({ dir, loadEnv: false }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const started = Date.now()
      assert.deepEqual(await (await fetch(`${base}/api/ok`)).json(), { registered: 'early' })
      assert.ok(Date.now() - started >= 250, 'waited for register()')
    } finally {
      server.close()
      delete process.env.REGISTER_DELAY_MS
    }
  })
})

describe('slugline dev', () => {
  test('loads the file on start, runs register() again after an edit, and finds one added later', async () => {
    const { dir, hookLog } = makeApp({ 'instrumentation.ts': recorder('v1'), 'pages/api/ok.ts': answering, 'pages/api/boom.ts': throwing })
    const server = await serve(dir, { mode: 'dev', env: { HOOK_LOG: hookLog } })
    const events = () => readCalls(hookLog).map((c) => `${c.event}:${(c as { tag?: string }).tag}`)
    try {
      assert.deepEqual(await (await fetch(`${server.base}/api/ok`)).json(), { registered: 'v1' })
      assert.equal((await fetch(`${server.base}/api/boom`)).status, 500)
      fs.writeFileSync(path.join(dir, 'instrumentation.ts'), recorder('v2'))
      await waitFor(async () => (await (await fetch(`${server.base}/api/ok`)).json()).registered === 'v2')
      assert.equal((await fetch(`${server.base}/api/boom`)).status, 500)
      assert.deepEqual(events(), ['register:v1', 'onRequestError:v1', 'register:v2', 'onRequestError:v2'])

      fs.rmSync(path.join(dir, 'instrumentation.ts'))
      await new Promise((r) => setTimeout(r, 300))
      assert.equal((await fetch(`${server.base}/api/boom`)).status, 500)
      assert.equal(events().length, 4, 'no hook once the file is gone')
      fs.writeFileSync(path.join(dir, 'instrumentation.ts'), recorder('v3'))
      await waitFor(async () => (await (await fetch(`${server.base}/api/ok`)).json()).registered === 'v3')
      assert.equal((await fetch(`${server.base}/api/boom`)).status, 500)
      assert.deepEqual(events().slice(4), ['register:v3', 'onRequestError:v3'])
    } finally {
      await stopped(server)
    }
  })
})

async function waitFor(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}
