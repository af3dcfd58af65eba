// Next.js answers a non-canonical path (a trailing slash, an empty `//` segment, a backslash
// used as a slash) with a 308 to the canonical one, and so do we. Dot segments (`/./`, `/../`) are resolved the same way, so a
// `..` can never climb out of the route table: it only ever names a route that exists.

/** Whether `path` needs a redirect. Cheap: no allocation for an ordinary path. */
export function isCanonical(path: string): boolean {
  const n = path.length
  if (n > 1 && path.charCodeAt(n - 1) === 47 /* / */) return false
  if (path.indexOf('//') !== -1 || path.indexOf('\\') !== -1) return false
  if (path.indexOf('/.') !== -1) {
    for (const seg of path.split('/')) if (seg === '.' || seg === '..') return false
  }
  return true
}

/** `/api//a/./b/../c/` -> `/api/a/c`, `/api\\a` -> `/api/a`. Never climbs above `/`. */
export function canonicalPath(path: string): string {
  const out: string[] = []
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  return '/' + out.join('/')
}
