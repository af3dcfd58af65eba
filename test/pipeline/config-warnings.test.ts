// What build says about a next.config: each unsupported or unknown key by name with its
// one-line answer, nothing for the keys an API server ignores, and a clear error naming the
// file and the rule for a config Next.js would refuse. The server keeps serving bad requests.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { runCli, serve } from '../helpers/app-server.ts'

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

function writeApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-next-config-'))
  tempDirs.push(dir)
  for (const [rel, text] of Object.entries({ 'pages/api/x.ts': 'export default (req: any, res: any) => res.json({})\n', ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

describe('next.config keys and errors', () => {
  it('names unsupported and unknown keys, and is quiet about those an API server ignores', () => {
    const dir = writeApp({
      'next.config.mjs':
        "export default { images: { unoptimized: true }, reactStrictMode: true, typescript: { ignoreBuildErrors: true }, experimental: {}, i18n: { locales: ['en'], defaultLocale: 'en' }, generateEtags: false, madeUpKey: 1 }\n",
    })
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stderr)
    const warnings = built.stderr.split('\n').filter((l) => l.startsWith('Warning:'))
    assert.deepEqual(warnings, [
      'Warning: next.config.mjs: `i18n` is not supported by Slugline and is ignored (locale prefixes are not routed; requests are served without locale handling).',
      'Warning: next.config.mjs: `generateEtags` is not supported by Slugline and is ignored (Slugline always sends ETags on res.send/res.json bodies).',
      'Warning: next.config.mjs: `madeUpKey` is not a next.config option Slugline knows; it is ignored.',
    ])
  })

  for (const [name, config, message] of [
    ['a source without a leading slash', "export default { async redirects() { return [{ source: 'api/old', destination: '/api/x', permanent: true }] } }", 'Invalid next.config.mjs: `source` of redirect #1 (api/old) must start with /'],
    ['a redirect without permanent or statusCode', "export default { async redirects() { return [{ source: '/a', destination: '/b' }] } }", 'Invalid next.config.mjs: redirect #1 (/a) needs `permanent` (true or false) or `statusCode`'],
    ['a source path-to-regexp cannot parse', "export default { async rewrites() { return [{ source: '/a/(', destination: '/b' }] } }", 'Invalid next.config.mjs: cannot parse source `/a/(`'],
    ['a basePath with a trailing slash', "export default { basePath: '/docs/' }", 'Invalid next.config.mjs: `basePath` cannot end with / (got "/docs/")'],
    ['a config that throws', "throw new Error('no config today')", 'Failed to load next.config.mjs: no config today'],
  ] as const) {
    it(`fails the build for ${name}`, () => {
      const dir = writeApp({ 'next.config.mjs': config + '\n' })
      const built = runCli(['build', dir])
      assert.equal(built.status, 1, built.stdout)
      assert.ok(built.stderr.includes(message), built.stderr)
    })
  }

  it('compress: false turns off the compression next start applies by default', async () => {
    const route = "export default (req: any, res: any) => res.json({ text: 'x'.repeat(4096) })\n"
    for (const [config, encoding] of [['export default { compress: false }', undefined], ['export default {}', 'gzip']] as const) {
      const dir = writeApp({ 'next.config.mjs': config + '\n', 'pages/api/big.ts': route })
      const built = runCli(['build', dir])
      assert.equal(built.status, 0, built.stderr)
      const server = await serve(dir)
      try {
        const res = await fetch(`${server.base}/api/big`, { headers: { 'accept-encoding': 'gzip' } })
        assert.equal(res.headers.get('content-encoding') ?? undefined, encoding, config)
        assert.equal((await res.json()).text.length, 4096)
      } finally {
        await server.stop()
      }
    }
  })

  it("refuses next.config.cjs with Next.js 16's message", () => {
    const dir = writeApp({ 'next.config.cjs': 'module.exports = {}\n' })
    const built = runCli(['build', dir])
    assert.equal(built.status, 1, built.stdout)
    assert.ok(built.stderr.includes("Configuring Next.js via 'next.config.cjs' is not supported. Please replace the file with 'next.config.js', 'next.config.mjs', or 'next.config.ts'."), built.stderr)
  })
})
