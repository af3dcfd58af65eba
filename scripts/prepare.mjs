// `prepare`: builds dist/ whenever npm installs this package from its source rather than from
// a packed tarball (which ships dist/ built and no `prepare`, see scripts/pack-manifest.mjs):
//
// - `npm ci` / `npm install` in a clone: the dependencies are there; build.
// - A git dependency (`npm install github:...`): npm clones, installs every dependency, runs
//   this, then packs the clone. The packed manifest must not keep `prepare` (npm would list it
//   as an unreviewed install script in every consumer), so it is dropped from the clone's
//   package.json, which npm deletes after packing.
// - A folder dependency (`npm install /path/to/clone`): npm links the folder and runs this
//   *before*, and without, installing the folder's own dependencies, so esbuild and tsc are
//   missing. They are installed here first, from the lockfile, as `npm ci` would in the clone.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const requireHere = createRequire(path.join(root, 'package.json'))

function resolvable(name) {
  try {
    requireHere.resolve(name)
    return true
  } catch {
    return false
  }
}

function run(command, args, env = process.env) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

if (!resolvable('esbuild') || !resolvable('typescript/package.json')) {
  console.log(`slugline: installing its build tools in ${root} (installed from a folder)`)
  // The outer install's own location must not leak into this one.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^npm_(config_local_prefix|command|lifecycle_|package_)/.test(k)),
  )
  const npm = process.env.npm_execpath
  // --ignore-scripts: building needs no native module; esbuild finds its binary package without
  // its postinstall check.
  const args = ['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund']
  if (npm) run(process.execPath, [npm, ...args], env)
  else run('npm', args, env)
}

run(process.execPath, [path.join(root, 'scripts', 'build.mjs')])

if (process.env.npm_package_resolved === root) {
  const file = path.join(root, 'package.json')
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
  delete manifest.scripts.prepare
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n')
}
