// `slugline start`: serves the last build as it is (no compiling), refuses to start without one,
// listens where --port/--host say, and loads .env files the way `next start` does.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { cliPath, freePort, runCli, serve } from '../helpers/app-server.ts'
import { request } from '../helpers/http.ts'

const tempDirs: string[] = []
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true })
})

function writeApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-start-'))
  tempDirs.push(dir)
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

function build(dir: string): void {
  const r = runCli(['build', dir])
  assert.equal(r.status, 0, `build failed:\n${r.stdout}\n${r.stderr}`)
}

function versionHandler(version: string): string {
  return `export default function handler(req: any, res: any) { res.status(200).json({ version: '${version}' }) }\n`
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, host, () => {
      sock.destroy()
      resolve(true)
    })
    sock.on('error', () => resolve(false))
  })
}

describe('slugline start', () => {
  it('exits 1 and says to run `slugline build` when there is no build', async () => {
    const dir = writeApp({ 'pages/api/version.ts': versionHandler('v1') })
    const port = await freePort()
    // Own spawnSync with a short timeout: a start that wrongly serves would otherwise block.
    const r = spawnSync(process.execPath, [cliPath, 'start', dir, '--port', String(port), '--host', '127.0.0.1'], {
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 10_000,
    })
    assert.equal(r.status, 1, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`)
    assert.ok(r.stderr.includes('slugline build'), r.stderr)
    assert.ok(!fs.existsSync(path.join(dir, '.slugline')), 'start created a build')
  })

  it('serves the last build without compiling the sources again', async () => {
    const dir = writeApp({ 'pages/api/version.ts': versionHandler('built') })
    build(dir)
    fs.writeFileSync(path.join(dir, 'pages', 'api', 'version.ts'), versionHandler('edited'))
    fs.writeFileSync(path.join(dir, 'pages', 'api', 'added.ts'), versionHandler('added'))

    const server = await serve(dir)
    try {
      const res = await request(server.base, '/api/version')
      assert.equal(res.status, 200)
      assert.deepEqual(res.json(), { version: 'built' })
      assert.equal((await request(server.base, '/api/added')).status, 404)
    } finally {
      await server.stop()
    }
  })

  it('listens on --port at --host only', async () => {
    const dir = writeApp({ 'pages/api/version.ts': versionHandler('v1') })
    build(dir)
    const server = await serve(dir) // passes --port <free port> --host 127.0.0.1
    try {
      const res = await request(`http://127.0.0.1:${server.port}`, '/api/version')
      assert.equal(res.status, 200)
      // 127.0.0.2 is loopback too: it answers only if the server bound every address.
      assert.equal(await connects('127.0.0.2', server.port), false, 'server is not bound to 127.0.0.1 only')
    } finally {
      await server.stop()
    }
  })

  it('runs handlers with the app folder as the working directory', async () => {
    const dir = writeApp({
      'pages/api/cwd.ts': `import fs from 'node:fs'\nexport default function handler(req: any, res: any) { res.status(200).json({ text: fs.readFileSync('data.txt', 'utf8') }) }\n`,
      'data.txt': 'read relative to cwd',
    })
    build(dir)
    const server = await serve(dir)
    try {
      const res = await request(server.base, '/api/cwd')
      assert.equal(res.status, 200)
      assert.deepEqual(res.json(), { text: 'read relative to cwd' })
    } finally {
      await server.stop()
    }
  })
})

describe('slugline start: .env files, as in `next start`', () => {
  // Unique names, so nothing in the test runner's own environment interferes.
  const names = ['SLUGLINE_T_A', 'SLUGLINE_T_B', 'SLUGLINE_T_C', 'SLUGLINE_T_D', 'SLUGLINE_T_E', 'SLUGLINE_T_DEV', 'SLUGLINE_T_EXP']
  const handler = `export default function handler(req: any, res: any) {
  res.status(200).json({
${names.map((n) => `    ${n}: process.env.${n} ?? null,`).join('\n')}
  })
}
`

  it('loads .env < .env.production < .env.local < .env.production.local < process env, and not .env.development', async () => {
    const dir = writeApp({
      'pages/api/env.ts': handler,
      '.env': 'SLUGLINE_T_A=env\nSLUGLINE_T_B=env\nSLUGLINE_T_C=env\nSLUGLINE_T_D=env\nSLUGLINE_T_E=env\n',
      '.env.production': 'SLUGLINE_T_B=production\nSLUGLINE_T_C=production\nSLUGLINE_T_D=production\n',
      '.env.local': 'SLUGLINE_T_C=local\nSLUGLINE_T_D=local\n',
      '.env.production.local': 'SLUGLINE_T_D=production.local\nSLUGLINE_T_E=production.local\n',
      '.env.development': 'SLUGLINE_T_DEV=development\nSLUGLINE_T_A=development\n',
    })
    build(dir)
    const server = await serve(dir, { env: { SLUGLINE_T_E: 'process' } })
    try {
      const res = await request(server.base, '/api/env')
      assert.equal(res.status, 200)
      assert.deepEqual(res.json(), {
        SLUGLINE_T_A: 'env',
        SLUGLINE_T_B: 'production',
        SLUGLINE_T_C: 'local',
        SLUGLINE_T_D: 'production.local',
        SLUGLINE_T_E: 'process',
        SLUGLINE_T_DEV: null,
        SLUGLINE_T_EXP: null,
      })
    } finally {
      await server.stop()
    }
  })

  it('expands $VAR references across files (dotenv-expand, as Next.js does)', async () => {
    const dir = writeApp({
      'pages/api/env.ts': handler,
      '.env': 'SLUGLINE_T_A=base\nSLUGLINE_T_EXP=${SLUGLINE_T_A}-$SLUGLINE_T_B\n',
      '.env.local': 'SLUGLINE_T_B=local\n',
    })
    build(dir)
    const server = await serve(dir)
    try {
      const res = await request(server.base, '/api/env')
      assert.equal(res.status, 200)
      assert.equal(res.json().SLUGLINE_T_EXP, 'base-local')
    } finally {
      await server.stop()
    }
  })
})
