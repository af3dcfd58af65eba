// Finds and loads the app's `next.config.{js,mjs,ts,mts}` unchanged, as Next.js 16 does (it
// refuses `.cjs`, `.cts`, `.json`, `.jsx` and `.tsx`, with its message):
// a module whose default export (or `module.exports`) is the config object, or a function
// `(phase, { defaultConfig }) => config` (sync or async). JavaScript files are imported as they
// are (Node decides ESM or CommonJS from the extension and package.json); a TypeScript one is
// bundled by esbuild first (its packages stay external), into `.slugline/cache/`.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { SluglineError } from '../errors.ts'

/** Next.js 16's list (shared/lib/constants.ts CONFIG_FILES), in its order. */
const FILES = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.mts']
/** Names Next.js refuses with the message below (server/config.ts). */
const REFUSED = ['next.config.cjs', 'next.config.cts', 'next.config.json', 'next.config.jsx', 'next.config.tsx']

/** Next.js's phase names (next/constants). */
export type ConfigPhase = 'phase-production-build' | 'phase-production-server' | 'phase-development-server'

/** What Next.js hands the function form as `defaultConfig`: the defaults of the keys an API
 *  server reads (Next.js's own object has many more, all about pages). */
export const DEFAULT_CONFIG = Object.freeze({
  basePath: '',
  trailingSlash: false,
  skipTrailingSlashRedirect: false,
  skipMiddlewareUrlNormalize: false,
  compress: true,
  poweredByHeader: true,
  generateEtags: true,
  env: {},
})

/** The config file's name, relative to the app, or null when there is none. */
export function findNextConfig(dir: string): string | null {
  const found = FILES.filter((f) => fs.existsSync(path.join(dir, f)))
  if (found.length === 0) {
    const refused = REFUSED.find((f) => fs.existsSync(path.join(dir, f)))
    if (refused !== undefined) {
      throw new SluglineError('CONFIG_INVALID', `Configuring Next.js via '${refused}' is not supported. Please replace the file with 'next.config.js', 'next.config.mjs', or 'next.config.ts'.`, [refused])
    }
  }
  // Next.js takes the first of its list and ignores the rest; two files is a mistake worth saying.
  if (found.length > 1) console.warn(`Warning: ${found.join(' and ')} both exist; only ${found[0]} is read, as in Next.js.`)
  return found[0] ?? null
}

let loads = 0

async function importConfigModule(dir: string, file: string): Promise<unknown> {
  const abs = path.join(dir, file)
  let url = pathToFileURL(abs).href
  if (/\.[mc]?ts$/.test(file)) {
    const { loadEsbuild } = await import('../build/esbuild.ts')
    const out = path.join(dir, '.slugline', 'cache', `next.config.${process.pid}.${loads++}.mjs`)
    fs.mkdirSync(path.dirname(out), { recursive: true })
    await loadEsbuild().build({
      absWorkingDir: dir,
      entryPoints: [abs],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    })
    try {
      return await import(pathToFileURL(out).href)
    } finally {
      fs.rmSync(out, { force: true })
    }
  }
  // A query makes dev's reload import the edited file, not Node's cached module.
  if (loads > 0) url += `?v=${loads}`
  loads++
  return import(url)
}

/** The config object of the app (null without a config file), with the function form called. */
export async function loadNextConfig(dir: string, phase: ConfigPhase): Promise<{ file: string; config: Record<string, unknown> } | null> {
  const file = findNextConfig(dir)
  if (file === null) return null
  let ns: unknown
  try {
    ns = await importConfigModule(dir, file)
  } catch (err) {
    throw new SluglineError('CONFIG_INVALID', `Failed to load ${file}: ${(err as Error).message ?? String(err)}`, [file])
  }
  let value = (ns as { default?: unknown }).default ?? ns
  // A CommonJS module compiled from ESM by TypeScript: { __esModule, default }.
  if (typeof value === 'object' && value !== null && '__esModule' in value && 'default' in value) value = (value as { default: unknown }).default
  if (typeof value === 'function') value = await (value as (phase: string, ctx: object) => unknown)(phase, { defaultConfig: DEFAULT_CONFIG })
  value = await value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SluglineError('CONFIG_INVALID', `${file} must export an object or a function returning one (got ${value === null ? 'null' : typeof value}).`, [file])
  }
  return { file, config: value as Record<string, unknown> }
}
