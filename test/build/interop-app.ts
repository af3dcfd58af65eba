// Shared by the interop tests: a fixture app of test/fixtures/interop copied to a temp folder
// with its real npm packages installed (from the npm cache when they are there: a second or two)
// and the fixture packages of test/fixtures/interop/packages copied into its node_modules.
// `next` is never installed: peer dependencies are left out, as the packages' `next/*` imports
// must reach Slugline's compat modules.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { copyApp, repoRoot } from '../helpers/app-server.ts'

export const interopFixtures = path.join(repoRoot, 'test', 'fixtures', 'interop')

export function installInteropApp(name: string): string {
  const dir = fs.realpathSync(copyApp(path.join(interopFixtures, name)))
  const r = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--legacy-peer-deps', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  )
  if (r.status !== 0) throw new Error(`npm install in the ${name} fixture failed:\n${r.stdout}\n${r.stderr}`)
  if (fs.existsSync(path.join(dir, 'node_modules', 'next'))) throw new Error('the interop fixtures must run without next installed')
  const packages = path.join(interopFixtures, 'packages')
  for (const pkg of fs.readdirSync(packages)) {
    fs.cpSync(path.join(packages, pkg), path.join(dir, 'node_modules', pkg), { recursive: true })
  }
  return dir
}

/** The answers recorded from Next.js 16.4.6 for the interop fixtures (README there says how). */
export function recorded(): Record<string, { status: number; body: unknown }> {
  return JSON.parse(fs.readFileSync(path.join(interopFixtures, 'next-recorded.json'), 'utf8')).answers
}
