// `prepack` / `postpack`: the packed package.json leaves out `prepare`. The tarball ships dist/
// built, so there is nothing to prepare, and npm lists every dependency's `prepare` as an
// install script awaiting review (`npm warn install-scripts`) in every project that installs
// it. `strip` keeps the original in the temp folder (one file per checkout) and writes the
// manifest without it; `restore` (postpack) puts the original back. A pack that died in
// between is undone by the next `strip`.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const file = path.join(root, 'package.json')
const checkout = createHash('sha256').update(root).digest('hex').slice(0, 16)
const saved = path.join(os.tmpdir(), `slugline-pack-${checkout}`, 'package.json')

function restore() {
  if (!fs.existsSync(saved)) return
  fs.copyFileSync(saved, file)
  fs.rmSync(saved)
}

const step = process.argv[2]
if (step === 'strip') {
  restore()
  const text = fs.readFileSync(file, 'utf8')
  const manifest = JSON.parse(text)
  delete manifest.scripts.prepare
  fs.mkdirSync(path.dirname(saved), { recursive: true })
  fs.writeFileSync(saved, text)
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n')
} else if (step === 'restore') {
  restore()
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore')
  process.exit(1)
}
