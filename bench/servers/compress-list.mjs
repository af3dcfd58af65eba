// The ~3 KB JSON answer of bench/compress.mjs's route, shared by the baseline server and the
// generated apps (which inline the same function's source).
export function listBody(id) {
  const items = []
  for (let i = 0; i < 40; i++) items.push({ id: i, name: `product ${i}`, tags: ['new', 'sale'], price: 10 + i, inStock: i % 3 !== 0 })
  return { id, items }
}
