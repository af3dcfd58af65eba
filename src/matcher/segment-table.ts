// The static children of one tree node, looked up by a segment of the request path *in place*:
// the caller hashes the segment's characters while it scans for the segment's end, so the
// lookup slices nothing and hashes nothing more. A `Map` keyed by `path.slice(start, end)`
// paid for a fresh string and V8's own hash of it (~45 ns of the old 4-segment match, by the
// earlier analysis).
// Open addressing with linear probing, at most half full, so a probe sequence stays short.
// The slot is the top bits of hash * 2^32/phi (Fibonacci hashing): the plain hash of names
// like `r0`..`r2499` and `f0`..`f2499` is dense and overlapping, and its low bits made runs of
// up to 19 probes (2.4 on average); scattered, 1.2 on average, 5 at most.
// Also here: `segmentEnd`, the other scan of a segment both matchers make.

/** The hash every lookup uses; `hashSegment` below and the matcher's scan loop must agree. */
export function addCharToHash(hash: number, charCode: number): number {
  return (Math.imul(hash, 31) + charCode) | 0
}

export function hashSegment(text: string, start = 0, end = text.length): number {
  let hash = 0
  for (let i = start; i < end; i++) hash = addCharToHash(hash, text.charCodeAt(i))
  return hash
}

const SLASH = 47

/** The index of the `/` that ends the segment starting at `start`, or the path's length. */
export function segmentEnd(path: string, start: number): number {
  const length = path.length
  let end = start
  while (end < length && path.charCodeAt(end) !== SLASH) end++
  return end
}

export class SegmentTable<V> {
  private readonly mask: number
  private readonly shift: number
  private readonly names: Array<string | null>
  private readonly hashes: Int32Array
  private readonly values: Array<V | null>

  constructor(entries: Iterable<[name: string, value: V]>) {
    const list = [...entries]
    let bits = 2
    while (1 << bits < list.length * 2) bits++
    const size = 1 << bits
    this.mask = size - 1
    this.shift = 32 - bits
    this.names = new Array<string | null>(size).fill(null)
    this.hashes = new Int32Array(size)
    this.values = new Array<V | null>(size).fill(null)
    for (const [name, value] of list) {
      const hash = hashSegment(name)
      let i = this.slot(hash)
      while (this.names[i] !== null) i = (i + 1) & this.mask
      this.names[i] = name
      this.hashes[i] = hash
      this.values[i] = value
    }
  }

  /** The value named by `path[start, end)`, whose hash (`hashSegment`) is `hash`; or null. */
  find(path: string, start: number, end: number, hash: number): V | null {
    const length = end - start
    for (let i = this.slot(hash); ; i = (i + 1) & this.mask) {
      const name = this.names[i]
      if (name === null) return null
      if (this.hashes[i] === hash && name.length === length && path.startsWith(name, start)) return this.values[i]
    }
  }

  private slot(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift
  }

  /** The value named exactly `name` (a decoded segment); or null. */
  get(name: string): V | null {
    return this.find(name, 0, name.length, hashSegment(name))
  }
}
