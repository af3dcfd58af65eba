// What `import ... from 'next/server'` resolves to in a Slugline build (the build aliases the
// import here), so a route file written for Next.js runs without `next` installed.
export { NextRequest, NextURL } from './next-request.ts'
export { NextResponse } from './next-response.ts'
export { RequestCookies, ResponseCookies } from './cookies.ts'
export { after, type AfterTask } from './after.ts'
export type { CookieAttributes, RequestCookie, ResponseCookie } from './cookies.ts'

/** Next.js's `connection()` waits for a real request before rendering. Slugline only ever runs
 *  a handler for a real request, so there is nothing to wait for. */
export async function connection(): Promise<void> {}
