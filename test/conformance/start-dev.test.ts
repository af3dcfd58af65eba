// The recorded Next.js 16 answers (test/fixtures/conformance) against `slugline start` and
// `slugline dev`, so the project checks itself without the shared conformance suite beside it.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildAndServe, copyApp, serve, stopAndRemove, type RunningServer } from '../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../helpers/golden.ts'

describe('recorded Next.js answers: slugline start', () => {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => ({ dir, server } = await buildAndServe(conformanceApp)))
  after(() => stopAndRemove(dir, server))

  test(`${goldenCases().length} cases agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base), [])
  })
})

describe('recorded Next.js answers: slugline dev', () => {
  let dir = ''
  let server: RunningServer | undefined
  before(async () => {
    dir = copyApp(conformanceApp)
    server = await serve(dir, { mode: 'dev' })
  })
  after(() => stopAndRemove(dir, server))

  test(`${goldenCases().length} cases agree`, async () => {
    assert.deepEqual(await replayGolden(server!.base, goldenCases(), { dev: true }), [])
  })
})
