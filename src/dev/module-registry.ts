// The dev server's own module system for app code. Each app file is compiled alone
// (compile-module.ts) and evaluated as a CommonJS module that is in no cache of Node's: when a
// file changes, the registry drops it and every module that required it, directly or not, and
// they are evaluated again on the next request that needs them. Everything else keeps its
// instance (a database client in lib/db.ts survives an edit to a route), and a dropped module
// is garbage like any other object. That is why app code is never `import()`ed here: Node
// keeps every ES module it has loaded until the process exits, so a reload per edit would leak.
import fs from 'node:fs'
import Module, { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Message } from 'esbuild'
import { inNodeModules } from '../build/package-info.ts'
import { CompileError, compileModule, type CompiledModule, type ResolveCache, type Resolution } from './compile-module.ts'

/** The parts of node:module's Module that @types/node leaves out. */
interface NodeModule {
  exports: unknown
  filename: string
  paths: string[]
  loaded: boolean
  require(id: string): unknown
  _compile(code: string, filename: string): void
}
const ModuleClass = Module as unknown as {
  new (id: string): NodeModule
  _nodeModulePaths(dir: string): string[]
}

interface ModuleRecord {
  readonly file: string
  /** Bumped on every change, so a compile that started before it is thrown away. */
  version: number
  compiled: CompiledModule | null
  /** Its imports' resolutions from the last successful compile, while they still hold: an edit
   *  recompiles by relinking them (compile-module.ts). Null after files appear or vanish. */
  previous: Map<string, Resolution> | null
  failure: CompileError | null
  compiling: Promise<void> | null
  /** The evaluated module; null until required (again). */
  instance: NodeModule | null
}

const JSON_MODULE: CompiledModule = { code: null, deps: [], compat: new Map(), esm: false, imports: new Map(), clientOnly: false, warnings: [] }

export interface RegistryOptions {
  /** The app folder: messages name files relative to it. */
  dir: string
  /** A file failed to compile (a current failure, never one made stale by a later edit). */
  onCompileError?: (file: string, error: CompileError) => void
  /** A file entered the registry (the dev server watches folders outside the app for it). */
  onNewFile?: (file: string) => void
  /** A compile let through what may fail when run (console.warn when not given). */
  onWarning?: (text: string) => void
}

export class ModuleRegistry {
  private readonly records = new Map<string, ModuleRecord>()
  /** file -> the app files that require it. */
  private readonly importers = new Map<string, Set<string>>()
  private readonly resolveCache: ResolveCache = new Map()
  private readonly compat = new Map<string, unknown>()
  private readonly compatLoading = new Map<string, Promise<void>>()
  private readonly nodeRequires = new Map<string, NodeJS.Require>()
  private readonly options: RegistryOptions

  constructor(options: RegistryOptions) {
    this.options = options
  }

  has(file: string): boolean {
    return this.records.has(file)
  }

  files(): string[] {
    return [...this.records.keys()]
  }

  /** The evaluated instance of a file, or null: its identity tells a cache whether anything
   *  the file depends on has changed since. */
  instance(file: string): object | null {
    return this.records.get(file)?.instance ?? null
  }

  /** Whether a compiled file was written as an ES module (else CommonJS or JSON). */
  isEsm(file: string): boolean {
    return this.records.get(file)?.compiled?.esm ?? false
  }

  /** Compiles `entry` and every app file it requires, transitively, that is not compiled yet;
   *  loads the compat modules they import. Never rejects: failures stay on their records. */
  async prepare(entry: string): Promise<void> {
    for (;;) {
      const pending: Promise<void>[] = []
      const seen = new Set<string>()
      const stack = [entry]
      while (stack.length > 0) {
        const file = stack.pop()!
        if (seen.has(file)) continue
        seen.add(file)
        const rec = this.record(file)
        if (rec.failure) continue
        if (!rec.compiled) {
          pending.push(this.compile(rec))
          continue
        }
        for (const compatFile of rec.compiled.compat.values()) {
          if (!this.compat.has(compatFile)) pending.push(this.loadCompat(compatFile))
        }
        for (const dep of rec.compiled.deps) stack.push(dep)
      }
      if (pending.length === 0) return
      await Promise.all(pending)
    }
  }

