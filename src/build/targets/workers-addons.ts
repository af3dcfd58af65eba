// The packages in a workers bundle that are native addons, which Workers cannot load: found
// from esbuild's metafile (every input file) by the package each file belongs to, and traced
// back to the route files that import them, so the error names both.
import fs from 'node:fs'
import path from 'node:path'
import type { Metafile } from 'esbuild'
import type { TargetContext } from './types.ts'

export interface NativeAddon {
  name: string
  /** What shows it is one: `binding.gyp`, `"gypfile": true`, or a `.node` file. */
  evidence: string
  /** The route files that import it, directly or not. */
  routes: string[]
}

const NODE_MODULES = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/

function addonEvidence(pkgDir: string): string | null {
  if (fs.existsSync(path.join(pkgDir, 'binding.gyp'))) return 'binding.gyp'
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { gypfile?: boolean; binary?: unknown }
    if (pkg.gypfile === true) return '"gypfile": true'
  } catch {
    return null
  }
  for (const sub of ['build/Release', 'prebuilds']) {
    const dir = path.join(pkgDir, sub)
    if (fs.existsSync(dir) && fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.node'))) return `${sub}/*.node`
  }
  return null
}

export function findNativeAddons(metafile: Metafile, ctx: TargetContext): NativeAddon[] {
  const abs = (f: string) => path.resolve(ctx.dir, f)
  const addons = new Map<string, NativeAddon>()
  const checked = new Map<string, string | null>()
  const byFile = new Map<string, string>()
  for (const input of Object.keys(metafile.inputs)) {
    const m = NODE_MODULES.exec(abs(input))
    if (m === null) continue
    const pkgDir = m[1]!
    if (!checked.has(pkgDir)) checked.set(pkgDir, addonEvidence(pkgDir))
    const evidence = checked.get(pkgDir)
    if (evidence == null) continue
    const name = pkgDir.slice(pkgDir.lastIndexOf('node_modules') + 'node_modules'.length + 1).split(path.sep).join('/')
    if (!addons.has(name)) addons.set(name, { name, evidence, routes: [] })
    byFile.set(abs(input), name)
  }
  if (addons.size === 0) return []
  // Which routes reach each addon: a walk of the import graph from each route file.
  const imports = new Map<string, string[]>()
  for (const [input, meta] of Object.entries(metafile.inputs)) imports.set(abs(input), meta.imports.filter((i) => !i.external).map((i) => abs(i.path)))
  for (const route of ctx.routes) {
    const seen = new Set<string>()
    const stack = [path.join(ctx.dir, route.file)]
    while (stack.length > 0) {
      const f = stack.pop()!
      if (seen.has(f)) continue
      seen.add(f)
      const addon = byFile.get(f)
      if (addon !== undefined) {
        const routes = addons.get(addon)!.routes
        if (!routes.includes(route.file)) routes.push(route.file)
      }
      stack.push(...(imports.get(f) ?? []))
    }
  }
  return [...addons.values()]
}
