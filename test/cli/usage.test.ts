// What a user sees when asking for help or mistyping a command.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runCli } from '../helpers/app-server.ts'

/** Usage text names every command. */
function assertUsage(text: string): void {
  assert.match(text, /usage/i, text)
  for (const command of ['build', 'start', 'routes']) assert.ok(text.includes(command), `usage lacks ${command}:\n${text}`)
  assert.ok(text.includes('--port'), `usage lacks --port:\n${text}`)
}

describe('slugline usage', () => {
  it('--help prints usage and exits 0', () => {
    const r = runCli(['--help'])
    assert.equal(r.status, 0, r.stderr)
    assertUsage(r.stdout + r.stderr)
  })

  it('an unknown command prints usage, names the command and exits non-zero', () => {
    const r = runCli(['frobnicate'])
    assert.notEqual(r.status, 0)
    assert.notEqual(r.status, null, 'the CLI did not exit')
    assertUsage(r.stdout + r.stderr)
    assert.ok(r.stderr.includes('frobnicate'), r.stderr)
  })
})
