// The route table as the CLI prints it: one line per route, in precedence order.
import type { Route } from './types.ts'

export function formatRouteTable(routes: readonly Route[]): string {
  const header = { pattern: 'Route', kind: 'Kind', file: 'File' }
  const rows = [header, ...routes.map((r) => ({ pattern: r.pattern, kind: r.kind, file: r.file }))]
  const w1 = Math.max(...rows.map((r) => r.pattern.length))
  const w2 = Math.max(...rows.map((r) => r.kind.length))
  return rows.map((r) => `${r.pattern.padEnd(w1)}  ${r.kind.padEnd(w2)}  ${r.file}`).join('\n')
}
