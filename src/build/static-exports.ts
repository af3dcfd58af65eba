// What `slugline build` needs to know of a route module without running it: the value of
// `export const config` when it is a literal (as Next.js reads a page's config statically), and
// what kind of thing the default export is when that shows in the source. Running a module's
// top-level code at build time opened the example's production database and failed builds
// whose secrets exist only where the app runs.
//
// The source goes through esbuild's transform first (types, comments and `as const` gone,
// printed in one canonical style), and a small reader takes the literal from there: objects,
// arrays, strings, numbers, booleans, null, undefined. Anything else (a variable, a call, a
// spread) makes the config "not a literal": `slugline start` reads it when the module loads.
import fs from 'node:fs'
import path from 'node:path'
import type { Loader } from 'esbuild'
import { loadEsbuild } from './esbuild.ts'
import type { SchemaShape } from '../schema/check-schema.ts'
import { readSchemaShape } from '../schema/static-schema.ts'

export const NOT_LITERAL: unique symbol = Symbol('not a literal')

export interface StaticExports {
  /** The config's value; undefined when there is no `export const config`; NOT_LITERAL when its
   *  value is not a literal. */
  config: unknown
  /** What the default export is, when the source says: a literal or a function; else null. */
  defaultKind: 'function' | 'a number' | 'a string' | 'a boolean' | 'null' | 'an object' | 'an array' | null
  /** `export const schema`'s methods and keys, when the source shows them (src/schema). */
  schema?: SchemaShape | undefined
}

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' }

class Reader {
  i: number
  constructor(
    readonly text: string,
    start: number,
  ) {
    this.i = start
  }

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++
  }

  private peek(): string {
    this.skipSpace()
    return this.text[this.i] ?? ''
  }

  private eat(token: string): boolean {
    this.skipSpace()
    if (!this.text.startsWith(token, this.i)) return false
    this.i += token.length
    return true
  }

  /** A literal's value; throws NOT_LITERAL at anything else. */
  value(): unknown {
    const c = this.peek()
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"' || c === "'" || c === '`') return this.string()
    const word = /^(?:-?(?:0[xob][\da-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)|true|false|null|void 0|undefined)(?![\w$])/i.exec(this.text.slice(this.i))
    if (word === null) throw NOT_LITERAL
    this.i += word[0].length
    switch (word[0]) {
      case 'true':
        return true
      case 'false':
        return false
      case 'null':
        return null
      case 'void 0':
      case 'undefined':
        return undefined
    }
    return Number(word[0])
  }

  private string(): string {
    this.skipSpace()
    const quote = this.text[this.i]!
    let out = ''
    for (this.i++; this.i < this.text.length; this.i++) {
      const c = this.text[this.i]!
      if (c === quote) {
        this.i++
        return out
      }
      if (quote === '`' && c === '$' && this.text[this.i + 1] === '{') throw NOT_LITERAL
      if (c === '\\') {
        const next = this.text[++this.i]!
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' }
        if (next === 'u' || next === 'x') throw NOT_LITERAL // rare in a config; left to start
        out += simple[next] ?? next
      } else out += c
    }
    throw NOT_LITERAL
  }

  private object(): Record<string, unknown> {
    this.eat('{')
    const out: Record<string, unknown> = {}
    while (!this.eat('}')) {
      const c = this.peek()
      let key: string
      if (c === '"' || c === "'") key = this.string()
      else {
        const m = /^[\w$]+/.exec(this.text.slice(this.i))
        if (m === null) throw NOT_LITERAL
        key = m[0]
        this.i += key.length
      }
      if (!this.eat(':')) throw NOT_LITERAL // a shorthand `{ x }` or a method
      out[key] = this.value()
      if (!this.eat(',') && this.peek() !== '}') throw NOT_LITERAL
    }
    return out
  }

  private array(): unknown[] {
    this.eat('[')
    const out: unknown[] = []
    while (!this.eat(']')) {
      out.push(this.value())
      if (!this.eat(',') && this.peek() !== ']') throw NOT_LITERAL
    }
    return out
  }

  /** Whether the literal ends its statement (`{ a: 1 }.a` or `1 + x` is not a literal). */
  ended(): boolean {
    const c = this.peek()
    return c === ';' || c === ''
  }
}

function readLiteral(text: string, start: number): unknown {
  const reader = new Reader(text, start)
  try {
    const value = reader.value()
    return reader.ended() ? value : NOT_LITERAL
  } catch (err) {
    if (err === NOT_LITERAL) return NOT_LITERAL
    throw err
  }
}

function defaultKind(code: string): StaticExports['defaultKind'] {
  const m = /^export default (async function|function|class|async \(|\(|[\w$]+ =>|async [\w$]+ =>)?/m.exec(code)
  if (m === null) return null
  // A class is a function too: whether it serves as a handler shows when it is called.
  if (m[1] !== undefined) return 'function'
  const start = m.index + 'export default '.length
  // An object or array literal is one whatever it holds (methods, spreads, variables).
  if (code[start] === '{') return 'an object'
  if (code[start] === '[') return 'an array'
  const value = readLiteral(code, start)
  if (value === NOT_LITERAL) return null
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return typeof value === 'number' ? 'a number' : typeof value === 'string' ? 'a string' : typeof value === 'boolean' ? 'a boolean' : null
}

/** Reads a route source's static exports. A file esbuild cannot parse has none (the build has
 *  reported it already). */
export async function readStaticExports(file: string): Promise<StaticExports> {
  const source = await fs.promises.readFile(file, 'utf8')
  if (!/\bexport\b/.test(source)) return { config: undefined, defaultKind: null }
  let code: string
  try {
    code = (await loadEsbuild().transform(source, { loader: LOADERS[path.extname(file)] ?? 'js', jsx: 'preserve', logLevel: 'silent' })).code
  } catch {
    return { config: undefined, defaultKind: null }
  }
  const decl = /^export (?:const|let|var) config = /m.exec(code)
  let config: unknown
  if (decl !== null) config = readLiteral(code, decl.index + decl[0].length)
  else if (/^export \{[^}]*\bconfig\b[^}]*\}/m.test(code)) config = NOT_LITERAL
  return { config, defaultKind: defaultKind(code), schema: readSchemaShape(code) }
}
