// One line per request in the dev server's output, written when the response is done (or the
// client went away): ` GET /api/items?page=2 200 in 4 ms`, the status coloured by its class.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Colors } from './colors.ts'

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`
}

function paintStatus(status: number, c: Colors): string {
  const text = String(status)
  if (status >= 500) return c.red(text)
  if (status >= 400) return c.yellow(text)
  if (status >= 300) return c.cyan(text)
  return c.green(text)
}

export type RequestLogger = (req: IncomingMessage, res: ServerResponse) => void

export function createRequestLogger(write: (line: string) => void, c: Colors): RequestLogger {
  return (req, res) => {
    const started = performance.now()
    // As the client sent it: routing may change req.url (a basePath, a rewrite, the query form
    // pages handlers get).
    const { method = 'GET', url = '/' } = req
    // 'close' comes after 'finish' for a completed response and alone for an aborted one.
    res.once('close', () => {
      const aborted = res.writableFinished ? '' : c.dim(' (aborted)')
      write(` ${c.bold(method)} ${url} ${paintStatus(res.statusCode, c)} ${c.dim(`in ${formatMs(performance.now() - started)}`)}${aborted}`)
    })
  }
}
