// A deploy output's copy of the build and of the npm packages its route modules import. The
// routes are compiled with their packages left external (compile-routes.ts); here @vercel/nft
// follows those imports from the compiled modules, as Next.js's `output: 'standalone'` does,
// and only the files it finds are copied: each package's package.json and the files that load,
// native addons (`.node`) included, not the whole of node_modules.
//
// Where a traced file goes: below `node_modules/` as the package sits in the app's (npm's
// nested layout kept; pnpm's `.pnpm/<name>@<version>/node_modules/` store flattened to the
// package itself), so `import 'pkg'` from `.slugline/server/` finds it by Node's own lookup.
// A file of the app outside node_modules (read through `new URL('./x', import.meta.url)`)
// keeps its place relative to the app folder.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { BUILD_DIR, MANIFEST_FILE, readManifest } from '../../server/manifest.ts'
import type { TargetContext } from './types.ts'

export interface CopiedApp {
  /** The packages copied in, by name, sorted. */
  packages: string[]
  /** How many files were copied from outside the build (packages and app files). */
  tracedFiles: number
}

type Nft = typeof import('@vercel/nft')

/** Loaded on first use, with require() (esbuild.ts says why): only these targets need it. */
function loadNft(): Nft {
  return createRequire(import.meta.url)('@vercel/nft') as Nft
}

/** `<outDir>/.slugline/`: the manifest and the compiled route modules, as `start` reads them. */
export function copyBuild(ctx: TargetContext, outDir: string): void {
  const to = path.join(outDir, BUILD_DIR)
  fs.mkdirSync(to, { recursive: true })
  fs.copyFileSync(path.join(ctx.buildDir, MANIFEST_FILE), path.join(to, MANIFEST_FILE))
  fs.cpSync(path.join(ctx.buildDir, 'server'), path.join(to, 'server'), { recursive: true })
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`

/** Where a traced file belongs in the output, relative to it; null for none. */
export function placeTracedFile(file: string, appDir: string): string | null {
  const at = file.indexOf(NODE_MODULES)
  if (at !== -1) {
    let rest = file.slice(at + NODE_MODULES.length)
    if (rest.startsWith(`.pnpm${path.sep}`)) {
      const inner = rest.indexOf(NODE_MODULES)
      if (inner === -1) return null
      rest = rest.slice(inner + NODE_MODULES.length)
    }
    return path.join('node_modules', rest)
  }
  const rel = path.relative(appDir, file)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null
  return rel
}

function packageName(placed: string): string {
  const parts = placed.split(path.sep)
  const last = parts.lastIndexOf('node_modules')
  return parts[last + 1].startsWith('@') ? `${parts[last + 1]}/${parts[last + 2]}` : parts[last + 1]
}

/** Copies the build into outDir and the files its route modules need at run time beside it. */
export async function copyAppWithDependencies(ctx: TargetContext, outDir: string): Promise<CopiedApp> {
  copyBuild(ctx, outDir)
  const buildDir = path.resolve(ctx.buildDir) + path.sep
  // The instrumentation module's packages too (src/instrumentation; @sentry/node, say).
  const instrumentation = readManifest(ctx.dir).instrumentation
  const modules = [...ctx.routes.map((r) => r.module), ...(instrumentation ? [instrumentation.module] : [])]
  const entries = [...new Set(modules.map((m) => path.join(ctx.buildDir, m)))]
  const { fileList } = await loadNft().nodeFileTrace(entries, { base: path.parse(ctx.dir).root, processCwd: ctx.dir })
  const packages = new Set<string>()
  let tracedFiles = 0
  for (const relative of fileList) {
    const file = path.join(path.parse(ctx.dir).root, relative)
    if (file.startsWith(buildDir)) continue
    // nft lists a symlink and the file it points at: the real file is copied where the link was.
    const stat = fs.lstatSync(file)
    if (!stat.isFile()) continue
    const placed = placeTracedFile(file, ctx.dir)
    if (placed === null) continue
    const dest = path.join(outDir, placed)
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    fs.copyFileSync(file, dest)
    tracedFiles++
    if (placed.startsWith(`node_modules${path.sep}`)) packages.add(packageName(placed))
  }
  return { packages: [...packages].sort(), tracedFiles }
}
