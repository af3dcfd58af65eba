// Loads the CLI bundle (dist/cli/main.cjs) the way Node's require() would, but from the V8
// code cache the build leaves beside it (dist/cli/main.cjs.cache, made by
// scripts/train-code-cache.mjs), when one fits. Compiling the bundle, and then each function the
// first request runs, is a good part of what `slugline start` spends beyond a bare node:http
// server before its first answer; Node 20 has no compile cache of its own (22 has
// module.enableCompileCache).
//
// The cache is only a shortcut: when it is missing, made for another Node, for other bytes of
// the bundle (it holds a copy of them to compare: V8 itself checks only the length), for the
// bundle at another path, or rejected by V8 (other V8 flags), the bundle compiles as usual and
// nothing else changes.
//
// The path matters because V8 keeps the file name a script was compiled under in its code
// cache: loaded from a cache made where the package was built, every stack trace through the
// CLI named that folder, not the installed one. So the cache names its path, and a cache made
// elsewhere (the package as npm installs it) is set aside; `slugline start` then makes a new
// one in place once it has served for a while (refreshCacheLater), and later starts load it.
//
// CommonJS, like the bundle: an ES module here would cost an ES module facade for each
// built-in it imports, at every start. One difference from require(): code compiled by
// vm.Script has no ES module loader behind its import(), so the CLI takes an `importModule`
// function from the launcher (bin/slugline.mjs).
'use strict'
const fs = require('node:fs')
const { createRequire } = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

const cliFile = path.join(__dirname, '..', 'dist', 'cli', 'main.cjs')
const cacheFile = `${cliFile}.cache`

// The same wrapper Node puts around a CommonJS module, on the bundle's first line, so every
// line number in a stack trace stays the bundle's own.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { '
const WRAPPER_TAIL = '\n})'

/** The first line of a cache file: what it was made for, read before anything reaches V8. */
function cacheHeader(sourceBytes) {
  return Buffer.from(`slugline-code-cache ${process.version} ${process.arch} ${sourceBytes} ${cliFile}\n`, 'utf8')
}

/** A cache file's bytes: the header, the bundle's bytes, V8's data. */
function cacheContents(source, v8Data) {
  return Buffer.concat([cacheHeader(source.length), source, v8Data])
}

/** V8's data from the cache file, if it was made for exactly these bytes, this path and this Node. */
function readCache(source) {
  let data
  try {
    data = fs.readFileSync(cacheFile)
  } catch {
    return undefined
  }
  const header = cacheHeader(source.length)
  const start = header.length + source.length
  if (data.length <= start || !header.equals(data.subarray(0, header.length))) return undefined
  if (!source.equals(data.subarray(header.length, start))) return undefined
  return data.subarray(start)
}

/** How long a server runs before it makes its own cache (SLUGLINE_CODE_CACHE_DELAY_MS to
 *  change, for tests): long enough to have served requests, whose functions the cache then
 *  holds compiled too. */
const REFRESH_DELAY_MS = Number(process.env.SLUGLINE_CODE_CACHE_DELAY_MS) || 10_000

/**
 * When the cache was not used, writes a new one for this bundle, path and Node after the process
 * has run a while (a timer that keeps nothing alive). Written to a temporary file and renamed,
 * so a concurrent start never reads half a cache; a package folder that is not writable keeps
 * its old cache, silently. Making it costs one pause of a few milliseconds.
 */
function refreshCacheLater(loaded) {
  if (loaded.cache === 'used') return
  setTimeout(() => {
    const temp = `${cacheFile}.${process.pid}.tmp`
    try {
      fs.writeFileSync(temp, cacheContents(loaded.source, loaded.script.createCachedData()))
      fs.renameSync(temp, cacheFile)
    } catch {
      fs.rmSync(temp, { force: true })
    }
  }, REFRESH_DELAY_MS).unref()
}

/**
 * Compiles and runs the bundle: { exports, script, source, cache }, where `cache` says what
 * became of the code cache: 'used', 'rejected' (V8 refused it) or 'none'; `source` is the
 * bundle's bytes. `useCache: false` skips the cache. Throws like require() (code
 * MODULE_NOT_FOUND) when the bundle is missing.
 */
function loadCli({ useCache = true } = {}) {
  let source
  try {
    source = fs.readFileSync(cliFile)
  } catch (err) {
    if (err.code === 'ENOENT') err.code = 'MODULE_NOT_FOUND'
    throw err
  }
  const cachedData = useCache ? readCache(source) : undefined
  const code = WRAPPER_HEAD + source.toString('utf8') + WRAPPER_TAIL
  const script = new vm.Script(code, { filename: cliFile, cachedData })
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(cliFile), module, cliFile, path.dirname(cliFile))
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used'
  return { exports: module.exports, script, source, cache }
}

module.exports = { cliFile, cacheFile, cacheContents, loadCli, refreshCacheLater }
