// The env values a deploy target carries: read at build time in Next.js's production order,
// applied where the output runs with the process environment winning, and embedded by esbuild
// as a literal an output's entry reads.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { BAKED_ENV_GLOBAL, bakeEnv, bakedEnvDefine } from '../../../src/build/targets/bake-env.ts'
import { loadEsbuild } from '../../../src/build/esbuild.ts'
import { applyEnv } from '../../../src/server/load-env.ts'

function appWithEnvFiles(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-bake-env-'))
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
  return dir
}

describe('bakeEnv', () => {
  it('reads the production files in priority order and leaves references for the runtime', () => {
    const dir = appWithEnvFiles({
      '.env': 'A=env\nB=env\nREF=${HOME_DIR}/data\n',
      '.env.production': 'B=production\n',
      '.env.local': 'C=local\n',
      '.env.development': 'A=development\n',
    })
    const baked = bakeEnv(dir)
    assert.deepEqual(baked.files, ['.env.local', '.env.production', '.env'])
    assert.deepEqual(baked.values, { C: 'local', B: 'production', A: 'env', REF: '${HOME_DIR}/data' })
    fs.rmSync(dir, { recursive: true })
  })

  it('is empty for an app without env files', () => {
    const dir = appWithEnvFiles({})
    assert.deepEqual(bakeEnv(dir), { files: [], values: {} })
    fs.rmSync(dir, { recursive: true })
  })

  it('applies where it runs: the environment wins and references expand against it', () => {
    const env: NodeJS.ProcessEnv = { B: 'from-process', HOME_DIR: '/srv' }
    applyEnv({ A: 'env', B: 'production', REF: '${HOME_DIR}/data' }, env)
    assert.deepEqual(env, { A: 'env', B: 'from-process', HOME_DIR: '/srv', REF: '/srv/data' })
  })

  it('is embedded by esbuild as a literal the entry reads', () => {
    const dir = appWithEnvFiles({ '.env': `QUOTE='say "hi" </script>'\nMULTI="a\nb"\n` })
    const out = loadEsbuild().transformSync(`export default ${BAKED_ENV_GLOBAL}`, { define: bakedEnvDefine(bakeEnv(dir)), format: 'cjs' })
    const mod = { exports: {} as { default?: unknown } }
    new Function('module', 'exports', out.code)(mod, mod.exports)
    assert.deepEqual(mod.exports.default, { QUOTE: 'say "hi" </script>', MULTI: 'a\nb' })
    fs.rmSync(dir, { recursive: true })
  })
})
