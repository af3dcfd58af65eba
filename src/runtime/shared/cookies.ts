// `req.cookies`, as Next.js builds it: the Cookie header parsed with the `cookie` package,
// values URI-decoded, `{}` when there is no header. Next.js's bundled parser also strips the
// double quotes of a quoted value (`q="x y"` is `x y`); cookie@1 keeps them, so we strip them.
import { parse } from 'cookie'

export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  if (header === undefined || header.length === 0) return {}
  const parsed = parse(Array.isArray(header) ? header.join('; ') : header)
  // cookie@1 returns a null-prototype object; give handlers an ordinary one.
  const cookies: Record<string, string> = {}
  for (const name in parsed) {
    const raw = parsed[name]!
    const value = raw.length > 1 && raw.charCodeAt(0) === 34 && raw.charCodeAt(raw.length - 1) === 34 ? raw.slice(1, -1) : raw
    // A cookie named __proto__ must become data, not the object's prototype.
    if (name === '__proto__') Object.defineProperty(cookies, name, { value, enumerable: true, writable: true, configurable: true })
    else cookies[name] = value
  }
  return cookies
}
