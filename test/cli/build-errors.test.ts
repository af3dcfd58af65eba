// `slugline build` refuses the route tables and handlers Next.js refuses: exit code 1 and a
// message on stderr, starting with `Error:`, that quotes Next.js's sentence and names the files
// (relative to the app folder) so the user knows what to rename.
// The route sentences are those of next/src/shared/lib/router/utils/sorted-routes.ts
// (UrlNode._insert and _smoosh), worked out for each input below.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { cliPath, type CliResult } from '../helpers/app-server.ts'

const HANDLER = `export default function handler(req: any, res: any) { res.status(200).json({ ok: true }) }\n`

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

/** Writes an app made of `files` (path -> source; a handler when the source is null) and builds
 *  it. Asynchronous, unlike runCli, so the cases of a suite build side by side. */
function buildApp(files: Record<string, string | null>): Promise<CliResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-err-'))
  tempDirs.push(dir)
  for (const [rel, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), source ?? HANDLER)
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'build', dir], { env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })
}

/** A clear build error: exit 1, an `Error:` line, every expected text, and no stack trace. */
function assertBuildError(result: CliResult, expected: string[]): void {
  const shown = `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
  assert.equal(result.status, 1, shown)
  assert.match(result.stderr, /^Error: /m, shown)
  for (const text of expected) assert.ok(result.stderr.includes(text), `stderr lacks ${JSON.stringify(text)}\n${shown}`)
  assert.doesNotMatch(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, `stderr holds a stack trace\n${shown}`)
}

describe('slugline build: route table errors (Next.js sentences)', { concurrency: true }, () => {
  it('different slug names at the same level', async () => {
    const r = await buildApp({ 'pages/api/x/[id].ts': null, 'pages/api/x/[slug]/y.ts': null })
    assertBuildError(r, [
      "You cannot use different slug names for the same dynamic path ('id' !== 'slug').",
      'pages/api/x/[id].ts',
      'pages/api/x/[slug]/y.ts',
    ])
  })

  it('the same slug name twice in one path', async () => {
    const r = await buildApp({ 'pages/api/[id]/[id].ts': null })
    assertBuildError(r, ['You cannot have the same slug name "id" repeat within a single dynamic path', 'pages/api/[id]/[id].ts'])
  })

  it('slug names that differ only by non-word symbols', async () => {
    const r = await buildApp({ 'pages/api/[a-b]/[ab].ts': null })
    assertBuildError(r, [
      'You cannot have the slug names "a-b" and "ab" differ only by non-word symbols within a single dynamic path',
      'pages/api/[a-b]/[ab].ts',
    ])
  })

  it('a catch-all that is not the last segment', async () => {
    const r = await buildApp({ 'pages/api/[...a]/b.ts': null })
    assertBuildError(r, ['Catch-all must be the last part of the URL.', 'pages/api/[...a]/b.ts'])
  })

  it('a route with the same specificity as an optional catch-all', async () => {
    const r = await buildApp({ 'pages/api/x.ts': null, 'pages/api/x/[[...slug]].ts': null })
    assertBuildError(r, [
      'You cannot define a route with the same specificity as a optional catch-all route ("/api/x" and "/api/x[[...slug]]").',
      'pages/api/x.ts',
      'pages/api/x/[[...slug]].ts',
    ])
  })

  it('a required and an optional catch-all in one folder', async () => {
    // Next.js says "an required and optional" or "an optional and required" depending on which
    // file it inserts first; both start the same way.
    const r = await buildApp({ 'pages/api/c/[...a].ts': null, 'pages/api/c/[[...b]].ts': null })
    assertBuildError(r, ['You cannot use both an', 'catch-all route at the same level', 'pages/api/c/[...a].ts', 'pages/api/c/[[...b]].ts'])
  })

  it('an optional non-catch-all parameter ([[id]])', async () => {
    const r = await buildApp({ 'pages/api/[[id]].ts': null })
    assertBuildError(r, ['Optional route parameters are not yet supported ("[[id]]").', 'pages/api/[[id]].ts'])
  })

  it('extra brackets around a segment name ([[[id]]])', async () => {
    // `[[[id]]]`: the outer pair is the dynamic segment, the next pair makes it optional,
    // which leaves `[id]` as the name.
    const r = await buildApp({ 'pages/api/[[[id]]].ts': null })
    assertBuildError(r, ["Segment names may not start or end with extra brackets ('[id]').", 'pages/api/[[[id]]].ts'])
  })

  it('extra brackets inside a catch-all ([...[id]])', async () => {
    const r = await buildApp({ 'pages/api/[...[id]].ts': null })
    assertBuildError(r, ["Segment names may not start or end with extra brackets ('[id]').", 'pages/api/[...[id]].ts'])
  })

  it('a segment name starting with a period', async () => {
    const r = await buildApp({ 'pages/api/[.id].ts': null })
    assertBuildError(r, ["Segment names may not start with erroneous periods ('.id').", 'pages/api/[.id].ts'])
  })

  it('two files for the same URL', async () => {
    const r = await buildApp({ 'pages/api/a.ts': null, 'pages/api/a/index.ts': null })
    assertBuildError(r, ['pages/api/a.ts', 'pages/api/a/index.ts', '/api/a'])
  })
})

describe('slugline build: handler errors', { concurrency: true }, () => {
  it('a syntax error names file:line:column', async () => {
    const r = await buildApp({
      'pages/api/ok.ts': null,
      'pages/api/broken.ts': 'export default function handler(req: any, res: any) {\n  const x = ;\n}\n',
    })
    assertBuildError(r, ['pages/api/broken.ts'])
    // The `;` is on line 2, at column 12 counted from 0 (esbuild's convention) or 13 from 1.
    assert.match(r.stderr, /pages\/api\/broken\.ts:2:1[23]\b/, r.stderr)
  })

  it('a default export that is not a function names the file', async () => {
    const r = await buildApp({ 'pages/api/ok.ts': null, 'pages/api/answer.ts': 'export default 42\n' })
    assertBuildError(r, ['pages/api/answer.ts'])
    assert.ok(!r.stderr.includes('pages/api/ok.ts'), r.stderr)
  })

  it('a module without a default export names the file', async () => {
    const r = await buildApp({ 'pages/api/ok.ts': null, 'pages/api/nodefault.ts': 'export const value = 1\n' })
    assertBuildError(r, ['pages/api/nodefault.ts'])
    assert.ok(!r.stderr.includes('pages/api/ok.ts'), r.stderr)
  })

  it('an import that cannot be resolved names the importing file and the import', async () => {
    const r = await buildApp({
      'pages/api/ok.ts': null,
      'pages/api/needs.ts': `import x from './missing'\n\nexport default function handler(req: any, res: any) { res.json({ x }) }\n`,
    })
    assertBuildError(r, ['pages/api/needs.ts', './missing'])
  })

  it('an app folder with no routes folder', async () => {
    const r = await buildApp({ 'lib/util.ts': 'export const x = 1\n' })
    assert.equal(r.status, 1, r.stderr)
    assert.match(r.stderr, /^Error: /m, r.stderr)
    assert.ok(r.stderr.includes('pages/api'), r.stderr)
  })
})
