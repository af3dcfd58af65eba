// node:test reporter for `npm test`: one line per test file, every failure in full (its name
// within the file, the assertion's message and diff, the stack), the output of a file that
// crashed before its tests could report, and at the end the runner's own counts (`# pass N`,
// `# fail N`, as the TAP reporter closes) with a last line `N passed, N failed` for CI.
// The TAP reporter printed ~3,000 lines for a passing run; this prints one per file.
import path from 'node:path'
import { inspect } from 'node:util'

const color = process.stdout.isTTY === true && !process.env.NO_COLOR
const paint = (code) => (text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
const red = paint(31)
const green = paint(32)
const dim = paint(2)

function seconds(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** The failure's own error: node:test wraps what a test threw in ERR_TEST_FAILURE. */
function describeError(error) {
  const cause = error?.code === 'ERR_TEST_FAILURE' && error.cause !== undefined ? error.cause : error
  const text = cause instanceof Error ? (cause.stack ?? String(cause)) : inspect(cause, { depth: 4 })
  // An assertion's stack repeats its message; Node puts the diff in the message.
  return text
}

function indent(text, by = '    ') {
  return text.replace(/^(?=.)/gm, by)
}

class FileRun {
  passed = 0
  failed = 0
  skipped = 0
  todo = 0
  cancelled = 0
  /** Names of the tests and suites running, by nesting level. */
  path = []
  failures = []
  output = []
}

export default async function* reporter(source) {
  const files = new Map()
  const run = (file) => {
    let r = files.get(file)
    if (!r) files.set(file, (r = new FileRun()))
    return r
  }
  const totals = new Map()
  const failedFiles = []
  // Files in the order node reports them. A file's end (its process exiting) can be reported
  // before its tests are: node holds back the tests of a file until those before it are
  // reported. So a finished file is summed up once a later file's tests are being reported,
  // or at the end.
  let passed = 0
  let failed = 0
  const order = []
  const finished = new Map()
  function* sumUpBefore(index) {
    for (const file of order.slice(0, index)) {
      const end = finished.get(file)
      if (end === undefined) continue
      finished.delete(file)
      const r = run(file)
      passed += r.passed
      failed += r.failed + r.cancelled + (end.failed && r.failed + r.cancelled === 0 ? 1 : 0)
      yield summarize(file, r, end.failed, end.durationMs)
      if (end.failed) failedFiles.push(file)
      files.delete(file)
    }
  }

  for await (const { type, data } of source) {
    if (type === 'test:diagnostic' && data.file === undefined && data.nesting === 0) {
      const [key, value] = data.message.split(' ')
      totals.set(key, value)
      continue
    }
    if (data?.file === undefined) continue
    // The test that stands for the whole file (node --test runs each in its own process).
    const isFile = data.name === data.file
    if (isFile) {
      if (type === 'test:enqueue' && !order.includes(data.file)) order.push(data.file)
      else if (type === 'test:complete') finished.set(data.file, { failed: !data.details.passed, durationMs: data.details.duration_ms })
      continue
    }
    yield* sumUpBefore(order.indexOf(data.file))
    const r = run(data.file)
    switch (type) {
      case 'test:stdout':
      case 'test:stderr':
        r.output.push(data.message)
        break
      case 'test:start':
        r.path[data.nesting] = data.name
        break
      case 'test:pass':
      case 'test:fail': {
        if (data.details.type === 'suite') {
          // A suite fails with its tests; alone, it failed in a hook (before/after) of its own.
          if (type === 'test:fail' && data.details.error?.failureType !== 'subtestsFailed') {
            r.failed++
            r.failures.push({ name: [...r.path.slice(0, data.nesting), data.name].join(' > '), error: data.details.error })
          }
          break
        }
        if (data.skip !== undefined) r.skipped++
        else if (data.todo !== undefined) r.todo++
        else if (type === 'test:pass') r.passed++
        else if (String(data.details.error?.failureType).startsWith('cancelled')) r.cancelled++
        else {
          r.failed++
          r.failures.push({ name: [...r.path.slice(0, data.nesting), data.name].join(' > '), error: data.details.error })
        }
        break
      }
    }
  }

  yield* sumUpBefore(order.length)
  let tail = '\n'
  if (failedFiles.length > 0) tail += `${red('Failed:')}\n${failedFiles.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n')}\n\n`
  for (const [key, value] of totals) tail += `# ${key} ${value}\n`
  // The last line counts as the file lines do: a test a failed hook kept from running, or a file
  // that crashed, is a failure (node counts the first as cancelled, not failed).
  yield `${tail}${passed} passed, ${failed} failed\n`
}

function summarize(file, r, failed, durationMs) {
  const name = path.relative(process.cwd(), file)
  const counts = [`${r.passed} passed`]
  if (r.failed > 0) counts.unshift(`${r.failed} failed`)
  if (r.skipped > 0) counts.push(`${r.skipped} skipped`)
  if (r.todo > 0) counts.push(`${r.todo} todo`)
  if (r.cancelled > 0) counts.push(`${r.cancelled} cancelled`)
  let text = `${failed ? red('✖') : green('✔')} ${name} ${dim(`(${counts.join(', ')}; ${seconds(durationMs)})`)}\n`
  for (const f of r.failures) text += `\n  ${red('✖')} ${f.name}\n${indent(describeError(f.error))}\n`
  // A file that failed with no failing test crashed, or was cancelled: its output says why.
  if (failed && r.failures.length === 0) {
    text += `\n  ${red('The file failed outside its tests. Its output:')}\n${indent(r.output.join('') || '(none)\n')}`
  }
  return failed ? text + '\n' : text
}
