// The App Router runtime (and with it undici, Node's fetch/Request/Response) loads with the
// first app route, not at start: a server of pages/api routes starts without it
// (src/server/app-runtime.ts says why). Checked in the server process itself, through
// process.moduleLoadList, in both `start` and `dev`.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const FILES: Record<string, string> = {
  'pages/api/loaded.ts': `
    export default function handler(req: any, res: any) {
      const list: string[] = (process as any).moduleLoadList
      res.status(200).json({ undici: list.some((m) => m.includes('undici')) })
    }
  `,
  'app/api/web/route.ts': `
    export function GET() {
      return Response.json({ web: true })
    }
  `,
}

for (const mode of ['start', 'dev'] as const) {
  describe(`slugline ${mode} loads the App Router runtime with the first app route`, () => {
    let dir = ''
    let server: RunningServer
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-lazy-app-'))
      for (const [rel, text] of Object.entries(FILES)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
        fs.writeFileSync(path.join(dir, rel), text)
      }
      if (mode === 'start') assert.equal(runCli(['build', dir]).status, 0)
      server = await serve(dir, { mode })
    })
    after(async () => {
      await server?.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('serves pages routes without loading undici, then app routes with it', async () => {
      const before = await request(server.base, '/api/loaded')
      assert.equal(before.status, 200, before.body)
      assert.deepEqual(before.json(), { undici: false })

      const web = await request(server.base, '/api/web')
      assert.equal(web.status, 200, web.body)
      assert.deepEqual(web.json(), { web: true })

      const afterApp = await request(server.base, '/api/loaded')
      assert.deepEqual(afterApp.json(), { undici: true })
    })
  })
}
