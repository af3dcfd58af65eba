// `slugline build --target lambda`, run as Lambda would run it: built by the real CLI, the
// folder copied where no node_modules is above it, and its index.mjs loaded by a local
// gateway process (test/adapters/lambda/gateway.mjs) that turns real HTTP requests into each
// event shape AWS documents and the handler's results back into HTTP. Through every front end
// the recorded Next.js cases answer as `slugline start` does, except where the front end
// itself loses information (listed below, and in the README), bad input gets start's answers,
// and the event's requestContext reaches app and pages routes through `slugline/lambda`.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { copyApp, repoRoot } from '../../helpers/app-server.ts'
import { conformanceApp, goldenCases, replayGolden } from '../../helpers/golden.ts'
import { request } from '../../helpers/http.ts'
import { assertBadInputAnswersAsStart } from './bad-input.ts'
import { buildForTarget, isolatedDir, runOutput, type OutputProcess } from './output-process.ts'

const gateway = path.join(repoRoot, 'test', 'adapters', 'lambda', 'gateway.mjs')

/** The recorded cases a front end cannot pass on as sent, and why. */
const FRONT_END_LIMITS: Record<string, string[]> = {
  // An HTTP API decodes rawPath: `a%2Fb` arrives as `a/b`, two segments.
  v2: ['encoded slash stays inside one segment'],
  // Without multi-value headers, the ALB keeps one value per header and per query key (the last).
  alb: ['repeated query keys become arrays', 'headers and multiple set-cookie'],
}

const CONTEXT_ROUTES = {
  'app/ctx/route.js': `import { lambdaInvocation } from 'slugline/lambda'
export function GET(request) {
  const inv = lambdaInvocation(request)
  return Response.json({ requestId: inv?.event.requestContext.requestId ?? null, awsRequestId: inv?.context.awsRequestId ?? null })
}
`,
  'pages/api/ctx.js': `import { lambdaInvocation } from 'slugline/lambda'
export default function handler(req, res) {
  const inv = lambdaInvocation(req)
  res.json({ requestId: inv?.event.requestContext.requestId ?? null, awsRequestId: inv?.context.awsRequestId ?? null })
}
`,
}

let copy = ''
let stdout = ''

before(() => {
  const app = copyApp(conformanceApp)
  for (const [file, text] of Object.entries(CONTEXT_ROUTES)) {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true })
    fs.writeFileSync(path.join(app, file), text)
  }
  // The app depends on slugline, as an app importing `slugline/lambda` does: the package as
  // npm installs it (package.json and the built dist/), not linked, which the trace would not follow.
  const pkg = path.join(app, 'node_modules', 'slugline')
  fs.mkdirSync(pkg, { recursive: true })
  fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(pkg, 'package.json'))
  fs.cpSync(path.join(repoRoot, 'dist'), path.join(pkg, 'dist'), { recursive: true })
  stdout = buildForTarget(app, 'lambda')
  copy = isolatedDir('slugline-lambda-')
  fs.cpSync(path.join(app, '.slugline', 'lambda'), copy, { recursive: true })
  fs.rmSync(app, { recursive: true, force: true })
})
after(() => fs.rmSync(copy, { recursive: true, force: true }))

test('lambda: a zip-ready folder, the handlers named', () => {
  assert.match(stdout, /Lambda function in \.slugline\/lambda \(packages: slugline; no \.env files\)/)
  assert.match(stdout, /handler index\.handler .*index\.streamHandler for a Function URL in RESPONSE_STREAM mode/)
  assert.ok(fs.existsSync(path.join(copy, 'index.mjs')))
  assert.ok(fs.existsSync(path.join(copy, '.slugline', 'manifest.json')))
  // Only the file the routes import from slugline (and esbuild's helper chunk), not the package.
  const traced = fs.readdirSync(path.join(copy, 'node_modules', 'slugline'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))
  assert.deepEqual(traced.filter((f) => !f.startsWith(path.join('dist', 'chunks'))), [path.join('dist', 'adapters', 'lambda', 'invocation.js')])
  assert.ok(traced.length <= 2, traced.join(', '))
})

for (const format of ['v2', 'url', 'url-stream', 'v1', 'alb', 'alb-multi']) {
  describe(`lambda: through ${format}`, () => {
    let server: OutputProcess | undefined
    before(async () => (server = await runOutput(gateway, { args: [path.join(copy, 'index.mjs'), '--format', format] })))
    after(() => server?.stop())

    const limits = FRONT_END_LIMITS[format] ?? []
    test(`${goldenCases().length} recorded cases agree${limits.length > 0 ? `, but for ${limits.length} the front end cannot carry` : ''}`, async () => {
      const failing = (await replayGolden(server!.base)).map((f) => f.slice(0, f.indexOf(':')))
      assert.deepEqual(failing, limits)
    })

    test('bad input gets what start gives, and the function keeps answering', async () => {
      await assertBadInputAnswersAsStart(server!.base, server!.log)
    })

    test('the event and context reach app and pages routes (slugline/lambda)', async () => {
      for (const p of ['/ctx', '/api/ctx']) {
        const got = (await request(server!.base, p)).json()
        assert.match(String(got.awsRequestId), /^inv-\d+$/, p)
        if (format.startsWith('alb')) assert.equal(got.requestId, null, p)
        else assert.match(String(got.requestId), /^req-/, p)
      }
    })
  })
}
