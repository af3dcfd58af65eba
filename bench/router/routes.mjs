// The route sets and request paths of the router benchmark, in one notation-neutral form so
// every candidate gets equivalent patterns. Each family i holds four routes:
//   /api/r{i}                   static
//   /api/r{i}/[id]              dynamic
//   /api/r{i}/[id]/items        dynamic, 4 segments (the "< 100 ns" case)
//   /api/f{i}/[...path]         catch-all (its own prefix: Hono's RegExpRouter refuses a
//                               catch-all beside a :param sibling)
// A table of n routes is the first n of these.

export function routeSet(n) {
  const routes = []
  for (let i = 0; routes.length < n; i++) {
    const p = `r${i}`
    routes.push(
      [{ s: 'api' }, { s: p }],
      [{ s: 'api' }, { s: p }, { d: 'id' }],
      [{ s: 'api' }, { s: p }, { d: 'id' }, { s: 'items' }],
      [{ s: 'api' }, { s: `f${i}` }, { c: 'path' }],
    )
  }
  return routes.slice(0, n)
}

/** 16 paths per kind, spread over the table, so no candidate answers one cached path. */
export function requestPaths(n) {
  const families = Math.max(1, Math.floor(n / 4)) // complete families only
  const pick = (k) => Math.floor(((k + 0.5) * families) / 16)
  const paths = { static: [], dynamic4: [], catchAll: [], miss: [] }
  for (let k = 0; k < 16; k++) {
    const i = pick(k)
    paths.static.push(`/api/r${i}`)
    paths.dynamic4.push(`/api/r${i}/${1000 + k}/items`)
    paths.catchAll.push(`/api/f${i}/docs/${k}/report.txt`)
    paths.miss.push(`/api/zz${k}/x`)
  }
  return paths
}

export const toNext = (route) => '/' + route.map((x) => x.s ?? (x.d ? `[${x.d}]` : `[...${x.c}]`)).join('/')
export const toColon = (route) => '/' + route.map((x) => x.s ?? (x.d ? `:${x.d}` : '*')).join('/')
