// Runs a method's schemas over a request's parts. Synchronous when every validator is (zod,
// valibot and arktype are, for schemas without async refinements): a request then costs no
// promise or microtask beyond the validator's own work.
import type { MethodSchema, RequestIssue, StandardIssue, StandardResult, StandardSchema } from './types.ts'

export type Part = 'params' | 'query' | 'body'
const PARTS: readonly Part[] = ['params', 'query', 'body']

export interface Validated {
  params?: unknown
  query?: unknown
  body?: unknown
}

export type Outcome = { ok: true; value: Validated } | { ok: false; issues: RequestIssue[] }

function pathOf(issue: StandardIssue): (string | number)[] {
  if (issue.path === undefined) return []
  // Array.from, not map: arktype's path is an Array subclass, and map would make another.
  return Array.from(issue.path, (segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    return typeof key === 'number' ? key : String(key)
  })
}

function collect(part: Part, result: StandardResult<unknown>, value: Validated, issues: RequestIssue[]): void {
  if (result.issues) for (const issue of result.issues) issues.push({ in: part, path: pathOf(issue), message: issue.message })
  else value[part] = result.value
}

/** Validates each part the schema names (all of them, so one answer lists every issue). */
export function validateParts(schema: MethodSchema, input: Validated): Outcome | Promise<Outcome> {
  const value: Validated = {}
  const issues: RequestIssue[] = []
  let pending: Promise<void>[] | undefined
  for (const part of PARTS) {
    const s: StandardSchema | undefined = schema[part]
    if (s === undefined) continue
    const result = s['~standard'].validate(input[part])
    if (result instanceof Promise) (pending ??= []).push(result.then((r) => collect(part, r, value, issues)))
    else collect(part, result, value, issues)
  }
  const done = (): Outcome => (issues.length > 0 ? { ok: false, issues: sortIssues(issues) } : { ok: true, value })
  return pending === undefined ? done() : Promise.all(pending).then(done)
}

/** Async validators finish in any order; the answer lists params, query, body, in that order. */
function sortIssues(issues: RequestIssue[]): RequestIssue[] {
  return issues.sort((a, b) => PARTS.indexOf(a.in) - PARTS.indexOf(b.in))
}

/** The 400 answer's body. */
export function invalidRequestBody(issues: RequestIssue[]): string {
  return JSON.stringify({ error: 'Invalid request', issues })
}
