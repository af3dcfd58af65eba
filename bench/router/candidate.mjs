// One router candidate at one table size, in its own process (so no candidate runs on JIT
// state another left behind): builds the table, checks that each request path finds the
// expected route, then times match() per path kind. Each match gets a fresh path string, as a
// server has one (sliced from req.url): a path used twice would carry its cached hash.
// Two timings: the CPU time of 11 rounds of ~30 ms of matches (process.cpuUsage, median; time
// this process spends descheduled on a busy machine does not count) and mitata's p50 of
// wall-clock samples, as a cross-check. Prints JSON:
// { candidate, routes, buildMs, ns: { static, dynamic4, catchAll, miss }, mitataP50: {...} }
//   node bench/router/candidate.mjs <slugline|find-my-way|hono-regexp> <routes> <slugline bundle>
import { do_not_optimize, measure } from 'mitata'
import { requestPaths, routeSet, toColon, toNext } from './routes.mjs'

const [candidate, sizeArg, sluglineBundle] = process.argv.slice(2)
const n = Number(sizeArg)
const routes = routeSet(n)
const paths = requestPaths(n)

async function createCandidate() {
  if (candidate === 'slugline') {
    const { createRouteTable, createMatcher } = await import(sluglineBundle)
    const files = routes.map((r) => ({ file: `pages${toNext(r)}.ts`, pattern: toNext(r), source: 'pages' }))
    const matcher = createMatcher(createRouteTable(files))
    return (path) => matcher.match(path)
  }
  if (candidate === 'find-my-way') {
    const { default: FindMyWay } = await import('find-my-way')
    const router = FindMyWay()
    for (const r of routes) router.on('GET', toColon(r), () => {})
    return (path) => router.find('GET', path)
  }
  if (candidate === 'hono-regexp') {
    const { RegExpRouter } = await import('hono/router/reg-exp-router')
    const router = new RegExpRouter()
    for (const r of routes) router.add('GET', toColon(r), toColon(r))
    const match = (path) => router.match('GET', path)
    match('/') // RegExpRouter compiles on its first match; keep that out of the timings
    return match
  }
  throw new Error(`unknown candidate ${candidate}`)
}

const t0 = performance.now()
const match = await createCandidate()
const buildMs = performance.now() - t0

function found(result) {
  if (result === null || result === undefined) return false
  if (Array.isArray(result)) return result[0].length > 0 // hono: [[handler, params]...]
  return true
}
for (const [kind, list] of Object.entries(paths)) {
  for (const p of list) {
    if (found(match(p)) !== (kind !== 'miss')) throw new Error(`${candidate}: ${p} ${kind === 'miss' ? 'matched' : 'did not match'}`)
  }
}

// Each path behind one extra character: `.slice(1)` makes a new string per match (~6 ns,
// the same for every candidate).
const padded = Object.fromEntries(Object.entries(paths).map(([k, list]) => [k, list.map((p) => `x${p}`)]))

function cpuNsPerMatch(list) {
  const ROUNDS = 11
  let sink = 0
  // Warm up (JIT) for ~100 ms, then size the rounds: ~30 ms each, whatever a match costs
  // (Hono's RegExpRouter at 10k routes: ~50 µs).
  const warmUntil = performance.now() + 100
  while (performance.now() < warmUntil) for (let i = 0; i < 200; i++) if (match(list[i & 15].slice(1))) sink++
  const probe = process.cpuUsage()
  for (let i = 0; i < 2000; i++) if (match(list[i & 15].slice(1))) sink++
  const probeUs = Math.max(1, process.cpuUsage(probe).user)
  const K = Math.max(2000, Math.min(1_000_000, Math.round((30_000 / probeUs) * 2000)))
  const xs = []
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.cpuUsage()
    for (let i = 0; i < K; i++) if (match(list[i & 15].slice(1))) sink++
    const d = process.cpuUsage(t)
    xs.push(((d.user + d.system) * 1000) / K)
  }
  do_not_optimize(sink)
  return xs.sort((a, b) => a - b)[ROUNDS >> 1]
}

const ns = {}
const mitataP50 = {}
for (const [kind, list] of Object.entries(padded)) {
  ns[kind] = cpuNsPerMatch(list)
  let i = 0
  mitataP50[kind] = (await measure(() => do_not_optimize(match(list[i++ & 15].slice(1))))).p50
}
console.log(JSON.stringify({ candidate, routes: n, buildMs, ns, mitataP50 }))
