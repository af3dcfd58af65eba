// The lazy Request and Response (incoming-request.ts, fast-response.ts) stand in for undici's
// own objects until something needs the real one. undici keeps its state under symbol-keyed
// properties and reads them when user code hands our object to it (fetch, `new Request(url,
// ours)`, Response.prototype methods called on it). Each such property is answered by the real
// object, built on first use. A setter too: undici never writes them after construction, but a
// write from some version must land on the real object rather than throw.

/** Defines on `prototype` a forwarder for every own symbol property of `sample` (an object
 *  undici made), reading and writing that property of `materialise(this)`. */
export function forwardUndiciInternals<T extends object>(prototype: T, sample: object, materialise: (self: T) => object): void {
  for (const symbol of Object.getOwnPropertySymbols(sample)) {
    Object.defineProperty(prototype, symbol, {
      configurable: true,
      get(this: T) {
        return (materialise(this) as Record<symbol, unknown>)[symbol]
      },
      set(this: T, value: unknown) {
        ;(materialise(this) as Record<symbol, unknown>)[symbol] = value
      },
    })
  }
}
