import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadEnv } from '../../src/server/load-env.ts'

describe('loadEnv', () => {
  it('follows Next.js priority, keeps the environment, expands references', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-env-'))
    fs.writeFileSync(path.join(dir, '.env'), 'A=env\nB=env\nC=env\nD=env\nE=env\nREF=${A}-x\n')
    fs.writeFileSync(path.join(dir, '.env.production'), 'B=production\nC=production\nD=production\n')
    fs.writeFileSync(path.join(dir, '.env.local'), 'C=local\nD=local\n')
    fs.writeFileSync(path.join(dir, '.env.production.local'), 'D=production.local\n')
    fs.writeFileSync(path.join(dir, '.env.development'), 'A=development\n')
    const env: NodeJS.ProcessEnv = { E: 'process' }
    const loaded = loadEnv(dir, 'production', env)
    assert.deepEqual(loaded, ['.env.production.local', '.env.local', '.env.production', '.env'])
    assert.equal(env.A, 'env')
    assert.equal(env.B, 'production')
    assert.equal(env.C, 'local')
    assert.equal(env.D, 'production.local')
    assert.equal(env.E, 'process')
    assert.equal(env.REF, 'env-x')
    fs.rmSync(dir, { recursive: true })
  })

  it('skips .env.local in test mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-env-'))
    fs.writeFileSync(path.join(dir, '.env.local'), 'X=local\n')
    fs.writeFileSync(path.join(dir, '.env'), 'X=env\n')
    const env: NodeJS.ProcessEnv = {}
    loadEnv(dir, 'test', env)
    assert.equal(env.X, 'env')
    fs.rmSync(dir, { recursive: true })
  })
})
