// The Slugline app every benchmark serves, generated into a temp dir and built with the real
// CLI (`node bin/slugline.mjs build`), so what is measured is what a user runs:
//   pages/api/r{i}/[id].ts      x N  res.status(200).json({ route: i, id: req.query.id })
//   pages/api/health.ts              a static route
//   pages/api/files/[...path].ts     a catch-all route
//   pages/api/echo.ts                POST, a JSON body in, a summary out
//   pages/api/work.ts                ~0.2 ms of CPU per request (the --workers scaling case)
//   app/items/[id]/route.ts          an App Router route returning Response.json(...)
// The baseline servers in bench/servers/ serve the same URLs with the same answers.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
// SLUGLINE_BENCH_CLI=/path/to/other/bin/slugline.mjs benchmarks another build (a branch, a
// change under test) with the same harness.
export const cliPath = process.env.SLUGLINE_BENCH_CLI ?? path.join(repoRoot, 'bin', 'slugline.mjs')

const HEADER = `import type { NextApiRequest, NextApiResponse } from 'next'\n\n`

const PAGES = {
  'health.ts': `${HEADER}export default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ ok: true })\n}\n`,
  'files/[...path].ts': `${HEADER}export default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ path: req.query.path })\n}\n`,
  'echo.ts': `${HEADER}export default function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).json({ error: 'Method Not Allowed' })
  res.status(200).json({ received: req.body.items.length, first: req.body.items[0].name })
}\n`,
  'work.ts': `${HEADER}export default function handler(req: NextApiRequest, res: NextApiResponse) {
  let h = 0x811c9dc5
  for (let i = 0; i < 200_000; i++) h = Math.imul(h ^ i, 0x01000193)
  res.status(200).json({ h })
}\n`,
}

const APP_ROUTE = `export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params
  return Response.json({ id })
}\n`

function dynamicRoute(i) {
  return `${HEADER}export default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ route: ${i}, id: req.query.id })\n}\n`
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

/** Writes the app with `routes` dynamic routes (plus the extras unless `extras: false`) into a
 *  fresh temp dir and builds it. Returns the dir; throws with the CLI's output if the build fails. */
export function createBenchApp(routes, { extras = true } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slugline-bench-${routes}-`))
  for (let i = 0; i < routes; i++) write(path.join(dir, 'pages/api', `r${i}`, '[id].ts'), dynamicRoute(i))
  if (extras) {
    for (const [file, text] of Object.entries(PAGES)) write(path.join(dir, 'pages/api', file), text)
    write(path.join(dir, 'app/items/[id]/route.ts'), APP_ROUTE)
  }
  const r = spawnSync(process.execPath, [cliPath, 'build', dir], { encoding: 'utf8', timeout: 300_000 })
  if (r.status !== 0) throw new Error(`slugline build failed for ${dir}:\n${r.stdout}\n${r.stderr}`)
  return dir
}

export function removeApp(dir) {
  fs.rmSync(dir, { recursive: true, force: true })
}

/** A JSON body of about 1 KB for the POST case. */
export function jsonBody1k() {
  const items = []
  let text = ''
  for (let i = 0; text.length < 1000; i++) {
    items.push({ id: i, name: `item-${i}`, tags: ['a', 'b'] })
    text = JSON.stringify({ items })
  }
  return text
}
