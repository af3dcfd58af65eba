// The error hook in a deploy output that runs createHandler (the standalone folder): the
// instrumentation module is in the copied build and the npm package it imports is traced
// into the folder's node_modules, so a copy with no app around it still reports crashes.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { buildForTarget, isolatedDir, runOutput } from '../build/targets/output-process.ts'
import { readCalls } from './cases.ts'

test('standalone: register() and onRequestError run from the copied folder, their package traced; --log as under start', async () => {
  const app = isolatedDir('slugline-instr-app-')
  const files: Record<string, string> = {
    'node_modules/error-sink/package.json': JSON.stringify({ name: 'error-sink', version: '1.0.0', type: 'module', exports: './index.js' }),
    'node_modules/error-sink/index.js':
      "import fs from 'node:fs'\nexport const record = (entry) => fs.appendFileSync(process.env.HOOK_LOG, JSON.stringify(entry) + '\\n')\n",
    'instrumentation.ts':
      "import { record } from 'error-sink'\nexport function register() { record({ event: 'register' }) }\n" +
      'export function onRequestError(error: Error, request: { path: string }, context: { routerKind: string; routePath: string }) {\n' +
      "  record({ event: 'onRequestError', message: error.message, path: request.path, routerKind: context.routerKind, routePath: context.routePath })\n}\n",
    'app/items/[id]/route.ts': "export function GET(): Response { throw new Error('item boom') }\n",
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true })
    fs.writeFileSync(path.join(app, file), text)
  }
  buildForTarget(app, 'standalone')
  const copy = isolatedDir('slugline-instr-standalone-')
  fs.cpSync(path.join(app, '.slugline', 'standalone'), copy, { recursive: true })
  fs.rmSync(app, { recursive: true, force: true })
  assert.ok(fs.existsSync(path.join(copy, 'node_modules', 'error-sink', 'index.js')), 'the hook\'s package is traced')
  const hookLog = path.join(copy, 'calls.jsonl')
  const server = await runOutput(path.join(copy, 'server.mjs'), { env: { HOOK_LOG: hookLog }, args: ['--log', 'json'] })
  try {
    assert.equal((await fetch(`${server.base}/items/9`)).status, 500)
    assert.deepEqual(readCalls(hookLog), [
      { event: 'register' },
      { event: 'onRequestError', message: 'item boom', path: '/items/9', routerKind: 'App Router', routePath: '/items/[id]' },
    ])
    const deadline = Date.now() + 5_000
    while (!server.log().includes('"msg":"request errored"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    assert.match(server.log(), /"req":\{"method":"GET","url":"\/items\/9"\},"res":\{"statusCode":500\}/)
  } finally {
    await server.stop()
    fs.rmSync(copy, { recursive: true, force: true })
  }
})
