// `slugline dev` answers as `slugline start` does on the same app: the same routes through the
// real CLI in both modes, compared answer by answer. Covers what compiling each file alone to
// CommonJS could change: default imports between app files in a "type": "module" app, Node's
// rules for CommonJS and ESM-only packages, tsconfig paths, JSON, JSX, CommonJS route files.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'
import { writeApp } from './dev-app.ts'

const routes = ['/api/imports', '/api/meta', '/api/cjs', '/api/jsx', '/api/body', '/v2/app?x=1', '/api/module-env', '/v2/module-env']

describe('slugline dev answers as slugline start', () => {
  let dev: RunningServer
  let start: RunningServer
  before(async () => {
    const files = {
      'package.json': '{ "name": "same-as-start", "type": "module" }\n',
      'tsconfig.json': '{ "compilerOptions": { "strict": true, "jsx": "preserve", "paths": { "@/*": ["./lib/*"] } } }\n',
      'lib/greeting.ts': "export default 'from an app module'\nexport const named = 'named'\n",
      'lib/data.json': '{ "n": 3 }\n',
      'node_modules/babelish/index.js': "exports.__esModule = true\nexports.default = 'inner default'\nexports.other = 'other'\n",
      'node_modules/babelish/package.json': '{ "name": "babelish", "main": "index.js" }\n',
      'node_modules/esm-only/index.js': "export default 'esm default'\nexport const named = 'esm named'\n",
      'node_modules/esm-only/package.json': '{ "name": "esm-only", "type": "module", "exports": "./index.js" }\n',
      'pages/api/imports.ts': `import greeting, { named } from '@/greeting'
import babelish, { other } from 'babelish'
import esmOnly, { named as esmNamed } from 'esm-only'
import data from '../../lib/data.json'
export default function handler(_req: any, res: any) {
  res.status(200).json({ greeting, named, babelish, other, esmOnly, esmNamed, n: data.n })
}
`,
      'pages/api/meta.ts': `export default function handler(_req: any, res: any) {
  res.status(200).json({ url: import.meta.url.endsWith('/pages/api/meta.ts') || import.meta.url.endsWith('.mjs') || import.meta.url.endsWith('.js'), env: process.env.NODE_ENV === 'development' || process.env.NODE_ENV === 'production' })
}
`,
      // The module environment: Next.js API routes have __filename, __dirname and require.
      'lib/legacy.cjs': "module.exports = { file: __filename, dir: __dirname, sibling: require.resolve('./data.json') }\n",
      'lib/shadowed.ts': "const __dirname = 'my own'\nexport const dir = __dirname\n",
      'pages/api/module-env.ts': `import path from 'node:path'
import { createRequire } from 'node:module'
import { dir as shadowed } from '@/shadowed'
const legacy = createRequire(import.meta.url)('../../lib/legacy.cjs')
const rel = (p: string) => path.relative(process.cwd(), p)
export default function handler(_req: any, res: any) {
  res.status(200).json({
    filename: rel(__filename), dirname: rel(__dirname), url: rel(new URL(import.meta.url).pathname),
    metaFilename: rel(import.meta.filename), metaDirname: rel(import.meta.dirname),
    require: typeof require, builtin: typeof require('node:path').join, resolved: rel(require.resolve('../../lib/data.json')),
    legacy: { file: rel(legacy.file), dir: rel(legacy.dir), sibling: rel(legacy.sibling) },
    shadowed,
  })
}
`,
      'app/v2/module-env/route.ts': `import path from 'node:path'
export function GET() {
  return Response.json({ dirname: path.relative(process.cwd(), __dirname), meta: path.relative(process.cwd(), import.meta.dirname) })
}
`,
      'pages/api/cjs.cjs': "module.exports = (req, res) => res.status(200).json({ cjs: true, method: req.method })\nmodule.exports.config = { api: { bodyParser: false } }\n",
      'pages/api/jsx.tsx': `/** @jsxRuntime classic */
/** @jsx h */
const h = (tag: string, _p: unknown, ...children: string[]) => \`<\${tag}>\${children.join('')}</\${tag}>\`
export default function handler(_req: any, res: any) { res.status(200).send(<b>{'bold'}</b>) }
`,
      'pages/api/body.ts': `export const config = { api: { bodyParser: { sizeLimit: '10b' } } }
export default function handler(req: any, res: any) { res.status(200).json({ body: req.body }) }
`,
      'app/v2/app/route.ts': `import { NextResponse, type NextRequest } from 'next/server'
export function GET(request: NextRequest) {
  return NextResponse.json({ x: request.nextUrl.searchParams.get('x') }, { headers: { 'x-custom': 'yes' } })
}
`,
    }
    const devDir = writeApp(files)
    const startDir = writeApp(files)
    const built = runCli(['build', startDir])
    assert.equal(built.status, 0, built.stderr)
    ;[dev, start] = await Promise.all([serve(devDir, { mode: 'dev' }), serve(startDir)])
  })
  after(() => Promise.all([dev?.stop(), start?.stop()]))

  for (const route of routes) {
    it(`GET ${route}`, async () => {
      const [d, s] = await Promise.all([request(dev.base, route), request(start.base, route)])
      assert.equal(d.status, s.status, `dev ${d.body} / start ${s.body}`)
      assert.equal(d.headers['content-type'], s.headers['content-type'])
      assert.equal(d.headers['x-custom'], s.headers['x-custom'])
      assert.equal(d.body, s.body)
    })
  }

  it('POST a body over the route\'s size limit', async () => {
    const send = (base: string) => request(base, '/api/body', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"0123456789"}' })
    const [d, s] = await Promise.all([send(dev.base), send(start.base)])
    assert.equal(d.status, s.status)
    assert.equal(d.body, s.body)
  })

  it('route code sees its source file as __filename, __dirname, import.meta and require.resolve', async () => {
    const expected = {
      filename: 'pages/api/module-env.ts',
      dirname: 'pages/api',
      url: 'pages/api/module-env.ts',
      metaFilename: 'pages/api/module-env.ts',
      metaDirname: 'pages/api',
      require: 'function',
      builtin: 'function',
      resolved: 'lib/data.json',
      legacy: { file: 'lib/legacy.cjs', dir: 'lib', sibling: 'lib/data.json' },
      shadowed: 'my own',
    }
    for (const server of [dev, start]) assert.deepEqual((await request(server.base, '/api/module-env')).json(), expected)
    for (const server of [dev, start]) assert.deepEqual((await request(server.base, '/v2/module-env')).json(), { dirname: 'app/v2/module-env', meta: 'app/v2/module-env' })
  })

  it('the answers are the expected ones, not only equal', async () => {
    const r = await request(dev.base, '/api/imports')
    assert.deepEqual(r.json(), {
      greeting: 'from an app module',
      named: 'named',
      // Node's import of a CommonJS package: default is the whole module.exports.
      babelish: { __esModule: true, default: 'inner default', other: 'other' },
      other: 'other',
      esmOnly: 'esm default',
      esmNamed: 'esm named',
      n: 3,
    })
  })
})
