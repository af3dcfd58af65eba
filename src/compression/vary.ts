// Adds a field to a response's Vary header, as the `vary` package does: kept as is when it is
// `*` or already names the field (in any case), else appended after what is there.
import type { ServerResponse } from 'node:http'

export function addVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary')
  if (current === undefined) {
    res.setHeader('Vary', field)
    return
  }
  const value = Array.isArray(current) ? current.join(', ') : String(current)
  const lower = field.toLowerCase()
  for (const part of value.split(',')) {
    const name = part.trim().toLowerCase()
    if (name === '*' || name === lower) return
  }
  res.setHeader('Vary', value.trim() === '' ? field : `${value}, ${field}`)
}
