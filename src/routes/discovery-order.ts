// The order Next.js meets route files in, which decides which file of a conflicting pair is
// "already there" and so how its error names them ("[[...b]]" and "[...a]", or the other way
// round). Recorded from `next build` (Next.js 16, Turbopack; test/fixtures/next-conflicts): in
// each folder its files come first, in code-unit order, then its subfolders, depth first, in
// reverse order (a walk that pushes a folder's subfolders on a stack). So `z/[[...b]].ts` comes
// before `z/[...a]/index.ts`, and `x/[slug]/b.ts` before `x/[id]/a.ts`.

/** Compares two posix paths relative to the app folder in Next.js's discovery order. */
export function compareDiscoveryOrder(a: string, b: string): number {
  if (a === b) return 0
  const as = a.split('/')
  const bs = b.split('/')
  let i = 0
  while (as[i] === bs[i]) i++
  const aFile = i === as.length - 1
  const bFile = i === bs.length - 1
  if (aFile !== bFile) return aFile ? -1 : 1
  const order = as[i]! < bs[i]! ? -1 : 1
  return aFile ? order : -order
}
