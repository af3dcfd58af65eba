// next-auth 5 (Auth.js) imports next/server and next/headers at run time, from inside the
// package: with `next` not installed, those imports reach Slugline's compat modules in `start`
// (the package is bundled) and in `dev` (its files are compiled like app files). The credentials
// flow runs end to end: CSRF token, sign-in, session (through the handler and through `auth()`),
// sign-out (issue 11, item 5).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { runCli, serve, type RunningServer } from '../helpers/app-server.ts'
import { request, type RawResponse } from '../helpers/http.ts'
import { installInteropApp } from './interop-app.ts'

/** Cookies by name, as a browser keeps them: a cookie set with Max-Age=0 or an expiry in the past is gone. */
class Jar {
  readonly cookies = new Map<string, string>()
  take(r: RawResponse): void {
    for (const line of [r.headers['set-cookie'] ?? []].flat()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()))
      if (gone) this.cookies.delete(name)
      else this.cookies.set(name, pair!.slice(eq + 1))
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

describe('next-auth 5 credentials sign-in, start and dev', () => {
  let dir = ''
  const servers: Record<'start' | 'dev', RunningServer | undefined> = { start: undefined, dev: undefined }
  before(async () => {
    dir = installInteropApp('nextauth5-app')
    const built = runCli(['build', dir])
    assert.equal(built.status, 0, built.stdout + built.stderr)
    // next-auth's signIn/signOut server actions import next/navigation: warned, not fatal.
    assert.match(built.stderr, /"next\/navigation" is not available in Slugline; next-auth\/lib\/actions\.js imports it/)
    // auth() builds its session URL from x-forwarded-proto (https without it, and then looks
    // for the __Secure- cookie): `next start` adds the x-forwarded-* headers to every request,
    // Slugline does not (yet). Either AUTH_URL says the protocol (start here), or a proxy in
    // front sends the header (dev here: the client sends it).
    ;[servers.start, servers.dev] = await Promise.all([serve(dir, { env: { AUTH_URL: 'http://localhost' } }), serve(dir, { mode: 'dev' })])
  })
  after(async () => {
    await Promise.all([servers.start?.stop(), servers.dev?.stop()])
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  for (const mode of ['start', 'dev'] as const) {
    it(`${mode}: signs in, reads the session, signs out`, async () => {
      const base = servers[mode]!.base
      const jar = new Jar()
      const send = async (path: string, form?: Record<string, string>) => {
        const r = await request(base, path, {
          method: form ? 'POST' : 'GET',
          headers: { cookie: jar.header(), ...(mode === 'dev' ? { 'x-forwarded-proto': 'http' } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          body: form ? new URLSearchParams(form).toString() : undefined,
        })
        jar.take(r)
        return r
      }

      const csrf = await send('/api/auth/csrf')
      assert.equal(csrf.status, 200, csrf.body)
      const { csrfToken } = csrf.json()
      assert.match(csrfToken, /^[0-9a-f]{64}$/)
      assert.ok(jar.cookies.has('authjs.csrf-token'), `no CSRF cookie: ${String(csrf.headers['set-cookie'])}`)

      assert.deepEqual((await send('/api/auth/session')).json(), null)

      const wrong = await send('/api/auth/callback/credentials', { csrfToken, username: 'ada', password: 'nope' })
      assert.equal(wrong.status, 302, wrong.body)
      assert.match(String(wrong.headers.location), /error=CredentialsSignin/)
      assert.ok(!jar.cookies.has('authjs.session-token'))

      const signIn = await send('/api/auth/callback/credentials', { csrfToken, username: 'ada', password: 'lovelace' })
      assert.equal(signIn.status, 302, signIn.body)
      assert.ok(jar.cookies.has('authjs.session-token'), `no session cookie: ${String(signIn.headers['set-cookie'])}`)

      const session = await send('/api/auth/session')
      assert.equal(session.status, 200, session.body)
      assert.deepEqual(session.json().user, { name: 'Ada', email: 'ada@example.com' })
      // auth() in a route handler reads the cookies through next/headers.
      assert.deepEqual((await send('/api/me')).json(), { user: 'Ada' })

      const signOut = await send('/api/auth/signout', { csrfToken })
      assert.equal(signOut.status, 302, signOut.body)
      assert.ok(!jar.cookies.has('authjs.session-token'), 'the session cookie outlived sign-out')
      assert.deepEqual((await send('/api/auth/session')).json(), null)
      assert.deepEqual((await send('/api/me')).json(), { user: null })
    })
  }
})
