// `slugline dev` as a request listener: the route table, the module registry and the watcher
// that keeps both in step with the files.
//
// Consistency: a watch event marks what it touches synchronously (the registry drops the
// changed modules there and then); the rest (a route table scan, an env reload, recompiling)
// runs a few milliseconds later, so that the events of one save are handled once, or first thing
// in the next request if that comes sooner. A request that arrives after a save's event is
// therefore never served the old code, and one that needs a file being recompiled waits for that
// same compile. (A request can beat the event itself: bench/dev-reload.mjs counts how often the
// first request after a write still saw the old code; it has been 0 in every run.)
import fs from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { formatRouteTable } from '../routes/format-route-table.ts'
import type { RequestListener } from '../server/dispatch.ts'
import type { Colors } from './colors.ts'
import { describeCompileError, sendErrorBody } from './dev-errors.ts'
import { isInstrumentationPath } from '../instrumentation/index.ts'
import { DevInstrumentation } from './dev-instrumentation.ts'
import { DevRouteLoader } from './dev-route-loader.ts'
import { DevRouteTable, type TableChange } from './dev-route-table.ts'
import { isEnvFile, type EnvFiles } from './env-files.ts'
import { ModuleRegistry } from './module-registry.ts'
import { createRequestLogger, type RequestLogger } from './request-log.ts'
import { watchTree, type TreeWatcher, type WatchEventType } from './watch-tree.ts'
import { DevProxy } from './dev-proxy.ts'
import { readAppConfig } from '../config/app-config.ts'
import { applyConfigEnv } from '../config/config-env.ts'
import type { RoutingConfig } from '../config/routing-config.ts'
import { createPipeline, defaultRouting } from '../pipeline/create-pipeline.ts'

const NEXT_CONFIG = /^next\.config\.[mc]?[jt]s$/
import { DOCS_PREFIX, serveDevDocs } from '../openapi/dev-docs.ts'

/** Files whose change alters how every module compiles or resolves. */
const CONFIG_FILES = new Set(['tsconfig.json', 'jsconfig.json', 'package.json'])

/** Folders with no app code in them: dependencies, VCS data, build output, editor state. */
export function isSkippedDir(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.')
}

export interface DevOutput {
  /** A line for stdout. */
  info(line: string): void
  /** A message for stderr; `err` is printed after it (with its source-mapped stack). */
  error(text: string, err?: unknown): void
  /** Colours for stdout lines. */
  colors: Colors
  /** Whether stderr takes colour (for esbuild's code frames). */
  errorColor: boolean
}

export interface DevServerOptions {
  dir: string
  env: EnvFiles
  output: DevOutput
  /** Log every request (method, path, status, time). Default true. */
  logRequests?: boolean
  /** Compress answers as `slugline start` does (HandlerOptions.compress). Default true. */
  compress?: boolean
}

const FLUSH_DELAY_MS = 5

const ms = (since: number) => `${Math.max(1, Math.round(performance.now() - since))} ms`

export class DevServer {
  readonly listener: RequestListener
  private readonly registry: ModuleRegistry
  private readonly dir: string
  private readonly env: EnvFiles
  private readonly out: DevOutput
  private readonly table: DevRouteTable
  private readonly instrumentation: DevInstrumentation
  private watcher: TreeWatcher | null = null
  private scheduled = false
  private tableDirty = false
  private envDirty = false
  private configChanged = false
  private nextConfigDirty = false
  private proxyDirty = false
  private readonly proxy: DevProxy
  private routing: RoutingConfig | null = null
  /** Changed files the registry held -> when their first event came. */
  private changed = new Map<string, number>()

