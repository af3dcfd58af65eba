// Shared by the dev-server tests: a temp app written from a file map, edits to it, and a
// poller that waits for a condition instead of sleeping a fixed time.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import { request, type RawResponse } from '../helpers/http.ts'

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

export function writeApp(files: Record<string, string>): string {
  // realpath: on some systems the temp folder is a symlink, and the server reports real paths.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-dev-')))
  tempDirs.push(dir)
  writeFiles(dir, files)
  return dir
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
}

/** Polls `check` until it returns a value other than undefined; throws with the last value
 *  seen after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, describe: () => string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting: ${describe()}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Requests `urlPath` until `accept` approves of the answer; returns that answer. */
export async function waitForAnswer(base: string, urlPath: string, accept: (r: RawResponse) => boolean, ms = 5_000): Promise<RawResponse> {
  let last: RawResponse | undefined
  return eventually(
    async () => {
      last = await request(base, urlPath)
      return accept(last) ? last : undefined
    },
    () => `GET ${urlPath}: last answer ${last?.status} ${last?.body}`,
    ms,
  )
}
