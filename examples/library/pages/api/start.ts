// GET /api/start: a health check with a summary of what the database holds. Written as a plain
// handler, the way the Next.js docs write one; the other routes use lib/api.ts's `methods()`.
import type { ApiRequest, ApiResponse } from 'slugline'
import { countAll } from '../../lib/library.ts'

type StartResponse = { message: string; authors: number; books: number } | { error: string }

export default function handler(req: ApiRequest, res: ApiResponse<StartResponse>) {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET')
    res.status(405).json({ error: `Method ${req.method} not allowed` })
    return
  }
  res.status(200).json({ message: 'Request successful', ...countAll() })
}
