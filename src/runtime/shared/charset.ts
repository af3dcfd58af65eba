// Body text from bytes and a charset label, as Next.js decodes pages/api bodies: raw-body with
// iconv-lite, whose decoders drop a leading byte-order mark and whose label table decides what
// is accepted (`win1252`, `ucs2`, `binary`, `utf-7`, `base64` yes; `unicode`, `utf-32`,
// `iso-2022-jp` no: 400 Invalid body). Next.js 16 bundles raw-body 2.4 with iconv-lite 0.4.24,
// and later iconv-lite majors accept more labels (utf-32 among them), so that version is pinned.
// UTF-8, nearly every body, never loads iconv-lite: Buffer decodes it, and the BOM is dropped
// here. iconv-lite stays out of the CLI bundle (its tables are ~230 KB) and loads on first use.
import { createRequire } from 'node:module'

type Iconv = typeof import('iconv-lite')
let iconv: Iconv | undefined

function loadIconv(): Iconv {
  return (iconv ??= createRequire(import.meta.url)('iconv-lite') as Iconv)
}

export type Decode = (bytes: Buffer) => string

function utf8(bytes: Buffer): string {
  const text = bytes.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** The decoder for `charset`, or null when Next.js would refuse the label. */
export function decoderFor(charset: string): Decode | null {
  const label = charset.toLowerCase()
  if (label === 'utf-8' || label === 'utf8') return utf8
  const lib = loadIconv()
  if (!lib.encodingExists(label)) return null
  return (bytes) => lib.decode(bytes, label)
}
