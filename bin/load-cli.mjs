// Loads the CLI bundle (dist/cli/main.cjs) the way Node's require() would, but from the V8
// code cache the build leaves beside it (dist/cli/main.cjs.cache, made by
// scripts/train-code-cache.mjs), when one fits. Compiling the bundle and the functions the first
// request runs is a third of what `slugline start` spends beyond a bare node:http server before
// its first answer; Node 20 has no compile cache of its own (module.enableCompileCache is 22+).
//
// The cache is only a shortcut: when it is missing, older than the bundle, made for another
// size of it, or rejected by V8 (another Node version, other V8 flags), the bundle compiles as
// usual and nothing else changes.
//
// One difference from require(): code compiled by vm.Script has no ES module loader behind its
// import(), so the CLI takes an `importModule` function from the launcher (see bin/slugline.mjs).
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'

const here = path.dirname(fileURLToPath(import.meta.url))
export const cliFile = path.join(here, '..', 'dist', 'cli', 'main.cjs')
export const cacheFile = `${cliFile}.cache`

// The same wrapper Node puts around a CommonJS module, on the bundle's first line, so every
// line number in a stack trace stays the bundle's own.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { '
const WRAPPER_TAIL = '\n})'

/** The header the cache file starts with: what it was made for, so a mismatch never reaches V8. */
export function cacheKey(sourceBytes) {
  return `slugline-code-cache ${process.version} ${process.arch} ${sourceBytes}\n`
}

/** The cache's V8 data if it was made for this bundle and this Node, else undefined. */
function readCache(sourceBytes, sourceMtimeMs) {
  let data
  try {
    if (fs.statSync(cacheFile).mtimeMs < sourceMtimeMs) return undefined
    data = fs.readFileSync(cacheFile)
  } catch {
    return undefined
  }
  const key = cacheKey(sourceBytes)
  if (data.length <= key.length || data.toString('latin1', 0, key.length) !== key) return undefined
  return data.subarray(key.length)
}

/**
 * Compiles and runs the bundle: { exports, script, cache }, where `cache` says what became of
 * the code cache: 'used', 'rejected' (V8 refused it) or 'none'. `useCache: false` skips it.
 * Throws like require() (code MODULE_NOT_FOUND) when the bundle is missing.
 */
export function loadCli({ useCache = true } = {}) {
  let source
  let stat
  try {
    stat = fs.statSync(cliFile)
    source = fs.readFileSync(cliFile, 'utf8')
  } catch (err) {
    if (err.code === 'ENOENT') err.code = 'MODULE_NOT_FOUND'
    throw err
  }
  const cachedData = useCache ? readCache(stat.size, stat.mtimeMs) : undefined
  const script = new vm.Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: cliFile, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(cliFile), module, cliFile, path.dirname(cliFile))
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'
  return { exports: module.exports, script, cache }
}