  constructor(options: DevServerOptions) {
    this.dir = options.dir
    this.env = options.env
    this.out = options.output
    this.registry = new ModuleRegistry({
      dir: this.dir,
      onCompileError: (file, error) => {
        describeCompileError(error, file, this.dir, this.out.errorColor).then(({ text }) => this.out.error(text))
      },
      onNewFile: (file) => {
        if (this.watcher && !this.inApp(file)) this.watcher.add(path.dirname(file))
      },
    })
    const printError = (text: string, err?: unknown) => this.out.error(text, err)
    const instrumentation = (this.instrumentation = new DevInstrumentation({ dir: this.dir, registry: this.registry, printError }))
    const loader = new DevRouteLoader({
      dir: this.dir,
      registry: this.registry,
      color: this.out.errorColor,
      printError,
      reportLoadError: instrumentation.reportError,
    })
    this.table = new DevRouteTable(this.dir, loader, instrumentation.reportError, { compress: options.compress })
    this.proxy = new DevProxy({ dir: this.dir, registry: this.registry, color: this.out.errorColor, printError })
    const log: RequestLogger | null = options.logRequests === false ? null : createRequestLogger((line) => this.out.info(line), this.out.colors)
    this.listener = (req: IncomingMessage, res: ServerResponse) => {
      log?.(req, res)
      if (this.scheduled) this.flush()
      if (this.table.error) return sendErrorBody(res, { error: this.table.error.message })
      // The OpenAPI document and reference page (src/openapi/dev-docs.ts).
      if (req.url?.startsWith(DOCS_PREFIX)) return void this.serveDocs(req, res, loader)
      // instrumentation.ts's register() first, when it is new or changed; then the proxy's code
      // and matcher brought up to date (nothing to do when unchanged).
      const waiting = instrumentation.ready()
      const proxyReady = () => this.proxy.ready(this.routing?.basePath ?? '')
      if (waiting === null) {
        const ready = proxyReady()
        if (ready === null) this.table.dispatch(req, res)
        else ready.then(() => this.table.dispatch(req, res))
      } else waiting.then(() => proxyReady()).then(() => this.table.dispatch(req, res))
    }
  }

  /** Reads next.config (dev phase) and finds the proxy file: call before start(). A config
   *  that fails to load is printed, and the app is served without it until it is fixed. */
  async loadConfig(): Promise<void> {
    try {
      const config = await readAppConfig(this.dir, 'phase-development-server')
      for (const line of config?.warnings ?? []) this.out.error(line)
      this.routing = config?.routing ?? null
      applyConfigEnv(config?.routing)
    } catch (err) {
      this.out.error(`${this.out.colors.red('Error:')} ${(err as Error).message}`)
    }
    this.proxy.find()
    this.updatePipeline()
  }

  private updatePipeline(): void {
    const stage = this.proxy.stage(this.routing?.basePath ?? '')
    this.table.setPipeline(this.routing === null && stage === null ? null : createPipeline(this.routing ?? defaultRouting(), stage), this.routing?.compress)
  }

  private async serveDocs(req: IncomingMessage, res: ServerResponse, loader: DevRouteLoader): Promise<void> {
    const warn = (line: string) => this.out.error(line)
    if (!(await serveDevDocs(req, res, { dir: this.dir, routes: () => this.table.routes, load: (r) => loader.load(r), warn }))) this.table.dispatch(req, res)
  }

  /** Scans the routes, starts watching, returns the first table (or its error). */
  start(): TableChange {
    const first = this.table.scan()
    this.updatePipeline()
    void this.instrumentation.ready()
    this.watcher = watchTree(this.dir, {
      skipDir: isSkippedDir,
      onEvent: (type, file) => this.onEvent(type, file),
      onWatchError: (dir, err) => this.out.error(`Warning: cannot watch ${this.relative(dir) || '.'} (${err.message}); edits there will not reload.`),
    })
    return first
  }

  close(): void {
    this.watcher?.close()
    this.watcher = null
  }

  private inApp(file: string): boolean {
    return file === this.dir || file.startsWith(this.dir + path.sep)
  }

