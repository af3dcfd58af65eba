// A route pattern as OpenAPI paths: `/api/authors/[id]` -> `/api/authors/{id}`. OpenAPI path
// params are single, required segments, so a catch-all is documented as one param holding the
// rest of the path, and an optional catch-all as two paths (its root, and with the param).
import type { Route, Segment } from '../routes/types.ts'

export interface PathTemplate {
  path: string
  /** The params in this path, in URL order. */
  params: Segment[]
  /** The optional catch-all's root (`/api/shop` for `/api/shop/[[...slug]]`). */
  root: boolean
}

function render(segments: Segment[]): string {
  const parts = segments.map((s) => (s.type === 'static' ? s.name : `{${s.name}}`))
  return `/${parts.join('/')}`.replace(/^\/$/, '/')
}

export function pathTemplates(route: Route): PathTemplate[] {
  const params = route.segments.filter((s) => s.type !== 'static')
  const last = route.segments.at(-1)
  if (last?.type !== 'optional-catch-all') return [{ path: render(route.segments), params, root: false }]
  const rootSegments = route.segments.slice(0, -1)
  return [
    { path: render(rootSegments), params: params.slice(0, -1), root: true },
    { path: render(route.segments), params, root: false },
  ]
}
