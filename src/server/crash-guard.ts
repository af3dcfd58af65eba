// What `slugline start` does with an error no request caught: an exception thrown in a timer or
// an event handler, a promise rejection nobody handled, an 'error' event nobody listens to.
// Node's default ends the process, and every request in flight with it; `next start` logs them
// and keeps serving, and so does this. Errors inside a request never get here: the pages and
// app runtimes answer those with a 500.
//
// The stack names the code that failed (source maps are on under `start`), which is as close
// to "the route that was running" as an error outside any request can get.

export type CrashReporter = (kind: 'uncaughtException' | 'unhandledRejection', error: unknown) => void

let installed = false
const reporters: CrashReporter[] = []

/** Logs uncaught exceptions and unhandled rejections instead of exiting; once per process.
 *  `report` (the app's error hook) is called with each as well. */
export function keepServingThroughCrashes(report?: CrashReporter): void {
  if (report !== undefined) reporters.push(report)
  if (installed) return
  installed = true
  process.on('uncaughtException', (error) => handle('uncaughtException', error))
  process.on('unhandledRejection', (reason) => handle('unhandledRejection', reason))
}

function handle(kind: 'uncaughtException' | 'unhandledRejection', error: unknown): void {
  const what = kind === 'uncaughtException' ? 'Uncaught exception' : 'Unhandled promise rejection'
  console.error(`${what} outside any response (the server keeps serving):`, error)
  for (const report of reporters) {
    try {
      report(kind, error)
    } catch (err) {
      console.error('The error hook failed:', err)
    }
  }
}
