// Lets a route file written for Next.js build without `next` installed: `next` (types only at
// run time), `next/server` and `next/headers` resolve to Slugline's own implementations, which
// are bundled into the output. Any other `next/*` import fails the build there and then, naming
// the import and the file, rather than at request time.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'

/** Slugline's own package folder, found from wherever this code was bundled to. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('slugline: cannot find its own package.json')
    dir = parent
  }
  return dir
}

/** Our compat module's file: the compiled .js in dist/, else the .ts source (under tsx). */
function compatFile(name: string): string {
  const root = packageRoot()
  const js = path.join(root, 'dist', 'compat', `${name}.js`)
  return fs.existsSync(js) ? js : path.join(root, 'src', 'compat', `${name}.ts`)
}

const SUPPORTED: Record<string, string> = {
  next: 'next',
  'next/server': 'next-server',
  'next/headers': 'next-headers',
}

export function nextCompatPlugin(): Plugin {
  return {
    name: 'slugline-next-compat',
    setup(build) {
      build.onResolve({ filter: /^next(\/|$)/ }, (args) => {
        const target = SUPPORTED[args.path]
        if (target) return { path: compatFile(target) }
        return {
          errors: [
            {
              text: `"${args.path}" is not available in Slugline: only "next" (types), "next/server" and "next/headers" are provided for route handlers.`,
            },
          ],
        }
      })
    },
  }
}
