// `npm test`'s reporter (scripts/test-reporter.mjs), run by node's real test runner over test
// files written for the purpose: a line per file, failures in full, a crashed file's output,
// and the closing counts CI reads.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { repoRoot } from '../helpers/app-server.ts'

const FILES: Record<string, string> = {
  'passing.test.mjs': `
import { describe, it } from 'node:test'
console.log('chatter that must not show')
describe('math', () => { it('adds', () => {}); it('subtracts', () => {}) })
it.skip('later', () => {})
`,
  'failing.test.mjs': `
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
describe('outer', () => {
  describe('inner', () => {
    it('compares objects', () => assert.deepEqual({ a: 1, b: 'expected-b' }, { a: 1, b: 'actual-b' }))
  })
  it('passes', () => {})
})
`,
  'crashing.test.mjs': `
console.error('about to crash')
throw new Error('boom while importing')
`,
  'hook.test.mjs': `
import { before, describe, it } from 'node:test'
describe('hooked', () => { before(() => { throw new Error('the before hook broke') }); it('never runs', () => {}) })
`,
}

describe('scripts/test-reporter.mjs', () => {
  let dir = ''
  let out = ''
  let status: number | null = null
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-reporter-'))
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text)
    // Without the variable node:test sets for the files it runs, or the child would think
    // itself one of them and skip running files.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    delete env.NODE_TEST_CONTEXT
    const r = spawnSync(
      process.execPath,
      ['--test', '--test-concurrency=2', `--test-reporter=${path.join(repoRoot, 'scripts', 'test-reporter.mjs')}`, ...Object.keys(FILES)],
      { cwd: dir, encoding: 'utf8', env, timeout: 60_000 },
    )
    out = r.stdout + r.stderr
    status = r.status
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('prints one line per file with its counts', () => {
    assert.match(out, /^✔ passing\.test\.mjs \(2 passed, 1 skipped; [\d.]+ m?s\)$/m, out)
    assert.match(out, /^✖ failing\.test\.mjs \(1 failed, 1 passed; [\d.]+ m?s\)$/m, out)
    assert.match(out, /^✖ crashing\.test\.mjs /m, out)
    assert.doesNotMatch(out, /chatter that must not show/, 'a passing file printed its output')
    assert.doesNotMatch(out, /^(ok|not ok) \d/m, 'TAP lines')
  })

  it('shows a failure in full: its place in the suites, the message and the diff, the stack', () => {
    assert.match(out, /✖ outer > inner > compares objects\n/, out)
    assert.match(out, /expected-b/, out)
    assert.match(out, /actual-b/, out)
    assert.match(out, /at .*failing\.test\.mjs:6/, out)
  })

  it('shows the output of a file that crashed before its tests reported', () => {
    assert.match(out, /about to crash/, out)
    assert.match(out, /Error: boom while importing/, out)
  })

  it('reports a failing hook, and the test it kept from running as cancelled', () => {
    assert.match(out, /✖ hooked\n\s+Error: the before hook broke/, out)
    assert.match(out, /^✖ hook\.test\.mjs \(1 failed, 0 passed, 1 cancelled; /m, out)
  })

  it('ends with the runner\'s counts and a last line `N passed, N failed` that counts every failure, and exits 1', () => {
    assert.equal(status, 1)
    assert.match(out, /^# pass 3$/m, out)
    assert.match(out, /^# fail \d+$/m, out)
    // One failed assertion, one crashed file, and a failed hook with the test it cancelled (which
    // node counts as cancelled, not failed: a run could otherwise end "0 failed" and exit 1).
    assert.ok(out.endsWith('\n3 passed, 4 failed\n'), out.slice(-200))
    assert.match(out, /^Failed:\n {2}crashing\.test\.mjs\n {2}failing\.test\.mjs\n {2}hook\.test\.mjs$/m, out)
  })
})
