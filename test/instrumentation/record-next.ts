// Records what Next.js does with test/fixtures/instrumentation-app into
// test/fixtures/next-parity/instrumentation.json. Not a test: run it by hand with a copy of
// the next-reference CLI (../shared/conformance/next-reference):
//   node --import tsx test/instrumentation/record-next.ts /path/to/next-reference/cli.mjs
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { canConnect, copyApp, freePort, repoRoot } from '../helpers/app-server.ts'
import { readCalls, runHookCases } from './cases.ts'

const cli = process.argv[2]
if (!cli) throw new Error('usage: record-next.ts NEXT_REFERENCE_CLI')
const dir = copyApp(path.join(repoRoot, 'test', 'fixtures', 'instrumentation-app'))
const hookLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hook-')), 'calls.jsonl')
const env = { ...process.env, HOOK_LOG: hookLog, REGISTER_DELAY_MS: '300' }
const built = spawnSync(process.execPath, [cli, 'build', dir], { stdio: 'inherit', env })
if (built.status !== 0) process.exit(1)
const port = await freePort()
const child = spawn(process.execPath, [cli, 'start', dir, '--port', String(port)], { stdio: 'inherit', env })
while (!(await canConnect(port))) await new Promise((r) => setTimeout(r, 50))
const registeredWhenListening = readCalls(hookLog).some((c) => c.event === 'register')
const ok = (await (await fetch(`http://127.0.0.1:${port}/api/ok`)).json()) as { registered: boolean }
const results = await runHookCases(`http://127.0.0.1:${port}`, hookLog)
const registerCalls = readCalls(hookLog).filter((c) => c.event === 'register') as { event: string; runtime?: string }[]
child.kill('SIGTERM')
const version = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/next/package.json'), 'utf8')).version
const out = {
  recordedWith: `next start ${version}`,
  recordedAt: new Date().toISOString().slice(0, 10),
  register: { calls: registerCalls.map(({ event, runtime }) => ({ event, runtime })), registeredWhenListening, doneBeforeFirstRequest: ok.registered },
  cases: results,
}
fs.writeFileSync(path.join(repoRoot, 'test/fixtures/next-parity/instrumentation.json'), JSON.stringify(out, null, 2) + '\n')
console.log(JSON.stringify(out, null, 2))
fs.rmSync(dir, { recursive: true, force: true })