  /** Synchronous, in the watcher's callback: mark everything the event makes stale. */
  private onEvent(type: WatchEventType, file: string): void {
    if (isEnvFile(this.dir, file)) {
      this.envDirty = true
      return this.schedule()
    }
    if (this.inApp(file)) {
      const parts = path.relative(this.dir, file).split(path.sep)
      if (parts.some((p) => p === 'node_modules' || p.startsWith('.'))) return
    }
    const now = performance.now()
    if (path.dirname(file) === this.dir && NEXT_CONFIG.test(path.basename(file))) {
      this.nextConfigDirty = true
      return this.schedule()
    }
    if (type === 'rename') this.proxyDirty = true
    if (CONFIG_FILES.has(path.basename(file))) {
      this.registry.reset()
      this.configChanged = true
    }
    if (type === 'rename') {
      this.tableDirty = true
      if (fs.existsSync(file)) {
        // Many editors save by writing a new file and renaming it over the old one: for a file
        // the registry holds, that is an edit; anything else is a new file.
        if (this.registry.changed(file)) {
          if (!this.changed.has(file)) this.changed.set(file, now)
        } else this.registry.added()
      } else {
        for (const f of this.registry.files()) {
          if (f === file || f.startsWith(file + path.sep)) this.registry.removed(f)
        }
      }
    } else if (this.registry.changed(file) && !this.changed.has(file)) {
      this.changed.set(file, now)
    }
    if (type === 'rename' && isInstrumentationPath(this.dir, file)) this.instrumentation.find()
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    // A moment later, so the several events of one save (truncate, write, rename...) are handled
    // once. A request meanwhile does not wait for this: it flushes first thing.
    setTimeout(() => this.flush(), FLUSH_DELAY_MS)
  }

  private flush(): void {
    if (!this.scheduled) return
    this.scheduled = false
    const c = this.out.colors
    if (this.envDirty) {
      this.envDirty = false
      const started = performance.now()
      const files = this.env.load()
      // Modules may have read the old values when they loaded: they load again on next use.
      this.registry.dropAllInstances()
      this.out.info(`${c.green('↻')} Reloaded env from ${files.join(', ') || '(no env files)'} in ${ms(started)}`)
    }
    if (this.configChanged) {
      this.configChanged = false
      this.out.info(`${c.green('↻')} Configuration changed: every module compiles again on its next use`)
    }
    if (this.tableDirty) {
      this.tableDirty = false
      this.printTableChange(this.table.scan())
    }
    if (this.proxyDirty) {
      this.proxyDirty = false
      if (this.proxy.find()) this.updatePipeline()
    }
    if (this.nextConfigDirty) {
      this.nextConfigDirty = false
      const started = performance.now()
      void this.loadConfig().then(() => this.out.info(`${c.green('↻')} Reloaded next.config in ${ms(started)}`))
    }
    const changed = this.changed
    this.changed = new Map()
    for (const [file, since] of changed) void this.recompile(file, since)
  }

  private async recompile(file: string, since: number): Promise<void> {
    if (!this.registry.has(file)) return
    await this.registry.prepare(file)
    // A failure prints itself (onCompileError); a newer edit prints its own line.
    if (this.registry.compileFailure(file) || this.changed.has(file)) return
    this.out.info(`${this.out.colors.green('↻')} Reloaded ${this.relative(file)} in ${ms(since)}`)
  }

  printTableChange(change: TableChange): void {
    const c = this.out.colors
    if (change.error) {
      if (change.errorChanged) this.out.error(`${c.red('Error:')} ${change.error.message}\nEvery request answers 500 until this is fixed.`)
      return
    }
    if (change.errorChanged) this.out.info(`${c.green('✓')} The route table is valid again`)
    for (const r of change.removed) this.out.info(`${c.red('-')} ${r.pattern} ${c.dim(r.file)}`)
    for (const r of change.added) this.out.info(`${c.green('+')} ${r.pattern} ${c.dim(r.file)}`)
  }

  /** The table as the terminal shows it on start. */
  formatTable(): string {
    return formatRouteTable(this.table.routes)
  }

  private relative(file: string): string {
    return path.relative(this.dir, file).split(path.sep).join('/')
  }
}
