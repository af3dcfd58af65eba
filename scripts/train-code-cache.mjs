// Makes dist/cli/main.cjs.cache, the V8 code cache bin/load-cli.cjs starts the CLI from. Run
// by scripts/build.mjs after the bundles are written.
//
// The cache is taken after the CLI has served real requests, not right after compiling: V8
// compiles most functions lazily, on their first call, and a cache made after the fact holds
// everything that ran: argument parsing, reading the manifest, the route table, the matcher,
// the pages runtime's request and response. So this script builds a one-route app, starts it
// with `slugline start` in this process, answers a GET and a JSON POST, and saves the cache.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import loader from '../bin/load-cli.cjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const HANDLER = `
export default function handler(req, res) {
  if (req.method === 'POST') return res.status(201).json({ id: req.query.id, got: req.body })
  res.status(200).json({ id: req.query.id, page: req.query.page ?? null })
}
`

function request(base, method, url, body) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' }
    const req = http.request(base + url, { method, headers, agent: false }, (res) => {
      res.resume()
      res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(`${method} ${url} answered ${res.statusCode}`))))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Starts the CLI in this process and resolves the URL it prints. */
function startCli(cli, dir) {
  return new Promise((resolve, reject) => {
    const log = console.log
    console.log = (line) => {
      console.log = log
      const url = /https?:\/\/\S+/.exec(String(line))?.[0]
      url ? resolve(url) : reject(new Error(`unexpected output from slugline start: ${line}`))
    }
    cli.main(['start', dir, '--port', '0', '--host', '127.0.0.1'], { importModule: (url) => import(url) }).catch(reject)
  })
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slugline-code-cache-'))
try {
  fs.mkdirSync(path.join(dir, 'pages', 'api', 'train'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'pages', 'api', 'train', '[id].js'), HANDLER)
  const built = spawnSync(process.execPath, [path.join(root, 'bin', 'slugline.mjs'), 'build', dir], { encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`slugline build failed:\n${built.stdout}${built.stderr}`)

  const { exports: cli, script, source } = loader.loadCli({ useCache: false })
  const base = await startCli(cli, dir)
  for (let i = 0; i < 3; i++) {
    await request(base, 'GET', `/api/train/a${i}?page=${i}`)
    await request(base, 'POST', `/api/train/b${i}`, JSON.stringify({ n: i }))
  }
  fs.writeFileSync(loader.cacheFile, loader.cacheContents(source, script.createCachedData()))
} finally {
  process.chdir(root) // `start` made the app folder the working directory
  fs.rmSync(dir, { recursive: true, force: true })
}
// The server is still listening; this process has done its job.
process.exit(0)
