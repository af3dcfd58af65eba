// proxy.ts (or middleware.ts) under `slugline dev`: found again when files appear or go,
// compiled and run through the module registry like any route (an edit to it, or to a module
// it imports, takes effect on the next request), its `config.matcher` read from the source
// whenever its code changes. A proxy that fails to compile, to load or to export a function
// answers 500 with the error for the requests it would have run for.
import fs from 'node:fs'
import path from 'node:path'
import { readStaticExports, NOT_LITERAL } from '../build/static-exports.ts'
import { loadAppRuntime } from '../server/app-runtime.ts'
import { findProxyFile, missingExportMessage, proxyFunctionOf, type ProxyFile } from '../pipeline/find-proxy-file.ts'
import type { ProxyMatcher } from '../pipeline/proxy-manifest.ts'
import { compileProxyMatchers } from '../pipeline/proxy-matcher.ts'
import type { ProxyStage } from '../pipeline/proxy-stage.ts'
import type { ProxyFunction, ProxyModule } from '../pipeline/run-proxy.ts'
import { lazyProxyStage } from '../pipeline/lazy-proxy-stage.ts'
import { describeCompileError } from './dev-errors.ts'
import type { ModuleRegistry } from './module-registry.ts'

export interface DevProxyOptions {
  dir: string
  registry: ModuleRegistry
  color: boolean
  printError(text: string, err?: unknown): void
}

export class DevProxy {
  file: ProxyFile | null = null
  private readonly options: DevProxyOptions
  private module: ProxyModule | null = null
  private instance: object | null = null
  private mtime = 0
  private refreshing: Promise<void> | null = null

  constructor(options: DevProxyOptions) {
    this.options = options
  }

  /** Looks for the file again; true when it changed (appeared, went, was renamed). */
  find(): boolean {
    let found: ProxyFile | null
    try {
      found = findProxyFile(this.options.dir)
    } catch (err) {
      this.options.printError((err as Error).message)
      found = null
    }
    const changed = found?.file !== this.file?.file
    this.file = found
    if (changed) {
      this.module = null
      this.instance = null
    }
    return changed
  }

  /** The stage for the pipeline (null without a proxy file). */
  stage(basePath: string): ProxyStage | null {
    if (this.file === null) return null
    const file = this.file
    return lazyProxyStage(
      {
        file: file.file,
        basePath,
        load: () => this.load(basePath),
        // Before the first load nothing is known of the matcher: run the proxy's load first.
        currentMatchers: () => this.module?.matchers,
      },
      null,
    )
  }

  /** Compiles and loads what changed since the last request; call before dispatching. */
  ready(basePath: string): Promise<void> | null {
    if (this.file === null || !this.isStale()) return null
    return (this.refreshing ??= this.load(basePath).then(
      () => void (this.refreshing = null),
      () => void (this.refreshing = null),
    ))
  }

  private abs(): string {
    return path.join(this.options.dir, this.file!.file)
  }

  private isStale(): boolean {
    if (this.module === null) return true
    const abs = this.abs()
    return this.options.registry.instance(abs) !== this.instance || fs.statSync(abs, { throwIfNoEntry: false })?.mtimeMs !== this.mtime
  }

  private async load(basePath: string): Promise<ProxyModule> {
    if (this.module !== null && !this.isStale()) return this.module
    const p = this.file!
    const abs = this.abs()
    const { registry } = this.options
    await loadAppRuntime()
    this.mtime = fs.statSync(abs, { throwIfNoEntry: false })?.mtimeMs ?? 0
    await registry.prepare(abs)
    const failure = registry.compileFailure(abs)
    let mod: ProxyModule
    if (failure) {
      const { body } = await describeCompileError(failure.error, failure.file, this.options.dir, this.options.color)
      mod = failing(new Error(body.error), null)
    } else {
      try {
        const exports = registry.require(abs)
        const ns = registry.isEsm(abs) ? (exports as Record<string, unknown>) : { default: exports }
        const fn = proxyFunctionOf(ns, p)
        if (fn === null) throw new Error(missingExportMessage(p))
        mod = { fn: fn as ProxyFunction, matchers: await this.readMatchers(abs, p, basePath) }
      } catch (err) {
        this.options.printError(`Error while loading ${p.file}:`, err)
        mod = failing(err, null)
      }
    }
    this.module = mod
    this.instance = registry.instance(abs)
    return mod
  }

  private async readMatchers(abs: string, p: ProxyFile, basePath: string): Promise<ProxyMatcher[] | null> {
    const found = await readStaticExports(abs)
    if (found.config === NOT_LITERAL) throw new Error(`${p.file}: \`export const config\` must be a literal object (Next.js reads the matcher without running the file).`)
    const matcher = (found.config as { matcher?: unknown } | undefined)?.matcher
    return matcher === undefined ? null : compileProxyMatchers(matcher, basePath, p.file)
  }
}

/** A stand-in proxy that throws `err` for every request (matchers null: all of them). */
function failing(err: unknown, matchers: ProxyMatcher[] | null): ProxyModule {
  return {
    fn: () => {
      throw err
    },
    matchers,
  }
}
