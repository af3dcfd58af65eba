// Pure mapping from a file's path to the URL pattern Next.js serves it at, or null when the
// file is not a route. Paths are relative to the routes folder, with posix separators.

export const ROUTE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs'] as const

/** Type declarations and tests live beside handlers but are not routes. */
function isIgnoredFile(rel: string): boolean {
  return (
    rel.endsWith('.d.ts') ||
    /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel) ||
    rel.split('/').some((part) => part === '__tests__' || part === 'node_modules')
  )
}

function stripExtension(rel: string): string | null {
  const ext = ROUTE_EXTENSIONS.find((e) => rel.endsWith(e))
  return ext ? rel.slice(0, -ext.length) : null
}

/** `api/authors/[id].ts` (relative to `pages/`) -> `/api/authors/[id]`; `api/index.ts` -> `/api`. */
export function pagesFileToPattern(rel: string): string | null {
  if (!rel.startsWith('api/') || isIgnoredFile(rel)) return null
  const bare = stripExtension(rel)
  if (bare === null) return null
  const parts = bare.split('/')
  if (parts[parts.length - 1] === 'index') parts.pop()
  return '/' + parts.join('/')
}

/** `v2/(shop)/items/[id]/route.ts` (relative to `app/`) -> `/v2/items/[id]`. Route groups
 *  `(name)` and parallel-route slots `@name` leave the URL; private folders `_name` hold no routes. */
export function appFileToPattern(rel: string): string | null {
  if (isIgnoredFile(rel)) return null
  const bare = stripExtension(rel)
  if (bare === null) return null
  const parts = bare.split('/')
  if (parts.pop() !== 'route') return null
  if (parts.some((p) => p.startsWith('_'))) return null
  const url = parts.filter((p) => !(p.startsWith('(') && p.endsWith(')')) && !p.startsWith('@'))
  return '/' + url.join('/')
}
