// What the dev server shows when user code cannot run: the message for the terminal (with
// esbuild's code frame, in colour on a terminal) and the 500 answer for the requests it breaks,
// `{ "error": message, "file", "line", "column" }` as JSON, so the browser or curl shows it too.
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import type { RouteModule } from '../server/route-module.ts'
import type { CompileError } from './compile-module.ts'
import { esbuild } from './esbuild.ts'

export interface ErrorBody {
  error: string
  /** Where it is, when known: the file relative to the app, line (from 1), column (from 0). */
  file?: string
  line?: number
  column?: number
  stack?: string
}

const described = new WeakMap<CompileError, Promise<{ text: string; body: ErrorBody }>>()

/** A compile failure as the terminal shows it and as the 500 body says it (no colour there).
 *  Formatted once per failure, however many requests it answers. */
export function describeCompileError(error: CompileError, file: string, dir: string, color: boolean): Promise<{ text: string; body: ErrorBody }> {
  let d = described.get(error)
  if (!d) described.set(error, (d = describe(error, file, dir, color)))
  return d
}

async function describe(error: CompileError, file: string, dir: string, color: boolean): Promise<{ text: string; body: ErrorBody }> {
  const rel = path.relative(dir, file).split(path.sep).join('/')
  const [plain, painted] = await Promise.all([
    esbuild.formatMessages(error.messages, { kind: 'error', color: false }),
    color ? esbuild.formatMessages(error.messages, { kind: 'error', color: true }) : null,
  ])
  const headline = `Failed to compile ${rel}`
  const location = error.messages.find((m) => m.location)?.location
  const body: ErrorBody = { error: `${headline}\n\n${plain.join('').trimEnd()}` }
  if (location) Object.assign(body, { file: location.file, line: location.line, column: location.column })
  const text = painted ? `${headline}\n\n${painted.join('').trimEnd()}` : body.error
  return { text, body }
}

export function errorBodyOf(err: unknown): ErrorBody {
  if (err instanceof Error) return { error: err.message, stack: err.stack }
  return { error: String(err) }
}

export function sendErrorBody(res: ServerResponse, body: ErrorBody): void {
  res.statusCode = 500
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.end(JSON.stringify(body))
}

/** A stand-in route module that answers every request with the error: what a route serves
 *  while its code does not compile or load. No body parsing, no "resolved without sending".
 *  `report`: called (awaited) before each answer (the error hook, for a module that threw). */
export function errorRouteModule(body: ErrorBody, report?: (req: IncomingMessage) => Promise<void>): RouteModule {
  return {
    source: 'pages',
    pages: {
      handler:
        report === undefined
          ? (_req: unknown, res: ServerResponse) => sendErrorBody(res, body)
          : (req: IncomingMessage, res: ServerResponse) => report(req).then(() => sendErrorBody(res, body)),
      config: { bodyLimit: null, responseLimit: 0, externalResolver: true },
    },
    maxDurationMs: 0,
  }
}
