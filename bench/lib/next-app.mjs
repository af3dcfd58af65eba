// `--with-next`: the same bench app served by real Next.js 16 (`next build` + `next start`).
// Next.js is not a dependency of Slugline: it is installed on first use with npm into a cache
// folder in the temp dir, and each generated app is built once and kept there (keyed by its
// routes), so later runs start at once. The app is the JavaScript twin of lib/app.mjs.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const NEXT_VERSION = '16'
const CACHE = path.join(os.tmpdir(), 'slugline-bench-next')

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

function run(cmd, args, cwd, what) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 600_000, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
  if (r.status !== 0) throw new Error(`${what} failed (${cmd} ${args.join(' ')}):\n${r.stdout}\n${r.stderr}`)
}

function ensureNextInstalled() {
  if (fs.existsSync(path.join(CACHE, 'node_modules', 'next', 'package.json'))) return
  fs.mkdirSync(CACHE, { recursive: true })
  fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'slugline-bench-next', private: true }))
  console.error(`next: installing next@${NEXT_VERSION} into ${CACHE} (first use only) ...`)
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `next@${NEXT_VERSION}`, 'react@19', 'react-dom@19'], CACHE, 'npm install next')
}

/** Builds (once) and returns the folder of a Next.js app with the bench routes. */
export function createNextApp(routes) {
  ensureNextInstalled()
  const dir = path.join(CACHE, `app-${routes}`)
  if (fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) return dir
  fs.rmSync(dir, { recursive: true, force: true })
  for (let i = 0; i < routes; i++) {
    write(path.join(dir, 'pages/api', `r${i}`, '[id].js'), `export default function handler(req, res) {\n  res.status(200).json({ route: ${i}, id: req.query.id })\n}\n`)
  }
  write(path.join(dir, 'pages/api/health.js'), `export default function handler(req, res) {\n  res.status(200).json({ ok: true })\n}\n`)
  write(path.join(dir, 'pages/api/files/[...path].js'), `export default function handler(req, res) {\n  res.status(200).json({ path: req.query.path })\n}\n`)
  write(
    path.join(dir, 'pages/api/echo.js'),
    `export default function handler(req, res) {\n  if (req.method !== 'POST') return res.status(405).json({ error: 'Method Not Allowed' })\n  res.status(200).json({ received: req.body.items.length, first: req.body.items[0].name })\n}\n`,
  )
  write(path.join(dir, 'app/items/[id]/route.js'), `export async function GET(request, context) {\n  const { id } = await context.params\n  return Response.json({ id })\n}\n`)
  // The app's node_modules is the cache's: Node resolves `next` from the parent folder.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `bench-next-${routes}`, private: true }))
  console.error(`next: next build of ${routes} routes in ${dir} (first use only) ...`)
  run(process.execPath, [nextBin(), 'build'], dir, 'next build')
  return dir
}

export function nextBin() {
  return path.join(CACHE, 'node_modules', 'next', 'dist', 'bin', 'next')
}
