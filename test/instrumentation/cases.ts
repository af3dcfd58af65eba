// The requests the error-hook fixture (test/fixtures/instrumentation-app) answers, and what one
// server does with each: the status, whether onRequestError had finished when the response
// arrived (it is awaited before the 500 goes out), and the calls the hook recorded. Run against
// next start by record-next.ts into test/fixtures/next-parity/instrumentation.json, and against
// slugline by the tests, which compare the two.
import fs from 'node:fs'

export interface HookCase {
  name: string
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string
}

export const HOOK_CASES: HookCase[] = [
  { name: 'pages: sync throw', path: '/api/sync-throw?q=1', headers: { 'x-test': 'a' } },
  { name: 'pages: async reject', path: '/api/async-reject' },
  { name: 'pages: thrown string', path: '/api/throw-string' },
  { name: 'pages: ApiError (invalid JSON)', path: '/api/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad' },
  { name: 'pages: dynamic route', path: '/api/users/7?x=1', method: 'DELETE' },
  { name: 'pages: throw after the headers went out', path: '/api/partial-throw' },
  { name: 'pages: module throws when loaded', path: '/api/module-throw' },
  { name: 'pages: slow hook is awaited', path: '/api/sync-throw', headers: { 'x-slow': '600' } },
  { name: 'pages: timer throw (not a request error)', path: '/api/timer-throw' },
  { name: 'pages: unhandled rejection (not a request error)', path: '/api/unhandled' },
  { name: 'pages: write after end (not a request error)', path: '/api/write-after-end' },
  { name: 'pages: deliberate 500 (not an error)', path: '/api/deliberate-500' },
  { name: 'app: throw', path: '/app-throw', headers: { 'x-test': 'b' } },
  { name: 'app: async reject', path: '/app-reject' },
  { name: 'app: no Response returned', path: '/app-none' },
  { name: 'app: dynamic route', path: '/items/7?y=2' },
  { name: 'app: module throws when loaded', path: '/app-module-throw' },
  { name: 'app: slow hook is awaited', path: '/app-throw', headers: { 'x-slow': '600' } },
  { name: 'app: stream errors mid-body', path: '/app-stream-error' },
  { name: 'app: unexported method (405, not an error)', path: '/app-throw', method: 'POST' },
]

export interface HookCall {
  event: string
  error?: unknown
  request?: unknown
  context?: unknown
}

export interface CaseResult {
  name: string
  status: number
  /** Whether every call the case makes had been written when the response arrived. */
  hookDoneBeforeResponse: boolean
  calls: HookCall[]
}

function readCalls(file: string): HookCall[] {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as HookCall)
}

/** Only what both servers can be compared on: no pid. */
function comparable(call: HookCall & { pid?: number }): HookCall {
  const { pid: _pid, ...rest } = call
  return rest
}

/** Sends every case in turn to `base`, reading the hook's calls from `hookLog`; `settleMs`: how
 *  long a late call gets to show up after each response. */
export async function runHookCases(base: string, hookLog: string, settleMs = 300, cases: HookCase[] = HOOK_CASES): Promise<CaseResult[]> {
  const results: CaseResult[] = []
  for (const c of cases) {
    const before = readCalls(hookLog).length
    const init: RequestInit = { method: c.method ?? 'GET', headers: c.headers }
    if (c.body !== undefined) init.body = c.body
    let status: number
    try {
      const res = await fetch(base + c.path, init)
      status = res.status
      await res.text().catch(() => '')
    } catch {
      status = 0 // the connection was cut
    }
    const atResponse = readCalls(hookLog).length - before
    // A hook still running (or one that never comes) has this long to write.
    await new Promise((resolve) => setTimeout(resolve, settleMs))
    const calls = readCalls(hookLog).slice(before).map(comparable)
    results.push({ name: c.name, status, hookDoneBeforeResponse: atResponse === calls.length, calls })
  }
  return results
}

export { readCalls }
