// The app's instrumentation file under `slugline dev`: compiled and evaluated through the dev
// module registry like any app module, its register() run again whenever it (or a module it
// imports, or an env file) changes, and requests that arrive meanwhile wait for it. A file that
// fails to compile, to load or to register is printed and leaves the hook off until it is fixed;
// the server keeps serving.
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { findInstrumentation, reportNodeRequestError, startInstrumentation, type ErrorReporter, type ErrorRoute } from '../instrumentation/index.ts'
import type { ModuleRegistry } from './module-registry.ts'

export interface DevInstrumentationOptions {
  dir: string
  registry: ModuleRegistry
  /** Prints an error (or warning) for the terminal. */
  printError(text: string, err?: unknown): void
}

export class DevInstrumentation {
  private readonly options: DevInstrumentationOptions
  /** Relative to the app folder; null without one. */
  private file: string | null = null
  private warnings = ''
  /** The registry's instance the hooks below come from. */
  private loadedInstance: object | null = null
  private loading: Promise<void> | null = null
  private report: ErrorReporter | undefined
  /** The last load error printed, so a broken file is printed once, not per request. */
  private lastError = ''

  constructor(options: DevInstrumentationOptions) {
    this.options = options
    this.find()
  }

  /** Looks for the file again (one appeared, went away or moved). */
  find(): void {
    const found = findInstrumentation(this.options.dir)
    const warnings = found.warnings.join('\n')
    if (warnings !== '' && warnings !== this.warnings) this.options.printError(warnings)
    this.warnings = warnings
    if (found.file === this.file) return
    this.file = found.file
    this.loadedInstance = null
    this.report = undefined
  }

  /** null when the hooks are current; else a promise that settles once they are (never rejects). */
  ready(): Promise<void> | null {
    if (this.loading !== null) return this.loading
    if (this.file === null) return null
    const instance = this.options.registry.instance(this.absolute(this.file))
    if (instance !== null && instance === this.loadedInstance) return null
    return (this.loading = this.load(this.file).finally(() => (this.loading = null)))
  }

  /** The dispatcher's reportError. */
  readonly reportError = (error: unknown, req: IncomingMessage, route: ErrorRoute): Promise<void> =>
    this.report === undefined ? Promise.resolve() : reportNodeRequestError(this.report, error, req, route)

  private absolute(file: string): string {
    return path.join(this.options.dir, file)
  }

  private async load(file: string): Promise<void> {
    const { registry } = this.options
    const abs = this.absolute(file)
    this.report = undefined
    await registry.prepare(abs)
    // A compile error was printed by the registry (its onCompileError).
    if (registry.compileFailure(abs)) return
    let exports: unknown
    try {
      exports = registry.require(abs)
    } catch (err) {
      return this.failed(`Error while loading ${file} (onRequestError is off until it loads):`, err)
    }
    this.loadedInstance = registry.instance(abs)
    const ns = registry.isEsm(abs) ? (exports as Record<string, unknown>) : { default: exports }
    try {
      this.report = await startInstrumentation(ns, file)
      this.lastError = ''
    } catch (err) {
      this.failed(`Error: ${(err as Error).message}`, (err as Error).cause)
    }
  }

  private failed(text: string, err: unknown): void {
    const key = `${text}\0${err instanceof Error ? err.stack : String(err)}`
    if (key === this.lastError) return
    this.lastError = key
    this.options.printError(text, err)
  }
}
