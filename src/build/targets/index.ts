// The deploy targets `slugline build --target <name>` knows, each loaded only when asked for.
// `node` is the ordinary build itself (dir/.slugline, served by `slugline start`).
import type { TargetName } from './names.ts'
import type { Target } from './types.ts'

const TARGETS: Record<TargetName, (() => Promise<Target>) | null> = {
  node: null,
  standalone: () => import('./standalone.ts').then((m) => m.standalone),
  vercel: () => import('./vercel.ts').then((m) => m.vercel),
  lambda: () => import('./lambda.ts').then((m) => m.lambda),
  workers: () => import('./workers.ts').then((m) => m.workers),
}

/** The target's packager, or null for `node` (nothing to do past the ordinary build). */
export async function loadTarget(name: TargetName): Promise<Target | null> {
  const load = TARGETS[name]
  return load === null ? null : load()
}
