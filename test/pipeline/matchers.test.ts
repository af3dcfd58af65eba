// proxy.ts matchers and next.config rule sources compiled as Next.js 16 compiles them: the
// regexes and the matches below were produced by Next.js's own getMiddlewareMatchers and
// getPathMatch (next 16.4.6, test/fixtures/next-config/next-matchers.json).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { repoRoot } from '../helpers/app-server.ts'
import { compileProxyMatchers, createProxyMatch } from '../../src/pipeline/proxy-matcher.ts'
import { compileSource } from '../../src/pipeline/path-rule.ts'
import type { StageRequest } from '../../src/pipeline/types.ts'

interface Recorded {
  paths: string[]
  matchers: { source: string; basePath: string; regexp: string; matches: string[] }[]
  configMatches: { source: string; results: Record<string, false | Record<string, unknown>> }[]
}

const recorded = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/next-config/next-matchers.json'), 'utf8')) as Recorded

function request(headers: Record<string, string> = {}, search = ''): StageRequest {
  return { method: 'GET', path: '/', search, headers, query: () => Object.fromEntries(new URLSearchParams(search)), href: () => 'http://localhost/' }
}

test('proxy matchers: the regex Next.js makes, and the paths it matches', () => {
  for (const r of recorded.matchers) {
    const [m] = compileProxyMatchers(r.source, r.basePath, 'proxy.ts')
    assert.equal(m!.regexp, r.regexp, `${r.basePath}${r.source}`)
    const match = createProxyMatch([m!])
    const got = recorded.paths.map((p) => r.basePath + p).filter((p) => match(request(), p))
    assert.deepEqual(got.sort(), [...r.matches].sort(), `${r.basePath}${r.source}`)
  }
})

test('next.config sources: the params Next.js gets for each path', () => {
  for (const r of recorded.configMatches) {
    const match = compileSource(r.source, false, null, 'next.config.js')
    for (const [p, want] of Object.entries(r.results)) {
      const got = match(p)
      assert.deepEqual(got === null ? false : { ...got }, want, `${r.source} on ${p}`)
    }
  }
})

test('proxy matcher has/missing: header, cookie, query and host conditions', () => {
  const [m] = compileProxyMatchers(
    [{ source: '/api/:path*', has: [{ type: 'header', key: 'X-Auth', value: 'tok-(?<n>\\d+)' }, { type: 'cookie', key: 'sid' }], missing: [{ type: 'query', key: 'skip' }] }],
    '',
    'proxy.ts',
  )
  const match = createProxyMatch([m!])
  assert.equal(match(request({ 'x-auth': 'tok-12', cookie: 'sid=1' }), '/api/a'), true)
  assert.equal(match(request({ 'x-auth': 'tok-ab', cookie: 'sid=1' }), '/api/a'), false)
  assert.equal(match(request({ 'x-auth': 'tok-12' }), '/api/a'), false)
  assert.equal(match(request({ 'x-auth': 'tok-12', cookie: 'sid=1' }, 'skip=1'), '/api/a'), false)
  const [h] = compileProxyMatchers([{ source: '/:path*', has: [{ type: 'host', key: '', value: 'api\\.example\\.com' }] }], '', 'proxy.ts')
  assert.equal(createProxyMatch([h!])(request({ host: 'api.example.com:3000' }), '/x'), true)
  assert.equal(createProxyMatch([h!])(request({ host: 'www.example.com' }), '/x'), false)
})

test('a matcher that is not a path fails with the file and the source', () => {
  assert.throws(() => compileProxyMatchers('api/x', '', 'proxy.ts'), /proxy\.ts contains invalid middleware config: source "api\/x" must start with \//)
  assert.throws(() => compileProxyMatchers([{ src: '/x' }], '', 'proxy.ts'), /matcher #1 must be a string or \{ source/)
})
