// `after()` from next/server: tasks run once the response has closed, in app and pages/api
// routes, under start and dev alike; a failing task is logged and the server keeps serving.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after as afterAll, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const FILES: Record<string, string> = {
  'lib/events.ts': 'export const events: string[] = []\n',
  'pages/api/events.ts': `import { events } from '../../lib/events'
export default function handler(req: any, res: any) { res.json(events) }
`,
  'app/v2/later/route.ts': `import { after } from 'next/server'
import { events } from '../../../lib/events'
export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get('id')
  after(() => { events.push('app task ' + id) })
  after(new Promise<void>((resolve) => setTimeout(() => { events.push('app promise ' + id); resolve() }, 5)))
  await new Promise((r) => setTimeout(r, 1))
  return Response.json({ seenAtResponse: [...events] })
}
`,
  'pages/api/later.ts': `import { after } from 'next/server'
import { events } from '../../lib/events'
export default async function handler(req: any, res: any) {
  after(() => { throw new Error('a task that fails') })
  after(async () => {
    events.push('pages task ' + req.query.id + ' finished=' + res.writableFinished)
    after(() => { events.push('nested ' + req.query.id) })
  })
  if (req.query.crash) throw new Error('the handler crashed')
  res.status(200).json({ seenAtResponse: [...events] })
}
`,
  'pages/api/outside.ts': `import { after } from 'next/server'
let message = ''
try { after(() => {}) } catch (err) { message = (err as Error).message }
export default function handler(req: any, res: any) { res.json({ message }) }
`,
}

async function eventsOf(base: string, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 5_000
  for (;;) {
    const events = (await request(base, '/api/events')).json() as string[]
    if (expected.every((e) => events.includes(e)) || Date.now() > deadline) return events
    await new Promise((r) => setTimeout(r, 20))
  }
}

for (const mode of ['start', 'dev'] as const) {
  describe(`after() under ${mode}`, () => {
    let dir = ''
    let server: RunningServer
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), `slugline-after-${mode}-`))
      for (const [rel, text] of Object.entries(FILES)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
        fs.writeFileSync(path.join(dir, rel), text)
      }
      if (mode === 'start') {
        const built = runCli(['build', dir])
        assert.equal(built.status, 0, built.stdout + built.stderr)
      }
      server = await serve(dir, { mode })
    })
    afterAll(async () => {
      await server?.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('runs an app route\'s tasks after the response: a function and a promise', async () => {
      const r = await request(server.base, '/v2/later?id=a1')
      assert.equal(r.status, 200, r.body)
      // (A promise runs from when it was made; after() only waits for it.)
      assert.ok(!r.json().seenAtResponse.includes('app task a1'), r.body)
      const events = await eventsOf(server.base, ['app task a1', 'app promise a1'])
      assert.ok(events.includes('app task a1') && events.includes('app promise a1'), events.join('\n'))
    })

    it('runs a pages route\'s tasks once the response has finished, nested ones too, and logs a failing task', async () => {
      const r = await request(server.base, '/api/later?id=p1')
      assert.equal(r.status, 200, r.body)
      const events = await eventsOf(server.base, ['pages task p1 finished=true', 'nested p1'])
      assert.ok(events.includes('pages task p1 finished=true'), events.join('\n'))
      assert.ok(events.includes('nested p1'), events.join('\n'))
      await server.waitForLog('An error occurred in a function passed to `after()`:')
      await server.waitForLog('a task that fails')
      assert.equal((await request(server.base, '/api/events')).status, 200)
    })

    it('runs the tasks of a handler that threw, after its 500', async () => {
      const r = await request(server.base, '/api/later?id=p2&crash=1')
      assert.equal(r.status, 500)
      const events = await eventsOf(server.base, ['pages task p2 finished=true'])
      assert.ok(events.includes('pages task p2 finished=true'), events.join('\n'))
    })

    it('outside a request, after() says so', async () => {
      const r = await request(server.base, '/api/outside')
      assert.match(r.json().message, /^`after\(\)` was called outside a request/)
    })
  })
}
