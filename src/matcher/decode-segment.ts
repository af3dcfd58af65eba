// Per-segment decoding, as Next.js's route matcher does it: the path is split on `/` first, so
// an encoded `%2F` stays inside its segment, then each segment is decoded on its own.
import { BadRequestError } from '../errors.ts'

export function decodeSegment(segment: string): string {
  // Most segments have no escape: skip decodeURIComponent and its try/catch entirely.
  if (segment.indexOf('%') === -1) return segment
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new BadRequestError(`Malformed percent-encoding in URL segment "${segment}"`)
  }
}

/** The rest of a path (`a/b%20c`) as a catch-all param: `['a', 'b c']`. */
export function decodeRest(rest: string): string[] {
  const parts = rest.split('/')
  for (let i = 0; i < parts.length; i++) parts[i] = decodeSegment(parts[i])
  return parts
}
