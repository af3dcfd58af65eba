// ETags for sent bodies, and the If-None-Match check that turns a repeat request into a 304.
// The tag is a 32-bit FNV-1a hash plus the length, both in base 36: cheap enough to compute on
// every response (the hot path), and strong enough to tell two versions of one URL apart.

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

export function etagOf(body: string | Uint8Array): string {
  let h = FNV_OFFSET
  if (typeof body === 'string') {
    for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), FNV_PRIME)
  } else {
    for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body[i], FNV_PRIME)
  }
  return `"${(h >>> 0).toString(36)}${body.length.toString(36)}"`
}

/** Whether the client's cached copy (If-None-Match) is still this `etag`, per RFC 9110 13.1.2
 *  and the `fresh` package Next.js uses: weak comparison, `*` matches, `Cache-Control: no-cache`
 *  in the request forces a full answer. */
export function isFresh(ifNoneMatch: string | undefined, cacheControl: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined || ifNoneMatch.length === 0) return false
  if (cacheControl !== undefined && /(?:^|,)\s*no-cache\s*(?:,|$)/.test(cacheControl)) return false
  if (ifNoneMatch.trim() === '*') return true
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim()
    if (tag === bare || tag === `W/${bare}`) return true
  }
  return false
}
