// Watches a folder tree for the dev server: one non-recursive fs.watch per folder, skipping the
// folders that hold no app code (node_modules, .git, .slugline, any dot-folder).
//
// Why not `fs.watch(dir, { recursive: true })`: on Linux, Node 20 emulates it in JavaScript by
// walking the whole tree synchronously, node_modules included, with a watcher (an inotify watch)
// per *file*, and reports every existing file as new on start. Measured on an app whose
// node_modules holds 4,300 files in 850 folders: 1,210 ms to set up, against 1.8 ms here
// (2-core EPYC, busy at the time; the ratio is what matters).
import fs from 'node:fs'
import path from 'node:path'

export type WatchEventType = 'change' | 'rename'

export interface WatchTreeOptions {
  /** Folders (by name) not to descend into. */
  skipDir(name: string): boolean
  /** A file or folder under the tree changed ('change') or appeared, vanished or moved ('rename'). */
  onEvent(type: WatchEventType, file: string): void
  /** A folder could not be watched (out of inotify watches, say): its edits will go unseen. */
  onWatchError(dir: string, err: Error): void
}

export interface TreeWatcher {
  /** Also watch one folder outside the tree, not its subfolders (for an app file imported from
   *  `../shared`, say). */
  add(dir: string): void
  close(): void
}

export function watchTree(root: string, options: WatchTreeOptions): TreeWatcher {
  const watchers = new Map<string, fs.FSWatcher>()

  function unwatchUnder(dir: string): void {
    for (const [d, w] of watchers) {
      if (d === dir || d.startsWith(dir + path.sep)) {
        w.close()
        watchers.delete(d)
      }
    }
  }

  /** `announce`: report the files found as new, for a folder that appeared (moved in, or made
   *  and filled before its watcher existed). */
  function watchDir(dir: string, announce: boolean, recursive = true): void {
    if (watchers.has(dir)) return
    let watcher: fs.FSWatcher
    try {
      watcher = fs.watch(dir, (type, name) => {
        if (name) onDirEvent(dir, type as WatchEventType, name.toString())
      })
    } catch (err) {
      // Vanished meanwhile: nothing to watch. Anything else the user must hear about.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') options.onWatchError(dir, err as Error)
      return
    }
    watcher.on('error', () => unwatchUnder(dir))
    watchers.set(dir, watcher)
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (recursive && !options.skipDir(entry.name)) watchDir(p, announce)
      } else if (announce) options.onEvent('rename', p)
    }
  }

  function onDirEvent(dir: string, type: WatchEventType, name: string): void {
    const file = path.join(dir, name)
    if (type === 'rename') {
      let stat: fs.Stats | undefined
      try {
        stat = fs.statSync(file)
      } catch {
        unwatchUnder(file)
      }
      if (stat?.isDirectory() && !options.skipDir(name)) watchDir(file, true)
    }
    options.onEvent(type, file)
  }

  watchDir(root, false)
  return {
    add(dir) {
      watchDir(dir, false, false)
    },
    close() {
      for (const w of watchers.values()) w.close()
      watchers.clear()
    },
  }
}
