// Whether this runtime compiles generated code (`new Function`). Cloudflare Workers do not
// (EvalError: "Code generation from strings disallowed for this context"), and neither does a
// page under a CSP without 'unsafe-eval': there the matcher stays on the tree walk and builds
// params with a loop, slower per match, same answers. Checked once.
let allowed: boolean | undefined

export function canGenerateCode(): boolean {
  if (allowed === undefined) {
    try {
      allowed = typeof new Function('return 1') === 'function'
    } catch {
      allowed = false
    }
  }
  return allowed
}
