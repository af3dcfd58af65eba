// Which encoding to answer an Accept-Encoding with: Next.js's choice (the `compression`
// package it ships, 1.7.4: gzip or deflate, gzip when both are acceptable), plus brotli where
// the client ranks it above gzip or accepts only brotli. A browser's `gzip, deflate, br, zstd`
// gets gzip, as from `next start`.
import Negotiator from 'negotiator'

export type Encoding = 'gzip' | 'br' | 'deflate'

// Ties between equally ranked encodings go to gzip first, as in Next.js.
const AVAILABLE = ['gzip', 'br', 'deflate', 'identity']
const PREFERRED = { preferred: ['gzip', 'br', 'deflate', 'identity'] }

/** Clients send the same few headers over and over: their answers are kept (up to a bound). */
const known = new Map<string, Encoding | null>()
const KNOWN_MAX = 256

function negotiate(acceptEncoding: string): Encoding | null {
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } })
  // negotiator 1.x takes the tie order as a second argument (its types are 0.6's).
  const ranked = (negotiator.encodings as (available: string[], options: typeof PREFERRED) => string[])(AVAILABLE, PREFERRED)
  let best = ranked[0]
  // As `compression` does: "we really don't prefer deflate" when gzip (or brotli) will do.
  if (best === 'deflate') best = ranked.find((e) => e === 'gzip' || e === 'br') ?? best
  return best === 'gzip' || best === 'br' || best === 'deflate' ? best : null
}

/** The encoding to compress with, or null for none (identity, or nothing acceptable). */
export function pickEncoding(acceptEncoding: string): Encoding | null {
  let encoding = known.get(acceptEncoding)
  if (encoding === undefined) {
    encoding = negotiate(acceptEncoding)
    if (known.size >= KNOWN_MAX) known.clear()
    known.set(acceptEncoding, encoding)
  }
  return encoding
}
