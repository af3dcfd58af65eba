// Where an app's instrumentation file is: as in Next.js, `instrumentation.ts` (or .js, ...)
// beside the routes folders: in the app's root, or in `src/` when the routes are in src/pages
// or src/app. One in the other place is not run, and a warning says so.
import fs from 'node:fs'
import path from 'node:path'

export const INSTRUMENTATION_EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts']

export interface FoundInstrumentation {
  /** Relative to the app folder, posix separators; null when there is none. */
  file: string | null
  warnings: string[]
}

function inFolder(dir: string, sub: string): string[] {
  const folder = sub === '' ? dir : path.join(dir, sub)
  return INSTRUMENTATION_EXTENSIONS.map((ext) => (sub === '' ? '' : `${sub}/`) + `instrumentation${ext}`).filter((rel) =>
    fs.statSync(path.join(folder, path.basename(rel)), { throwIfNoEntry: false })?.isFile(),
  )
}

/** Whether the routes live under src/ (src/pages/api or src/app), as Next.js decides it. */
function routesInSrc(dir: string): boolean {
  const isDir = (p: string) => fs.statSync(path.join(dir, p), { throwIfNoEntry: false })?.isDirectory() === true
  return !isDir('pages') && !isDir('app') && (isDir('src/pages') || isDir('src/app'))
}

export function findInstrumentation(dir: string): FoundInstrumentation {
  const useSrc = routesInSrc(dir)
  const used = inFolder(dir, useSrc ? 'src' : '')
  const ignored = inFolder(dir, useSrc ? '' : 'src')
  const warnings: string[] = []
  if (used.length > 1) warnings.push(`Warning: ${used.join(' and ')} both exist; only ${used[0]} is run.`)
  for (const file of ignored) {
    warnings.push(`Warning: ${file} is not run: with the routes in ${useSrc ? 'src/' : 'the app folder'}, the instrumentation file goes ${useSrc ? 'in src/' : 'beside pages/ and app/'} (${useSrc ? 'src/' : ''}instrumentation.ts).`)
  }
  return { file: used[0] ?? null, warnings }
}

/** Whether a changed file could be (or have been) the app's instrumentation file. */
export function isInstrumentationPath(dir: string, file: string): boolean {
  const rel = path.relative(dir, file).split(path.sep).join('/')
  const base = rel.startsWith('src/') ? rel.slice(4) : rel
  return !base.includes('/') && INSTRUMENTATION_EXTENSIONS.some((ext) => base === `instrumentation${ext}`)
}
