// proxy.ts (Next.js 16's name) or middleware.ts (the older one, still run, with the notice
// Next.js prints), at the app's root or in src/, in any of the route extensions.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { SluglineError } from '../errors.ts'

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts']

export interface ProxyFile {
  /** Relative to the app, posix separators. */
  file: string
  /** `middleware.*`: the named export to look for is `middleware`. */
  legacy: boolean
}

function filesIn(dir: string, folder: string, name: string): string[] {
  let names: string[]
  try {
    names = readdirSync(join(dir, folder))
  } catch {
    return []
  }
  return names
    .filter((n) => n.startsWith(name + '.') && EXTENSIONS.includes(n.slice(name.length)))
    .sort()
    .map((n) => (folder ? `${folder}/${n}` : n))
}

/** The app's proxy file, or null. Both a proxy and a middleware file is Next.js's build error. */
export function findProxyFile(dir: string): ProxyFile | null {
  for (const folder of ['', 'src']) {
    const proxy = filesIn(dir, folder, 'proxy')
    const middleware = filesIn(dir, folder, 'middleware')
    if (proxy.length > 0 && middleware.length > 0) {
      throw new SluglineError(
        'CONFIG_INVALID',
        `Both middleware file "./${middleware[0]}" and proxy file "./${proxy[0]}" are detected. Please use "./${proxy[0]}" only. Learn more: https://nextjs.org/docs/messages/middleware-to-proxy`,
        [middleware[0]!, proxy[0]!],
      )
    }
    if (proxy.length > 0) return { file: proxy[0]!, legacy: false }
    if (middleware.length > 0) return { file: middleware[0]!, legacy: true }
  }
  return null
}

/** Next.js 16's notice for a middleware file (build/index.ts, setup-dev-bundler.ts). */
export const MIDDLEWARE_DEPRECATION =
  'Warning: The "middleware" file convention is deprecated. Please use "proxy" instead.\n\n' +
  '  To migrate automatically, run:\n' +
  '  npx @next/codemod@canary middleware-to-proxy .\n\n' +
  '  Learn more: https://nextjs.org/docs/messages/middleware-to-proxy'

/** The message when the file exports no function to run (build/templates/middleware.ts). */
export function missingExportMessage(p: ProxyFile): string {
  return `The ${p.legacy ? 'Middleware' : 'Proxy'} file "./${p.file}" must export a function named \`${p.legacy ? 'middleware' : 'proxy'}\` or a default function.`
}

/** The function a proxy module exports, or null. */
export function proxyFunctionOf(ns: Record<string, unknown>, p: ProxyFile): ((...args: never[]) => unknown) | null {
  const fn = ns[p.legacy ? 'middleware' : 'proxy'] ?? ns.default
  return typeof fn === 'function' ? (fn as (...args: never[]) => unknown) : null
}