  /** The first compile failure among `entry` and what it requires (after prepare). */
  compileFailure(entry: string): { file: string; error: CompileError } | null {
    const seen = new Set<string>()
    const stack = [entry]
    while (stack.length > 0) {
      const file = stack.pop()!
      const rec = this.records.get(file)
      if (!rec || seen.has(file)) continue
      seen.add(file)
      if (rec.failure) return { file, error: rec.failure }
      if (rec.compiled) for (const dep of rec.compiled.deps) stack.push(dep)
    }
    return null
  }

  /** The shortest import chain from `entry` to a file importing `client-only` (that file first,
   *  `entry` last), or null (after prepare). */
  clientOnlyTrace(entry: string): string[] | null {
    const parent = new Map<string, string | null>([[entry, null]])
    const queue = [entry]
    while (queue.length > 0) {
      const file = queue.shift()!
      const compiled = this.records.get(file)?.compiled
      if (!compiled) continue
      if (compiled.clientOnly) {
        const trace: string[] = []
        for (let f: string | null = file; f !== null; f = parent.get(f) ?? null) trace.push(f)
        return trace
      }
      for (const dep of compiled.deps) {
        if (!parent.has(dep)) {
          parent.set(dep, file)
          queue.push(dep)
        }
      }
    }
    return null
  }

  /** Evaluates a prepared file (once) and returns its module.exports. Throws what it throws. */
  require(file: string): unknown {
    const rec = this.records.get(file)
    if (rec?.instance) return rec.instance.exports
    if (rec?.failure) throw rec.failure
    if (!rec?.compiled) throw new Error(`slugline dev: ${this.relative(file)} was required before it was compiled.`)
    const m = new ModuleClass(file)
    m.filename = file
    m.paths = ModuleClass._nodeModulePaths(path.dirname(file))
    // The `require` Node hands the module's code calls this method.
    m.require = (id: string) => this.requireFrom(rec, id)
    // Set before running, as Node does, so a require cycle gets the partial exports.
    rec.instance = m
    try {
      if (rec.compiled.code === null) m.exports = this.parseJson(file)
      else m._compile(rec.compiled.code, file)
    } catch (err) {
      if (rec.instance === m) rec.instance = null
      throw err
    }
    m.loaded = true
    return m.exports
  }

  /** A file's content changed: recompile it, evaluate it and its importers again. */
  changed(file: string): boolean {
    const rec = this.records.get(file)
    if (!rec) return false
    rec.previous = rec.compiled?.imports ?? rec.previous
    this.resetCompile(rec)
    this.dropInstances(file)
    return true
  }

  /** A file is gone: its importers compile again, so that esbuild names the broken import. */
  removed(file: string): boolean {
    const rec = this.records.get(file)
    if (!rec) return false
    this.resolveCache.clear()
    this.dropInstances(file)
    for (const importer of this.importers.get(file) ?? []) {
      const r = this.records.get(importer)
      if (r) {
        r.previous = null
        this.resetCompile(r)
      }
    }
    this.setDeps(file, rec.compiled?.deps ?? [], [])
    this.records.delete(file)
    return true
  }

  /** A file appeared: imports that failed to resolve may resolve now, and any import may now
   *  resolve to it (`./x` to a new `x.ts` beside `x.js`): resolve everything again. */
  added(): void {
    this.resolveCache.clear()
    for (const rec of this.records.values()) {
      rec.previous = null
      if (rec.failure) this.resetCompile(rec)
    }
  }

  /** Everything compiles and evaluates again (a tsconfig or package.json changed). */
  reset(): void {
    this.resolveCache.clear()
    for (const rec of this.records.values()) {
      rec.previous = null
      this.resetCompile(rec)
      rec.instance = null
    }
  }

