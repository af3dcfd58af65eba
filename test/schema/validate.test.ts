// validate.ts in-process: every validator's issues come out as { in, path, message }, sync
// validators stay synchronous, async ones are awaited; and the types Slugline declares
// (src/schema/types.ts) accept @standard-schema/spec's interface and each validator's schemas,
// which `tsc --noEmit` over test/ checks.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { type } from 'arktype'
import * as v from 'valibot'
import { z } from 'zod'
import type { MethodSchema, StandardSchema } from '../../src/schema/types.ts'
import { validateParts } from '../../src/schema/validate.ts'

const fits = <S extends StandardSchema>(schema: S): S => schema
declare const spec: StandardSchemaV1<unknown, { a: number }>
void (() => fits(spec))

describe('validateParts', () => {
  const schemas: Record<string, StandardSchema> = {
    zod: fits(z.object({ title: z.string().min(1) })),
    valibot: fits(v.object({ title: v.pipe(v.string(), v.minLength(1)) })),
    arktype: fits(type({ title: 'string > 0' })),
  }
  for (const [name, body] of Object.entries(schemas)) {
    it(`${name}: a valid body synchronously, an invalid one as issues with plain paths`, () => {
      const schema: MethodSchema = { body }
      const ok = validateParts(schema, { body: { title: 'x', extra: 1 } })
      assert.ok(!(ok instanceof Promise))
      assert.equal(ok.ok, true)
      const bad = validateParts(schema, { body: { title: '' } })
      assert.ok(!(bad instanceof Promise) && !bad.ok)
      assert.equal(bad.issues.length, 1)
      assert.deepEqual(bad.issues[0]!.path, ['title'])
      assert.equal(bad.issues[0]!.in, 'body')
      assert.equal(typeof bad.issues[0]!.message, 'string')
    })
  }

  it('awaits an async validator and lists issues params, query, body in that order', async () => {
    const slow = z.object({ n: z.string() }).refine(async () => false, 'never')
    const outcome = validateParts({ body: slow, query: z.object({ q: z.string() }) }, { body: { n: 'x' }, query: {} })
    assert.ok(outcome instanceof Promise)
    const done = await outcome
    assert.ok(!done.ok)
    assert.deepEqual(
      done.issues.map((i) => [i.in, i.path]),
      [
        ['query', ['q']],
        ['body', []],
      ],
    )
  })
})
