// The ETag Slugline puts on pages/api bodies (src/runtime/shared/etag.ts: 32-bit FNV-1a of the
// body plus its length, base 36), written out again so the baseline servers can do the same
// work. bench/http.mjs checks before measuring that every server sends the same ETag.

export function etagOf(text) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return `"${(h >>> 0).toString(36)}${text.length.toString(36)}"`
}
