// What every deploy target must answer to bad input, as `slugline start` does: 400 for a
// malformed escape, 413 past the 1mb body limit, 400 for a body in a charset Next.js refuses
// (and the text of one it takes), 500 with nothing of the error leaked when a handler throws,
// and the next request served as if nothing happened. Against the conformance
// fixture (test/fixtures/conformance/app), served by the target under test.
import assert from 'node:assert/strict'
import { request } from '../../helpers/http.ts'

export async function assertBadInputAnswersAsStart(base: string, log: () => string): Promise<void> {
  const malformed = await request(base, '/api/posts/%E0%A4%A')
  assert.equal(malformed.status, 400)
  assert.deepEqual(malformed.json(), { error: 'Bad Request' })

  const tooBig = await request(base, '/api/body/echo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify('a'.repeat(1024 * 1024)),
  })
  assert.equal(tooBig.status, 413)
  assert.equal(tooBig.body, 'Body exceeded 1mb limit')

  const justUnder = await request(base, '/api/body/echo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify('a'.repeat(1024 * 1024 - 3)),
  })
  assert.equal(justUnder.status, 200)
  assert.equal(justUnder.json().body.length, 1024 * 1024 - 3)

  // Other charsets go through iconv-lite, which the runtime loads on first use (charset.ts):
  // the output must carry it.
  const latin1 = await request(base, '/api/body/echo', { method: 'POST', headers: { 'content-type': 'text/plain; charset=latin1' }, body: Buffer.from([0x63, 0x61, 0x66, 0xe9]) })
  assert.equal(latin1.status, 200, latin1.body)
  assert.equal(latin1.json().body, 'café')
  const refused = await request(base, '/api/body/echo', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-32' }, body: 'x' })
  assert.equal(refused.status, 400)

  for (const path of ['/api/errors/throws', '/api/errors/rejects']) {
    const crashed = await request(base, path)
    assert.equal(crashed.status, 500, path)
    assert.equal(crashed.body, 'Internal Server Error')
    assert.doesNotMatch(JSON.stringify(crashed.headers), /secret|boom/)
  }
  assert.match(log(), /boom: secret detail/, 'the error goes to the log')

  const after = await request(base, '/api/start')
  assert.equal(after.status, 200)
  assert.deepEqual(after.json(), { message: 'Request successful' })
}
