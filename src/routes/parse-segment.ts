// Parses one segment of a route pattern (`authors`, `[id]`, `[...slug]`, `[[...slug]]`) and
// rejects the names Next.js rejects, with Next.js's own sentences, so a message a user looks up
// finds the Next.js docs and issues that explain it.
// Follows next/src/shared/lib/router/utils/sorted-routes.ts (UrlNode._insert).
import { SluglineError } from '../errors.ts'
import type { Segment } from './types.ts'

export function parseSegment(text: string, file: string): Segment {
  if (!(text.startsWith('[') && text.endsWith(']'))) return { type: 'static', name: text }

  let name = text.slice(1, -1)
  let optional = false
  if (name.startsWith('[') && name.endsWith(']')) {
    name = name.slice(1, -1)
    optional = true
  }
  const invalid = (message: string) => new SluglineError('ROUTE_INVALID', `${message}\n  ${file}`, [file])
  if (name.startsWith('…')) {
    throw invalid(`Detected a three-dot character ('…') at ('${name}'). Did you mean ('...')?`)
  }
  let catchAll = false
  if (name.startsWith('...')) {
    name = name.slice(3)
    catchAll = true
  }
  if (name.startsWith('[') || name.endsWith(']')) {
    throw invalid(`Segment names may not start or end with extra brackets ('${name}').`)
  }
  if (name.startsWith('.')) {
    throw invalid(`Segment names may not start with erroneous periods ('${name}').`)
  }
  if (optional && !catchAll) {
    throw invalid(`Optional route parameters are not yet supported ("${text}").`)
  }
  if (catchAll) return { type: optional ? 'optional-catch-all' : 'catch-all', name }
  return { type: 'dynamic', name }
}

/** Splits `/api/authors/[id]` into parsed segments; the root `/` has none. */
export function parsePattern(pattern: string, file: string): Segment[] {
  return pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s) => parseSegment(s, file))
}
