// Which responses may be compressed, as the `compression` package Next.js ships decides: a
// Content-Type that mime-db (through `compressible`) calls compressible, or any text/*, *+json,
// *+text, *+xml; none for a response without a Content-Type or under `Cache-Control: no-transform`.
import compressible from 'compressible'

const known = new Map<string, boolean>()
const KNOWN_MAX = 256

export function isCompressibleType(type: unknown): boolean {
  if (typeof type !== 'string') return false
  let yes = known.get(type)
  if (yes === undefined) {
    yes = compressible(type) === true
    if (known.size >= KNOWN_MAX) known.clear()
    known.set(type, yes)
  }
  return yes
}

const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/

/** `Cache-Control: no-transform` forbids changing the body's encoding (RFC 9111 5.2.2.6). */
export function forbidsTransform(cacheControl: unknown): boolean {
  return typeof cacheControl === 'string' && NO_TRANSFORM.test(cacheControl)
}
