// `server-only` and `client-only`, as Next.js's server build resolves them (recorded with
// Next.js 16.4.6, test/fixtures/interop/next-recorded.json): `server-only` is an empty module
// everywhere on the server, in pages/api and route handlers, from app files and from npm
// packages alike. `client-only` is an empty module for pages/api, and fails the build when an
// app route handler (a Server Component module to Next) reaches it, with Next's message and
// import trace. Neither package needs to be installed: Next ships its own copies too.
import fs from 'node:fs'
import path from 'node:path'
import type { Message, Metafile, Plugin } from 'esbuild'

export const MARKER_PACKAGES = new Set(['server-only', 'client-only'])
const NAMESPACE = 'slugline-marker'
/** How the marker module is named in esbuild's metafile. */
const CLIENT_ONLY_INPUT = `${NAMESPACE}:client-only`

/** Next's words, joined as one message (Turbopack prints the second sentence after the code frame). */
export const CLIENT_ONLY_MESSAGE = "'client-only' cannot be imported from a Server Component module. It should only be used from a Client Component."

export function markerPackagesPlugin(): Plugin {
  return {
    name: 'slugline-marker-packages',
    setup(build) {
      build.onResolve({ filter: /^(server-only|client-only)$/ }, (args) => ({ path: args.path, namespace: NAMESPACE }))
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({ contents: '', loader: 'js' }))
    },
  }
}

/** Where `file` imports `specifier`: its first quoted occurrence, as esbuild locates messages. */
export function importLocation(file: string, specifier: string, dir: string): Message['location'] {
  let text = ''
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
  const at = text.search(new RegExp(`['"]${specifier.replace(/[-/]/g, '\\$&')}['"]`))
  if (at < 0) return null
  const before = text.slice(0, at)
  const line = before.split('\n').length
  const lineStart = before.lastIndexOf('\n') + 1
  const lineText = text.slice(lineStart, text.indexOf('\n', at) < 0 ? undefined : text.indexOf('\n', at))
  return {
    file: path.relative(dir, file).split(path.sep).join('/'),
    namespace: 'file',
    line,
    column: at - lineStart,
    length: specifier.length + 2,
    lineText,
    suggestion: '',
  }
}

/** The client-only error for a trace of files (the importer first, the route last). */
export function clientOnlyError(trace: readonly string[], dir: string): Message {
  const rel = (f: string) => `./${path.relative(dir, f).split(path.sep).join('/')}`
  return {
    id: '',
    pluginName: 'slugline-marker-packages',
    text: CLIENT_ONLY_MESSAGE,
    location: importLocation(trace[0]!, 'client-only', dir),
    notes: [{ text: `Import trace:\n  App Route:\n${trace.map((f) => `    ${rel(f)}`).join('\n')}`, location: null }],
    detail: undefined,
  }
}

/** Every app route entry that reaches `client-only`, as an error with its import trace. Paths in
 *  the metafile are relative to `dir`. */
export function findClientOnlyImports(metafile: Metafile, appEntries: readonly string[], dir: string): Message[] {
  if (!(CLIENT_ONLY_INPUT in metafile.inputs)) return []
  const errors: Message[] = []
  for (const entry of appEntries) {
    // Breadth first, so the trace is a shortest one.
    const parent = new Map<string, string | null>([[entry, null]])
    const queue = [entry]
    let found: string | null = null
    while (queue.length > 0 && found === null) {
      const file = queue.shift()!
      for (const imp of metafile.inputs[file]?.imports ?? []) {
        if (imp.external) continue
        if (imp.path === CLIENT_ONLY_INPUT) {
          found = file
          break
        }
        if (!parent.has(imp.path)) {
          parent.set(imp.path, file)
          queue.push(imp.path)
        }
      }
    }
    if (found === null) continue
    const trace: string[] = []
    for (let f: string | null = found; f !== null; f = parent.get(f) ?? null) trace.push(path.resolve(dir, f))
    errors.push(clientOnlyError(trace, dir))
  }
  return errors
}
