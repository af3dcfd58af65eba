// Lets a route file written for Next.js build without `next` installed: `next` (types only at
// run time), `next/server` and `next/headers` resolve to Slugline's own implementations, which
// are bundled into the output. Any other `next/*` import fails the build there and then, naming
// the import and the file, rather than at request time.
import fs from 'node:fs'
import { createRequire, isBuiltin } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'

/** Slugline's own package folder, found from wherever this code was bundled to. */
export function packageRoot(): string {
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

/** Whether an import specifier is `next` or `next/...`, which Slugline answers itself. */
export const NEXT_IMPORT = /^next(\/|$)/

/** The compat module a `next` import maps to, or the error message for one Slugline lacks.
 *  Shared by the build and by `slugline dev`, so both accept and refuse the same imports. */
export function resolveNextImport(specifier: string): { file: string } | { error: string } {
  const target = SUPPORTED[specifier]
  if (target) return { file: compatFile(target) }
  return {
    error: `"${specifier}" is not available in Slugline: only "next" (types), "next/server" and "next/headers" are provided for route handlers.`,
  }
}

/** For a bare import made by one of Slugline's own files (the compat modules and what they
 *  import), the file it resolves to from Slugline's folder; null for any other import. */
export function resolveCompatDependency(importer: string, specifier: string): string | null {
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return null
  const root = packageRoot()
  const own = [path.join(root, 'src') + path.sep, path.join(root, 'dist') + path.sep]
  if (!own.some((dir) => importer.startsWith(dir))) return null
  return createRequire(importer).resolve(specifier)
}

/** An npm package (next-auth 5 imports `next/navigation` for its server actions) may import a
 *  `next/*` module Slugline lacks for code a route handler never runs: rather than fail the
 *  build, that import gets a module whose every export throws, naming it, when called, and the
 *  build warns. CommonJS, so that esbuild checks no names; the exports object's prototype is a
 *  Proxy, so that the copy esbuild's interop makes of it still answers every name. */
export function missingNextModule(specifier: string): string {
  const text = JSON.stringify(`is not available in Slugline (from "${specifier}")`)
  return (
    `const fail = (name) => function () { throw new Error(name + " " + ${text}) };` +
    ` module.exports = Object.create(new Proxy({}, { get: (_, name) => typeof name === 'string' && name !== '__esModule' && name !== 'then' ? fail(name) : undefined }));`
  )
}

export function missingNextWarning(specifier: string, importer: string): string {
  return `"${specifier}" is not available in Slugline; ${importer} imports it, and what it exports throws when called.`
}

const MISSING_NAMESPACE = 'slugline-next-missing'

/** The package-relative name of a file inside node_modules, for messages: `next-auth/lib/actions.js`. */
export function packagePath(file: string): string {
  const parts = file.split(path.sep)
  return parts.slice(parts.lastIndexOf('node_modules') + 1).join('/')
}

export function nextCompatPlugin(): Plugin {
  return {
    name: 'slugline-next-compat',
    setup(build) {
      build.onResolve({ filter: NEXT_IMPORT }, (args) => {
        const resolved = resolveNextImport(args.path)
        if ('file' in resolved) return { path: resolved.file }
        if (args.importer.split(path.sep).includes('node_modules')) {
          return { path: args.path, namespace: MISSING_NAMESPACE, warnings: [{ text: missingNextWarning(args.path, packagePath(args.importer)) }] }
        }
        return { errors: [{ text: resolved.error }] }
      })
      build.onLoad({ filter: /.*/, namespace: MISSING_NAMESPACE }, (args) => ({ contents: missingNextModule(args.path), loader: 'js' }))
      // The compat modules' own packages (cookie) come from Slugline's node_modules, not the
      // app's: bundle them rather than leave them external where the app cannot find them.
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const dep = resolveCompatDependency(args.importer, args.path)
        return dep === null ? undefined : { path: dep }
      })
    },
  }
}
