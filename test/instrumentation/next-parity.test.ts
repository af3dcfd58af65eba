// instrumentation.js under `slugline start`, `start --workers 2` and `dev`, against what next
// start 16.4.6 was recorded doing with the same app (test/fixtures/next-parity/instrumentation.json,
// made by record-next.ts): register() once per server process before any request is served,
// and onRequestError for every crash of a handler with Next.js's arguments, awaited before the
// answer; not for what happens outside a request (a timer, an unhandled rejection).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyApp, repoRoot, runCli, serve, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { readCalls, runHookCases, type CaseResult, type HookCall } from './cases.ts'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'instrumentation-app')
const recorded = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'next-parity', 'instrumentation.json'), 'utf8')) as {
  cases: CaseResult[]
}

type Call = HookCall & { error: { message?: string } }

/** Where Slugline answers differently on purpose, and how the recording is read for it. */
const DIFFERENCES: Record<string, { note: string; expect(next: CaseResult): CaseResult }> = {
  'pages: module throws when loaded': {
    note: 'next start reports a module that fails to load for an app route only; Slugline for pages routes too',
    expect: (next) => ({ ...next, calls: [callLike(recorded.cases.find((c) => c.name === 'app: module throws when loaded')!.calls[0] as Call, 'Pages Router', '/api/module-throw', 'module boom')] }),
  },
  'app: no Response returned': {
    note: "Next.js's message names its bundler's path for the file ('[project]/app/...'); the rest is the same",
    expect: (next) => next,
  },
  'app: stream errors mid-body': {
    note: 'Next.js reports its own "failed to pipe response"; Slugline the stream\'s error. The cut connection is compared by the framing tests, not here',
    expect: (next) => ({ ...next, status: -1, calls: next.calls.map((c) => ({ ...c, error: { ...(c as Call).error, message: 'stream boom' } })) }),
  },
}

function callLike(call: Call, routerKind: string, routePath: string, message: string): HookCall {
  const request = { ...(call.request as object), path: routePath }
  return { ...call, error: { ...call.error, message }, request, context: { ...(call.context as object), routerKind, routePath } }
}

/** Our results with what the DIFFERENCES table does not compare taken out. */
function comparable(ours: CaseResult): CaseResult {
  if (ours.name === 'app: no Response returned') {
    const calls = ours.calls.map((c) => ({ ...c, error: { ...(c as Call).error, message: '' } }))
    return { ...ours, calls }
  }
  if (ours.name === 'app: stream errors mid-body') return { ...ours, status: -1, hookDoneBeforeResponse: true }
  return ours
}

function expected(next: CaseResult): CaseResult {
  const d = DIFFERENCES[next.name]
  const e = d ? d.expect(next) : next
  if (next.name === 'app: no Response returned') return { ...e, calls: e.calls.map((c) => ({ ...c, error: { ...(c as Call).error, message: '' } })) }
  return e
}

function hookApp(): { dir: string; hookLog: string; env: Record<string, string> } {
  const dir = copyApp(fixture)
  const hookLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-hook-')), 'calls.jsonl')
  return { dir, hookLog, env: { HOOK_LOG: hookLog, REGISTER_DELAY_MS: '300' } }
}

for (const mode of ['start', 'start --workers 2', 'dev'] as const) {
  describe(`instrumentation.js under slugline ${mode}`, () => {
    const app = hookApp()
    let server: RunningServer | undefined
    let registeredAtListen: HookCall[] = []
    before(async () => {
      if (mode !== 'dev') {
        const built = runCli(['build', app.dir], { env: app.env })
        assert.equal(built.status, 0, built.stderr)
      }
      const workers = mode === 'start --workers 2'
      server = await serve(app.dir, { mode: mode === 'dev' ? 'dev' : 'start', env: app.env, args: workers ? ['--workers', '2'] : [] })
      registeredAtListen = readCalls(app.hookLog).filter((c) => c.event === 'register')
    })
    after(() => stopAndRemove(app.dir, server))

    test('register() has run before the first request is served, once per server process', async () => {
      // `start` listens only once register() is done (each worker); `dev` listens at once and
      // holds requests until it is done.
      if (mode !== 'dev') assert.ok(registeredAtListen.length >= 1, 'registered before listening')
      const answers = await Promise.all(['/api/ok', '/app-ok', '/api/ok', '/app-ok'].map(async (p) => (await fetch(server!.base + p)).json()))
      assert.deepEqual(answers, Array(4).fill({ registered: true }))
      const calls = readCalls(app.hookLog).filter((c) => c.event === 'register') as (HookCall & { pid: number; runtime: string })[]
      assert.equal(calls.length, mode === 'start --workers 2' ? 2 : 1)
      assert.equal(new Set(calls.map((c) => c.pid)).size, calls.length)
      assert.ok(calls.every((c) => c.runtime === 'nodejs'), 'process.env.NEXT_RUNTIME is nodejs, as in Next.js')
    })

    test('onRequestError: the calls next start makes, with its arguments, awaited before the answer', async () => {
      const ours = await runHookCases(server!.base, app.hookLog, 100)
      assert.deepEqual(ours.map(comparable), recorded.cases.map(expected))
    })

    test('crashes outside a request are logged, not reported', async () => {
      await server!.waitForLog('timer boom')
      await server!.waitForLog('unhandled boom')
      const reported = readCalls(app.hookLog).filter((c) => c.event === 'onRequestError')
      assert.ok(!reported.some((c) => /timer boom|unhandled boom/.test(JSON.stringify(c.error))))
    })
  })
}