  /** Every module evaluates again on next use; compiled code is kept (the env files changed). */
  dropAllInstances(): void {
    for (const rec of this.records.values()) rec.instance = null
  }

  private record(file: string): ModuleRecord {
    let rec = this.records.get(file)
    if (!rec) {
      rec = { file, version: 0, compiled: null, previous: null, failure: null, compiling: null, instance: null }
      this.records.set(file, rec)
      // Package files (compile-module.ts) are not watched: installs do not change under dev.
      if (!inNodeModules(file)) this.options.onNewFile?.(file)
    }
    return rec
  }

  private resetCompile(rec: ModuleRecord): void {
    rec.version++
    rec.compiled = null
    rec.failure = null
    rec.compiling = null
  }

  private compile(rec: ModuleRecord): Promise<void> {
    if (rec.compiling) return rec.compiling
    if (path.extname(rec.file) === '.json') {
      rec.compiled = JSON_MODULE
      return Promise.resolve()
    }
    const version = rec.version
    const done = compileModule(rec.file, {
      dir: this.options.dir,
      cache: this.resolveCache,
      previous: rec.previous,
      onAppImport: (dep) => {
        const r = this.record(dep)
        if (!r.compiled && !r.failure) void this.compile(r)
      },
    }).then(
      (compiled) => {
        if (rec.version !== version) return
        this.setDeps(rec.file, rec.compiled?.deps ?? [], compiled.deps)
        rec.compiled = compiled
        for (const text of compiled.warnings) (this.options.onWarning ?? console.warn)(text)
      },
      (err: unknown) => {
        if (rec.version !== version) return
        rec.failure = err instanceof CompileError ? err : new CompileError([toMessage(err)])
        this.options.onCompileError?.(rec.file, rec.failure)
      },
    )
    rec.compiling = done.finally(() => {
      if (rec.version === version) rec.compiling = null
    })
    return rec.compiling
  }

  private setDeps(file: string, before: readonly string[], after: readonly string[]): void {
    for (const dep of before) this.importers.get(dep)?.delete(file)
    for (const dep of after) {
      let set = this.importers.get(dep)
      if (!set) this.importers.set(dep, (set = new Set()))
      set.add(file)
    }
  }

  private dropInstances(file: string): void {
    const seen = new Set<string>()
    const stack = [file]
    while (stack.length > 0) {
      const f = stack.pop()!
      if (seen.has(f)) continue
      seen.add(f)
      const rec = this.records.get(f)
      if (rec) rec.instance = null
      for (const importer of this.importers.get(f) ?? []) stack.push(importer)
    }
  }

  private requireFrom(rec: ModuleRecord, id: string): unknown {
    if (this.records.has(id)) return this.require(id)
    const compatFile = rec.compiled?.compat.get(id)
    if (compatFile !== undefined) return this.compat.get(compatFile)
    return this.nodeRequire(rec.file)(id)
  }

  /** Packages, builtins and anything else outside the registry: Node's own require, from the
   *  requiring file's folder. */
  private nodeRequire(file: string): NodeJS.Require {
    const dir = path.dirname(file)
    let req = this.nodeRequires.get(dir)
    if (!req) this.nodeRequires.set(dir, (req = createRequire(file)))
    return req
  }

  private loadCompat(file: string): Promise<void> {
    let loading = this.compatLoading.get(file)
    if (!loading) {
      loading = import(pathToFileURL(file).href).then((ns) => void this.compat.set(file, ns))
      this.compatLoading.set(file, loading)
    }
    return loading
  }

  private parseJson(file: string): unknown {
    const text = fs.readFileSync(file, 'utf8')
    try {
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    } catch (err) {
      throw new SyntaxError(`${this.relative(file)}: ${(err as Error).message}`)
    }
  }

  private relative(file: string): string {
    return path.relative(this.options.dir, file).split(path.sep).join('/')
  }
}

function toMessage(err: unknown): Message {
  const text = err instanceof Error ? err.message : String(err)
  return { id: '', pluginName: '', text, location: null, notes: [], detail: undefined }
}
