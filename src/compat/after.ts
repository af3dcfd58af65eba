// `after(task)` from `next/server` (Next.js 15+): work to do once the response has been sent,
// such as logging or analytics, that the client should not wait for. A task is a function
// (called then, its promise awaited) or a promise (awaited then). Tasks run when the response
// has closed: sent in full, or cut off by the client; also when the handler threw and the
// answer was a 500. A task that throws or rejects is logged and harms nothing else, and a task
// may call after() again. Works in app routes and in pages/api routes.
//
// Per request, through the request store (runtime/app/request-context.ts). Defining `after`
// creates that store for the process, which costs every promise a little from then on (see
// there), so its definition is marked pure: esbuild drops it from a build where no route
// imports `after`, and only apps that use it pay.
import { createRequestStorage, getRequestStore, type RequestStore } from '../runtime/app/request-context.ts'

export type AfterTask<T = unknown> = Promise<T> | (() => T | Promise<T>)

function logFailure(err: unknown): void {
  console.error('An error occurred in a function passed to `after()`:', err)
}

function runTasks(store: RequestStore): void {
  const tasks = store.after!
  store.after = []
  for (const task of tasks) {
    try {
      const result = typeof task === 'function' ? (task as () => unknown)() : task
      if (result instanceof Promise) result.catch(logFailure)
    } catch (err) {
      logFailure(err)
    }
  }
}

function createAfter(): <T>(task: AfterTask<T>) => void {
  const storage = createRequestStorage()
  return function after(task) {
    if (typeof task !== 'function' && !(task instanceof Promise)) {
      throw new TypeError('`after()` takes a function or a promise.')
    }
    const store = getRequestStore('after()')
    if (task instanceof Promise) task.catch(() => {}) // reported when its turn comes, not as unhandled
    const first = store.after === undefined
    ;(store.after ??= []).push(task)
    const res = store.response
    if (res.closed) {
      // Called from a task, or after the response: run at once, still in this request's store.
      if (store.after.length === 1) setImmediate(() => storage.run(store, runTasks, store))
    } else if (first) {
      res.once('close', () => storage.run(store, runTasks, store))
    }
  }
}

export const after: <T>(task: AfterTask<T>) => void = /* @__PURE__ */ createAfter()
