// Non-canonical paths, handled as Next.js 16 handles them (checked against `next start`):
// - a trailing slash, an empty `//` segment or a backslash used as a slash: 308 to the
//   canonical path;
// - dot segments (`.`, `..`, and their encoded forms `%2e`, as WHATWG URLs count them) are
//   resolved, never climbing above `/`: in the middle of the path the resolved path is served
//   directly (`/api/a/../b` is `/api/b`); at its end they redirect (`/api/authors/..` -> 308
//   `/api`). So a `..` can only ever name a route that exists, and never reaches a handler as
//   a param value.

/** Whether `path` needs any rewriting. Cheap: no allocation for an ordinary path. */
export function isCanonical(path: string): boolean {
  const n = path.length
  if (n > 1 && path.charCodeAt(n - 1) === 47 /* / */) return false
  if (path.indexOf('//') !== -1 || path.indexOf('\\') !== -1) return false
  if (path.indexOf('/.') !== -1 || path.indexOf('%2') !== -1) {
    for (const seg of path.split('/')) if (isDotSegment(seg)) return false
  }
  return true
}

function isDotSegment(seg: string): boolean {
  if (seg.length === 0 || seg.length > 6) return false
  const s = seg.toLowerCase()
  return s === '.' || s === '..' || s === '%2e' || s === '.%2e' || s === '%2e.' || s === '%2e%2e'
}

function isDoubleDot(seg: string): boolean {
  return isDotSegment(seg) && seg.length > 1 && seg.toLowerCase() !== '%2e'
}

export interface Rewrite {
  /** The canonical path. */
  path: string
  /** Answer 308 to `path` (true), or serve `path` as if requested (false). */
  redirect: boolean
}

/** The canonical form of a non-canonical path, and whether Next.js redirects to it. */
export function rewritePath(path: string): Rewrite {
  const raw = path.replace(/\\/g, '/')
  const segments = raw.split('/')
  const out: string[] = []
  for (const seg of segments) {
    if (seg === '') continue
    if (isDotSegment(seg)) {
      if (isDoubleDot(seg)) out.pop()
    } else out.push(seg)
  }
  const last = segments[segments.length - 1]
  const redirect = raw !== path || raw.indexOf('//') !== -1 || (raw.length > 1 && last === '') || isDotSegment(last)
  return { path: '/' + out.join('/'), redirect }
}
