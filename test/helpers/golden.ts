// Next.js 16's recorded answers (test/fixtures/conformance/golden.json, taken from
// `next build && next start` on test/fixtures/conformance/app) replayed against any base URL:
// every deploy target serves that app and must answer every case as `slugline start` does.
// The comparison rules are the conformance suite's: status, the headers in COMPARED_HEADERS
// (plus a case's `alsoHeaders`), and the body (JSON structurally); `compare: "status"` and
// `"redirect"` compare less; `dev` compares a 5xx by status alone (a dev server shows the error).
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import zlib from 'node:zlib'
import { repoRoot } from './app-server.ts'

export const conformanceApp = path.join(repoRoot, 'test', 'fixtures', 'conformance', 'app')

export interface GoldenCase {
  name: string
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** A body of raw bytes (a charset test), instead of `body`. */
  bodyBase64?: string
  repeat?: number
  wrap?: [string, string]
  compare?: 'full' | 'status' | 'redirect'
  alsoHeaders?: string[]
  response: { status: number; headers: Record<string, string | string[]>; body: string }
  /** Why the answer recorded here differs from Next.js's, where it does on purpose. */
  note?: string
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

const COMPARED_HEADERS = ['content-type', 'location', 'allow', 'cache-control', 'set-cookie', 'x-custom', 'x-deleted']

export function goldenCases(filter: (c: GoldenCase) => boolean = () => true, file = path.join(repoRoot, 'test', 'fixtures', 'conformance', 'golden.json')): GoldenCase[] {
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as GoldenCase[]
  return all.filter(filter)
}

function decoded(encoding: string | undefined, raw: Buffer, asked: boolean): string {
  const inflate = { gzip: zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync }[(encoding ?? '').trim().toLowerCase()]
  if (!asked || inflate === undefined || raw.length === 0) return raw.toString('utf8')
  return inflate(raw).toString('utf8')
}

function send(base: string, c: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  const url = new URL(base)
  const asked = Object.keys(c.headers ?? {}).some((k) => k.toLowerCase() === 'accept-encoding')
  return new Promise((resolve, reject) => {
    // A case may send its own Host header (or an empty one, for none).
    const setHost = c.headers?.host === undefined
    const req = http.request(
      // A connection of its own (agent: false): a server may close after answering a
      // `Connection: close` request without saying so (Bun does), and a pooled socket would
      // then be reused dead.
      { host: url.hostname, port: url.port, method: c.method ?? 'GET', path: c.path, headers: { connection: 'close', ...c.headers }, setHost, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decoded(res.headers['content-encoding'], Buffer.concat(chunks), asked) }))
        res.on('error', reject)
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error('timed out after 10 s')))
    req.on('error', reject)
    if (c.headers?.host === '') req.removeHeader('host')
    if (c.body !== undefined) req.write(c.body)
    req.end()
  })
}

/** The request a case sends: its body repeated and wrapped, `__ETAG_OF__:/path` headers filled in. */
async function prepared(base: string, c: GoldenCase): Promise<{ method?: string; path: string; headers: Record<string, string>; body?: string | Buffer }> {
  if (c.bodyBase64 !== undefined) return { method: c.method, path: c.path, headers: { ...c.headers }, body: Buffer.from(c.bodyBase64, 'base64') }
  let body = c.body
  if (body !== undefined && c.repeat !== undefined) body = body.repeat(c.repeat)
  if (body !== undefined && c.wrap !== undefined) body = c.wrap[0] + body + c.wrap[1]
  const headers: Record<string, string> = { ...c.headers }
  for (const [k, v] of Object.entries(headers)) {
    if (v.startsWith('__ETAG_OF__:')) headers[k] = String((await send(base, { path: v.slice('__ETAG_OF__:'.length) })).headers.etag ?? '"no-etag-was-sent"')
  }
  return { method: c.method, path: c.path, headers, body }
}

function picked(headers: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const h of names) if (headers[h] !== undefined) out[h] = headers[h]
  if (typeof out['content-type'] === 'string') out['content-type'] = out['content-type'].toLowerCase().replace(/\s+/g, '')
  return out
}

function parsedBody(headers: Record<string, unknown>, body: string): unknown {
  if (String(headers['content-type'] ?? '').includes('json') && body !== '') {
    try {
      return { json: JSON.parse(body) }
    } catch {
      // compared as text
    }
  }
  return { text: body }
}

/** What differs between the recorded answer and this one; empty when they agree. */
export function compareAnswer(c: GoldenCase, got: Answer, options: { dev?: boolean; port?: string } = {}): string[] {
  // A recorded answer that names the server's port says __PORT__ there.
  const want = options.port === undefined ? c.response : (JSON.parse(JSON.stringify(c.response).split('__PORT__').join(options.port)) as GoldenCase['response'])
  const mode = options.dev && want.status >= 500 ? 'status' : (c.compare ?? 'full')
  const problems: string[] = []
  if (want.status !== got.status) problems.push(`status ${got.status}, want ${want.status}`)
  if (mode === 'redirect' && want.headers.location !== got.headers.location) problems.push(`location ${got.headers.location}, want ${want.headers.location}`)
  if (mode === 'full') {
    const names = [...COMPARED_HEADERS, ...(c.alsoHeaders ?? [])]
    const w = picked(want.headers, names)
    const g = picked(got.headers as Record<string, unknown>, names)
    for (const h of names) if (!isDeepStrictEqual(w[h], g[h])) problems.push(`${h} ${JSON.stringify(g[h])}, want ${JSON.stringify(w[h])}`)
    if (!isDeepStrictEqual(parsedBody(want.headers, want.body), parsedBody(got.headers as Record<string, unknown>, got.body))) {
      problems.push(`body ${JSON.stringify(got.body).slice(0, 300)}, want ${JSON.stringify(want.body).slice(0, 300)}`)
    }
  }
  return problems
}

/** Sends every case to `base`; returns one line per failing case (empty: all agree). */
export async function replayGolden(base: string, cases: GoldenCase[] = goldenCases(), options: { dev?: boolean } = {}): Promise<string[]> {
  const compareOptions = { ...options, port: new URL(base).port }
  const failures: string[] = []
  for (const c of cases) {
    let got: Answer
    try {
      got = await send(base, await prepared(base, c))
    } catch (err) {
      got = { status: 0, headers: {}, body: `request failed: ${(err as Error).message}` }
    }
    const problems = compareAnswer(c, got, compareOptions)
    if (problems.length > 0) failures.push(`${c.name}: ${c.method ?? 'GET'} ${c.path}\n    ${problems.join('\n    ')}`)
  }
  return failures
}
