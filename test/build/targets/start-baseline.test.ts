// The answers bad-input.ts holds every target to are `slugline start`'s own: checked here
// against start itself, so a change to start shows up as a change of the baseline, not as a
// target drifting from it.
import { after, before, describe, test } from 'node:test'
import { buildAndServe, stopAndRemove, type RunningServer } from '../../helpers/app-server.ts'
import { conformanceApp } from '../../helpers/golden.ts'
import { assertBadInputAnswersAsStart } from './bad-input.ts'

describe('the bad-input baseline: slugline start', () => {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => ({ dir, server } = await buildAndServe(conformanceApp)))
  after(() => stopAndRemove(dir, server))

  test('answers as the targets must', async () => {
    await assertBadInputAnswersAsStart(server!.base, server!.log)
  })
})
