// Which responses may be compressed, as the `compression` package Next.js ships decides (its
// `compressible` check over mime-db): any text/*, *+json, *+text or *+xml type, and the types
// mime-db marks compressible besides (below). None for a response without a Content-Type, and
// none under `Cache-Control: no-transform`.
//
// The list is mime-db 1.52.0's `compressible: true` types the pattern does not cover (no type it
// covers is marked false there), taken out of mime-db so that the server does not carry its
// 200 KB database.

const PATTERN = /^text\/|\+(?:json|text|xml)$/
const COMPRESSIBLE = new Set([
  'application/dart', 'application/ecmascript', 'application/javascript', 'application/json',
  'application/postscript', 'application/raml+yaml', 'application/rtf', 'application/tar',
  'application/toml', 'application/vnd.dart', 'application/vnd.ms-fontobject',
  'application/vnd.ms-opentype', 'application/wasm', 'application/x-httpd-php',
  'application/x-javascript', 'application/x-ns-proxy-autoconfig', 'application/x-sh',
  'application/x-tar', 'application/x-virtualbox-hdd', 'application/x-virtualbox-ova',
  'application/x-virtualbox-ovf', 'application/x-virtualbox-vbox', 'application/x-virtualbox-vdi',
  'application/x-virtualbox-vhd', 'application/x-virtualbox-vmdk',
  'application/x-www-form-urlencoded', 'application/xml', 'application/xml-dtd', 'font/otf',
  'font/ttf', 'image/bmp', 'image/vnd.adobe.photoshop', 'image/vnd.microsoft.icon',
  'image/vnd.ms-dds', 'image/x-icon', 'image/x-ms-bmp', 'message/rfc822', 'model/gltf-binary',
  'x-shader/x-fragment', 'x-shader/x-vertex',
])
const ESSENCE = /^\s*([^;\s]*)(?:;|\s|$)/

const known = new Map<string, boolean>()
const KNOWN_MAX = 256

function compressible(type: string): boolean {
  const essence = ESSENCE.exec(type)?.[1]?.toLowerCase() ?? ''
  return COMPRESSIBLE.has(essence) || PATTERN.test(essence)
}

export function isCompressibleType(type: unknown): boolean {
  if (typeof type !== 'string' || type === '') return false
  let yes = known.get(type)
  if (yes === undefined) {
    yes = compressible(type)
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
