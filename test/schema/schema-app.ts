// A temp copy of test/fixtures/schema-app whose node_modules links the repo's packages (zod,
// valibot, arktype, typescript, @types/node) and `slugline` itself (the built dist/), so the
// app resolves them as an installed app would.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import { repoRoot } from '../helpers/app-server.ts'

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

export const schemaFixture = path.join(repoRoot, 'test', 'fixtures', 'schema-app')

/** Links every package of the repo's node_modules, and slugline, into dir/node_modules. */
export function linkPackages(dir: string): void {
  const into = path.join(dir, 'node_modules')
  fs.mkdirSync(into, { recursive: true })
  const from = path.join(repoRoot, 'node_modules')
  for (const name of fs.readdirSync(from)) {
    if (name.startsWith('.')) continue
    fs.symlinkSync(path.join(from, name), path.join(into, name), 'dir')
  }
  fs.symlinkSync(repoRoot, path.join(into, 'slugline'), 'dir')
}

/** A fresh copy of the schema fixture (plus `files`), packages linked. */
export function schemaApp(files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-schema-')))
  tempDirs.push(dir)
  fs.cpSync(schemaFixture, dir, { recursive: true })
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  linkPackages(dir)
  return dir
}
