// Files a Next.js app may hold that Slugline does not run yet. Serving without them silently
// would let requests through that the app means to stop (auth in middleware, say), so build,
// dev and start each name them.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts']

/** `middleware` (Next.js up to 15) and `proxy` (its name from Next.js 16), at the app's root or in src/. */
const NAMES = ['middleware', 'proxy']

/** The unsupported files in the app folder, relative to it. */
export function findUnsupportedFiles(dir: string): string[] {
  const found: string[] = []
  for (const folder of ['', 'src']) {
    let names: string[]
    try {
      names = readdirSync(join(dir, folder))
    } catch {
      continue
    }
    for (const name of names.sort()) {
      const dot = name.indexOf('.')
      if (dot !== -1 && NAMES.includes(name.slice(0, dot)) && EXTENSIONS.includes(name.slice(dot))) found.push(folder ? `${folder}/${name}` : name)
    }
  }
  return found
}

export function unsupportedFileWarnings(dir: string): string[] {
  return findUnsupportedFiles(dir).map(
    (file) => `Warning: ${file} is not run: Slugline does not support Next.js middleware or proxy yet, so every request reaches the routes without it.`,
  )
}
