// GET /api/health  an App Router route handler beside the pages/api routes: the same build
// and server serve both. Written against next/server, as a Next.js app would be; Slugline
// provides that module, so `next` need not be installed.
import { NextResponse } from 'next/server'
import { countAll } from '../../../lib/library.ts'

export function GET() {
  return NextResponse.json({ ok: true, ...countAll() })
}
