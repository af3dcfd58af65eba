// What a server process costs, read from /proc (Linux only): CPU time across all its threads
// and child processes, and resident memory. CPU comes from /proc/<pid>/task/<tid>/schedstat,
// whose first field is nanoseconds on CPU: /proc/<pid>/stat counts in 10 ms ticks, too coarse
// for runs of a second or two.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return fallback
  }
}

/** The pid and every descendant (cluster workers), found through /proc/<pid>/task/<tid>/children. */
export function processTree(pid) {
  const all = [pid]
  for (let i = 0; i < all.length; i++) {
    for (const tid of listTasks(all[i])) {
      const children = readOr(`/proc/${all[i]}/task/${tid}/children`, '').trim()
      if (children) for (const c of children.split(/\s+/)) all.push(Number(c))
    }
  }
  return all
}

function listTasks(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/task`)
  } catch {
    return []
  }
}

/** Nanoseconds on CPU so far of one process, all its live threads summed. */
function processCpuNs(pid) {
  let ns = 0
  for (const tid of listTasks(pid)) {
    const stat = readOr(`/proc/${pid}/task/${tid}/schedstat`, '')
    if (stat) ns += Number(stat.split(' ')[0])
  }
  return ns
}

/** CPU nanoseconds of a process and its descendants. Threads and children that exit between
 *  two readings are lost; a serving Node process keeps its threads, so deltas are exact. */
export function cpuNs(pid) {
  let ns = 0
  for (const p of processTree(pid)) ns += processCpuNs(p)
  return ns
}

/** Resident set size in bytes (VmRSS) of one process. */
export function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readOr(`/proc/${pid}/status`, ''))
  return m ? Number(m[1]) * 1024 : NaN
}

export const canPin = process.platform === 'linux' && os.cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0

/** Pins this process (and the threads it already has) to one core. */
export function pinSelf(core) {
  if (!canPin) return false
  for (const tid of listTasks(process.pid)) spawnSync('taskset', ['-pc', String(core), tid], { stdio: 'ignore' })
  return true
}

/** `[cmd, ...args]` prefixed to run on one core when pinning is available. */
export function pinned(core, cmd, args) {
  return canPin ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args]
}

export function machine(repoRoot) {
  const lscpu = spawnSync('lscpu', { encoding: 'utf8' }).stdout ?? ''
  const model = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown'
  const git = (args) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).stdout?.trim() ?? ''
  const dirty = git(['status', '--porcelain', '--', 'src']) ? ' (src/ modified)' : ''
  const commit = (git(['rev-parse', '--short', 'HEAD']) || 'unknown') + dirty
  return { model, cores: os.cpus().length, node: process.version, date: new Date().toISOString().slice(0, 10), commit }
}
