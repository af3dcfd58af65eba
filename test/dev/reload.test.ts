// `slugline dev` reloads what changes: a handler, a module it imports, the env files, without a
// restart; modules that did not change keep their state, and a request already running finishes
// on the code it started with.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { waitForAnswer, writeApp, writeFiles } from './dev-app.ts'

const counterRoute = (version: string) => `import { next } from '../../lib/state'
export default function handler(_req: any, res: any) {
  res.status(200).json({ version: '${version}', n: next() })
}
`

describe('slugline dev: reloading code', () => {
  let dir: string
  let server: RunningServer
  before(async () => {
    dir = writeApp({
      'pages/api/count.ts': counterRoute('v1'),
      'pages/api/greet.ts': `import { greeting } from '../../lib/words'
export default function handler(_req: any, res: any) { res.status(200).json({ greeting: greeting() }) }
`,
      'lib/state.ts': 'let n = 0\nexport function next(): number {\n  return ++n\n}\n',
      'lib/words.ts': "export const greeting = (): string => 'hello'\n",
      'pages/api/slow.ts': `export default async function handler(_req: any, res: any) {
  console.log('slow request started')
  await new Promise((r) => setTimeout(r, 400))
  res.status(200).json({ version: 'slow-v1' })
}
`,
      'pages/api/env.ts': `export default function handler(_req: any, res: any) {
  res.status(200).json({ fromFile: process.env.FROM_FILE ?? null, fromProcess: process.env.FROM_PROCESS ?? null, dev: process.env.ONLY_DEV ?? null, prod: process.env.ONLY_PROD ?? null, nodeEnv: process.env.NODE_ENV })
}
`,
      '.env': 'FROM_FILE=one\nFROM_PROCESS=file\n',
      '.env.development': 'ONLY_DEV=yes\n',
      '.env.production': 'ONLY_PROD=yes\n',
    })
    server = await serve(dir, { mode: 'dev', env: { FROM_PROCESS: 'process' } })
  })
  after(() => server.stop())

  it('answers from source with no build, and logs each request', async () => {
    const r = await request(server.base, '/api/count')
    assert.equal(r.status, 200)
    assert.equal(r.json().version, 'v1')
    // Only the generated route types (.slugline/types), never a build.
    const written = fs.existsSync(path.join(dir, '.slugline')) ? fs.readdirSync(path.join(dir, '.slugline')) : []
    assert.deepEqual(written.filter((f) => f !== 'types'), [], 'dev wrote a build')
    await server.waitForLog(' GET /api/count 200 in ')
  })

  it('runs the new code of an edited handler, and the modules it imports keep their state', async () => {
    const before = (await request(server.base, '/api/count')).json().n as number
    fs.writeFileSync(path.join(dir, 'pages/api/count.ts'), counterRoute('v2'))
    const r = await waitForAnswer(server.base, '/api/count', (r) => r.json().version === 'v2')
    // lib/state.ts did not change: its counter carries on instead of starting again at 1.
    assert.ok(r.json().n > before, `counter restarted: ${before} then ${r.json().n}`)
    await server.waitForLog('Reloaded pages/api/count.ts in ')
  })

  it('runs the new code of an edited module the handler imports', async () => {
    fs.writeFileSync(path.join(dir, 'lib/words.ts'), "export const greeting = (): string => 'bonjour'\n")
    await waitForAnswer(server.base, '/api/greet', (r) => r.json().greeting === 'bonjour')
  })

  it('evaluates an edited module again, which resets its own state', async () => {
    const before = (await request(server.base, '/api/count')).json().n as number
    assert.ok(before > 1)
    fs.writeFileSync(path.join(dir, 'lib/state.ts'), 'let n = 100\nexport function next(): number {\n  return ++n\n}\n')
    const r = await waitForAnswer(server.base, '/api/count', (r) => r.json().n > 100)
    assert.equal(r.json().n, 101)
  })

  it('lets a request in flight finish on its old code while its file is edited', async () => {
    const inFlight = request(server.base, '/api/slow')
    await server.waitForLog('slow request started')
    fs.writeFileSync(path.join(dir, 'pages/api/slow.ts'), "export default function handler(_req: any, res: any) { res.status(200).json({ version: 'slow-v2' }) }\n")
    await waitForAnswer(server.base, '/api/slow', (r) => r.json().version === 'slow-v2')
    const first = await inFlight
    assert.equal(first.status, 200)
    assert.deepEqual(first.json(), { version: 'slow-v1' })
  })

  it('loads the development env files, and reloads them when one changes', async () => {
    const r = await request(server.base, '/api/env')
    assert.deepEqual(r.json(), { fromFile: 'one', fromProcess: 'process', dev: 'yes', prod: null, nodeEnv: 'development' })

    // Changed: the new value. Removed from the files: gone. Set by the process: never replaced.
    fs.writeFileSync(path.join(dir, '.env'), 'FROM_FILE=two\nFROM_PROCESS=file-again\n')
    fs.rmSync(path.join(dir, '.env.development'))
    const after = await waitForAnswer(server.base, '/api/env', (r) => r.json().fromFile === 'two' && r.json().dev === null)
    assert.deepEqual(after.json(), { fromFile: 'two', fromProcess: 'process', dev: null, prod: null, nodeEnv: 'development' })
    await server.waitForLog('Reloaded env from .env')
  })

  it('serves a handler written into a new folder', async () => {
    writeFiles(dir, { 'pages/api/deep/er/x.ts': "export default function handler(_req: any, res: any) { res.status(200).json({ deep: true }) }\n" })
    await waitForAnswer(server.base, '/api/deep/er/x', (r) => r.status === 200)
  })
})
