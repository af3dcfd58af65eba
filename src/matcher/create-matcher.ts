// The matcher servers use: the interpreted walk (tree-matcher.ts) for a table's first
// COMPILE_AFTER matches, then the compiled one (compiled-matcher.ts). Both find the same route
// for every path (the tests hold them to it); they differ in what they cost and when.
// Why not compile at once: generating and compiling the code costs ~7 ms per 100 routes cold
// (~420 ms at 10,000), paid before the first request by `slugline start` (whose start-up is
// measured against a bare node:http server) and by `slugline dev` at every route file added or
// removed, where a table rarely serves many requests before it changes again. The walk costs
// ~40 ns more per match until then (bench/router.mjs: 99 vs 59 ns at 10 routes).
import { canGenerateCode } from './code-generation.ts'
import { CompiledMatcher } from './compiled-matcher.ts'
import { createTree, type Tree } from './tree.ts'
import { TreeMatcher } from './tree-matcher.ts'
import type { Match, MatchableRoute, Matcher } from './types.ts'

/** Matches served by the walk before the table is compiled. */
export const COMPILE_AFTER = 1000

export class TieredMatcher<T extends MatchableRoute> implements Matcher<T> {
  private current: Matcher<T>
  private remaining = COMPILE_AFTER
  /** Built once: the walk reads it, the compiler turns it into code; neither changes it. */
  private readonly tree: Tree<T>

  constructor(routes: readonly T[]) {
    this.tree = createTree(routes)
    this.current = new TreeMatcher(this.tree)
  }

  /** Which matcher answers now. */
  get tier(): 'tree' | 'compiled' {
    return this.remaining > 0 ? 'tree' : 'compiled'
  }

  match(pathname: string): Match<T> | null {
    // Where code cannot be generated (Workers: code-generation.ts), the walk serves for good.
    if (this.remaining > 0 && --this.remaining === 0 && canGenerateCode()) this.current = new CompiledMatcher(this.tree)
    return this.current.match(pathname)
  }
}

export function createMatcher<T extends MatchableRoute>(routes: readonly T[]): Matcher<T> {
  return new TieredMatcher(routes)
}
