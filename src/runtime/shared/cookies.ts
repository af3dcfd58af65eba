// `req.cookies`, as Next.js builds it: the Cookie header parsed with the `cookie` package,
// values URI-decoded, `{}` when there is no header.
import { parse } from 'cookie'

export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  if (header === undefined || header.length === 0) return {}
  const parsed = parse(Array.isArray(header) ? header.join('; ') : header)
  // cookie@1 returns a null-prototype object; give handlers an ordinary one.
  return { ...parsed } as Record<string, string>
}
