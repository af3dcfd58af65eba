// `slugline build` reads a route's `export const schema` from its source, as it reads `config`
// (build/static-exports.ts), without running it: which methods it names, and which keys each
// has. The values are validator calls; only the object literals around them are read. Works on
// esbuild's printed output (one canonical style); anything else than an object of objects
// (`export const schema = makeSchema()`) is left to the check when the module loads.
import type { SchemaShape } from './check-schema.ts'

const NOT_READABLE = Symbol('not readable')

class Scanner {
  constructor(
    readonly text: string,
    public i: number,
  ) {}

  space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++
  }

  /** Skips a string or template literal starting at i. */
  skipString(): void {
    const quote = this.text[this.i++]!
    while (this.i < this.text.length) {
      const c = this.text[this.i++]!
      if (c === '\\') this.i++
      else if (c === quote) return
      else if (quote === '`' && c === '$' && this.text[this.i] === '{') {
        this.i++
        this.skipUntil('}')
        this.i++
      }
    }
    throw NOT_READABLE
  }

  /** Moves to the next `stop` character at depth 0 (one of `stops`), skipping nested code. */
  skipUntil(stops: string): void {
    let depth = 0
    while (this.i < this.text.length) {
      const c = this.text[this.i]!
      if (c === '"' || c === "'" || c === '`') {
        this.skipString()
        continue
      }
      if (depth === 0 && stops.includes(c)) return
      if (c === '(' || c === '[' || c === '{') depth++
      else if (c === ')' || c === ']' || c === '}') depth--
      if (depth < 0) throw NOT_READABLE
      this.i++
    }
    throw NOT_READABLE
  }

  key(): string {
    this.space()
    const c = this.text[this.i]
    if (c === '"' || c === "'") {
      const start = this.i
      this.skipString()
      return JSON.parse(c === '"' ? this.text.slice(start, this.i) : `"${this.text.slice(start + 1, this.i - 1)}"`) as string
    }
    const m = /^[\w$]+/.exec(this.text.slice(this.i, this.i + 200))
    if (m === null) throw NOT_READABLE // a spread or a computed key
    this.i += m[0].length
    return m[0]
  }

  /** Reads `{ key: value, ... }`, calling `onValue` at each value's start. */
  object(onValue: (key: string) => void): void {
    this.space()
    if (this.text[this.i] !== '{') throw NOT_READABLE
    this.i++
    for (;;) {
      this.space()
      if (this.text[this.i] === '}') {
        this.i++
        return
      }
      const key = this.key()
      this.space()
      if (this.text[this.i] !== ':') throw NOT_READABLE // shorthand or method
      this.i++
      this.space()
      onValue(key)
      this.skipUntil(',}')
      if (this.text[this.i] === ',') this.i++
    }
  }
}

/** The shape of `export const schema = { ... }` in esbuild-printed code; undefined when there
 *  is none or it cannot be read statically. */
export function readSchemaShape(code: string): SchemaShape | undefined {
  const decl = /^export (?:const|let|var) schema = /m.exec(code)
  if (decl === null) return undefined
  const scanner = new Scanner(code, decl.index + decl[0].length)
  const shape: SchemaShape = {}
  try {
    scanner.object((method) => {
      const keys: string[] = (shape[method] = [])
      if (scanner.text[scanner.i] !== '{') return // `GET: getSchema`: its keys show at load
      scanner.object((key) => keys.push(key))
    })
  } catch (err) {
    if (err === NOT_READABLE) return undefined
    throw err
  }
  return shape
}
