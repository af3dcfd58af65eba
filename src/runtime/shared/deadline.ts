// The mark a response gets when its route ran past its maxDuration (server/deadline.ts), read
// by the runtimes: the app route's request.signal aborts with a TimeoutError, and a write
// after the 504 is reported as late rather than as a missing `return`.
import type { ServerResponse } from 'node:http'

const EXCEEDED = Symbol.for('slugline.deadlineExceeded')
const EVENT = 'slugline:deadline'

type Marked = ServerResponse & { [EXCEEDED]?: true }

export function markDeadlineExceeded(res: ServerResponse): void {
  ;(res as Marked)[EXCEEDED] = true
  res.emit(EVENT)
}

export function deadlineExceeded(res: ServerResponse): boolean {
  return (res as Marked)[EXCEEDED] === true
}

/** Calls `fn` when the deadline passes (at once if it has). */
export function onDeadline(res: ServerResponse, fn: () => void): void {
  if (deadlineExceeded(res)) fn()
  else res.once(EVENT, fn)
}
