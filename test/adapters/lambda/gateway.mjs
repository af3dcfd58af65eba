// A small local stand-in for the AWS front ends of a Lambda function: an HTTP server on
// 127.0.0.1 that turns each real request into the event one of them sends, as AWS documents
// it, calls the handler with it, and turns the handler's result back into an HTTP answer:
//
//   v2          API Gateway HTTP API, payload 2.0: rawPath percent-DECODED (as AWS does),
//               headers lower-case and joined with commas, cookies apart in `cookies`
//   url         a Function URL (payload 2.0, rawPath as sent), BUFFERED invoke mode
//   url-stream  a Function URL in RESPONSE_STREAM mode: the handler is the one wrapped in
//               awslambda.streamifyResponse, fed a response stream that speaks the runtime's
//               protocol (a JSON prelude, 8 NUL bytes, then the body)
//   v1          API Gateway REST API (payload 1.0): headers and multiValueHeaders as sent,
//               query parameters decoded (`+` as a space), binaryMediaTypes `*/*`
//   alb         an ALB target group: one value per header and parameter (the last), nothing decoded
//   alb-multi   an ALB target group with multi-value headers on
//
// A binary body (any type that is not text) arrives base64-encoded with isBase64Encoded.
// Used in-process (createGateway) and as a process of its own:
//   node gateway.mjs <built index.mjs> --format v2 --port N [--host H]
import http from 'node:http'
import { pathToFileURL } from 'node:url'

const TEXT_TYPE = /^(?:text\/|application\/(?:json|javascript|xml|x-www-form-urlencoded)\b|[^;]*\+(?:json|xml)\b)/i
const DELIMITER = Buffer.alloc(8)

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A body as the front ends deliver it: text as is, anything else base64. */
function eventBody(bytes, type, alwaysBase64) {
  if (bytes.length === 0) return { body: undefined, isBase64Encoded: false }
  const text = !alwaysBase64 && TEXT_TYPE.test(type ?? '')
  if (text) {
    const s = bytes.toString('utf8')
    if (Buffer.from(s, 'utf8').equals(bytes)) return { body: s, isBase64Encoded: false }
  }
  return { body: bytes.toString('base64'), isBase64Encoded: true }
}

/** [name, value] pairs in the order sent, names as sent. */
function headerPairs(req) {
  const pairs = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]])
  return pairs
}

/** Form decoding, as API Gateway's REST API gives parameters (`+` is a space). */
function formDecode(s) {
  const spaced = s.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

function queryPairs(rawQuery, decode) {
  if (rawQuery === '') return []
  return rawQuery.split('&').filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=')
    return eq === -1 ? [decode(p), ''] : [decode(p.slice(0, eq)), decode(p.slice(eq + 1))]
  })
}

function lastValues(pairs, lower) {
  const out = {}
  for (const [k, v] of pairs) out[lower ? k.toLowerCase() : k] = v
  return out
}

function allValues(pairs, lower) {
  const out = {}
  for (const [k, v] of pairs) (out[lower ? k.toLowerCase() : k] ??= []).push(v)
  return out
}

export function toEvent(format, req, bytes) {
  const target = req.url
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  const rawQuery = q === -1 ? '' : target.slice(q + 1)
  const pairs = headerPairs(req)
  const type = req.headers['content-type']
  const sourceIp = req.socket.remoteAddress
  const host = req.headers.host ?? ''
  if (format === 'v2' || format === 'url' || format === 'url-stream') {
    const headers = {}
    let cookies
    for (const [k, v] of pairs) {
      const name = k.toLowerCase()
      if (name === 'cookie') cookies = (cookies ?? []).concat(v.split(/;\s*/).filter((c) => c !== ''))
      else headers[name] = headers[name] === undefined ? v : `${headers[name]},${v}`
    }
    headers['x-forwarded-proto'] = 'http'
    let rawPath = path
    if (format === 'v2') {
      try {
        rawPath = decodeURIComponent(path)
      } catch {
        // A malformed escape reaches the function as sent.
      }
    }
    const params = queryPairs(rawQuery, formDecode)
    const queryStringParameters = {}
    for (const [k, v] of params) queryStringParameters[k] = queryStringParameters[k] === undefined ? v : `${queryStringParameters[k]},${v}`
    const domainName = format === 'v2' ? 'abc123.execute-api.us-east-1.amazonaws.com' : 'abc123.lambda-url.us-east-1.on.aws'
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath,
      rawQueryString: rawQuery,
      ...(cookies ? { cookies } : {}),
      headers,
      ...(params.length > 0 ? { queryStringParameters } : {}),
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        domainName,
        domainPrefix: 'abc123',
        http: { method: req.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp, userAgent: req.headers['user-agent'] ?? '' },
        requestId: `req-${Math.random().toString(36).slice(2)}`,
        routeKey: '$default',
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      ...eventBody(bytes, type, false),
    }
  }
  if (format === 'v1') {
    const withProto = [...pairs, ['X-Forwarded-Proto', 'http']]
    const params = queryPairs(rawQuery, formDecode)
    return {
      resource: '/{proxy+}',
      path,
      httpMethod: req.method,
      headers: lastValues(withProto, false),
      multiValueHeaders: allValues(withProto, false),
      queryStringParameters: params.length > 0 ? lastValues(params, false) : null,
      multiValueQueryStringParameters: params.length > 0 ? allValues(params, false) : null,
      pathParameters: { proxy: path.slice(1) },
      stageVariables: null,
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
        httpMethod: req.method,
        identity: { sourceIp, userAgent: req.headers['user-agent'] ?? null },
        path: `/prod${path}`,
        protocol: 'HTTP/1.1',
        requestId: `req-${Math.random().toString(36).slice(2)}`,
        resourcePath: '/{proxy+}',
        stage: 'prod',
      },
      // binaryMediaTypes */*: every body base64.
      ...(bytes.length === 0 ? { body: null, isBase64Encoded: false } : { body: bytes.toString('base64'), isBase64Encoded: true }),
    }
  }
  // ALB: query parameters exactly as sent.
  const withProto = [...pairs, ['x-forwarded-proto', 'http']]
  const params = queryPairs(rawQuery, (s) => s)
  const multi = format === 'alb-multi'
  const body = eventBody(bytes, type, false)
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/slugline/6d0ecf831eec9f09' } },
    httpMethod: req.method,
    path,
    ...(multi
      ? { multiValueQueryStringParameters: allValues(params, false), multiValueHeaders: allValues(withProto, true) }
      : { queryStringParameters: lastValues(params, false), headers: lastValues(withProto, true) }),
    body: body.body ?? '',
    isBase64Encoded: body.isBase64Encoded,
  }
}

/** Writes a handler's result as the front end would. */
export function writeResult(format, result, req, res) {
  const headers = []
  if (result.multiValueHeaders) for (const [k, vs] of Object.entries(result.multiValueHeaders)) for (const v of vs) headers.push([k, v])
  if (result.headers) for (const [k, v] of Object.entries(result.headers)) if (!result.multiValueHeaders?.[k]) headers.push([k, v])
  if (format !== 'v1' && format !== 'alb' && format !== 'alb-multi') for (const c of result.cookies ?? []) headers.push(['set-cookie', c])
  const body = result.body === undefined || result.body === null ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
  const flat = {}
  for (const [k, v] of headers) {
    const name = k.toLowerCase()
    if (name === 'content-length' || name === 'transfer-encoding') continue
    flat[name] = name === 'set-cookie' ? [...(flat[name] ?? []), v] : v
  }
  const sentLength = headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1]
  flat['content-length'] = req.method === 'HEAD' && sentLength !== undefined ? sentLength : String(body.length)
  res.writeHead(result.statusCode, flat)
  res.end(req.method === 'HEAD' ? undefined : body)
}

/** The `awslambda` global of Lambda's Node.js runtime, as far as response streaming goes. */
export function installAwsLambdaGlobal() {
  const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming')
  globalThis.awslambda ??= {
    streamifyResponse(handler) {
      handler[STREAMING] = 'response'
      return handler
    },
    HttpResponseStream: {
      from(stream, prelude) {
        stream.write(JSON.stringify(prelude))
        stream.write(DELIMITER)
        return stream
      },
    },
  }
  return STREAMING
}

/** The response stream the runtime hands a streaming handler: its bytes go to `res` once the
 *  prelude has been read from the front of them. */
class ResponseStream extends (await import('node:stream')).Writable {
  #head = Buffer.alloc(0)
  #res
  #started = false
  constructor(res) {
    super({ highWaterMark: 16 * 1024 })
    this.#res = res
  }
  _write(chunk, _enc, cb) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
    if (this.#started) {
      if (this.#res.write(bytes)) cb()
      else this.#res.once('drain', () => cb())
      return
    }
    this.#head = Buffer.concat([this.#head, bytes])
    const at = this.#head.indexOf(DELIMITER)
    if (at === -1) return cb()
    const prelude = JSON.parse(this.#head.subarray(0, at).toString('utf8'))
    const rest = this.#head.subarray(at + DELIMITER.length)
    const headers = { ...prelude.headers }
    delete headers['content-length']
    if (prelude.cookies) headers['set-cookie'] = prelude.cookies
    this.#res.writeHead(prelude.statusCode, headers)
    this.#started = true
    if (rest.length > 0) this.#res.write(rest)
    cb()
  }
  _final(cb) {
    if (!this.#started) this.#res.writeHead(200)
    this.#res.end()
    cb()
  }
}

export function createGateway(format, mod) {
  const handler = format === 'url-stream' ? mod.streamHandler : mod.handler
  if (typeof handler !== 'function') throw new Error(`the module exports no ${format === 'url-stream' ? 'streamHandler' : 'handler'}`)
  let invocations = 0
  return http.createServer(async (req, res) => {
    const bytes = await readBody(req)
    const event = toEvent(format, req, bytes)
    const context = {
      awsRequestId: `inv-${++invocations}`,
      functionName: 'slugline',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 30_000,
    }
    try {
      if (format === 'url-stream') {
        const stream = new ResponseStream(res)
        await handler(event, stream, context)
        if (!stream.writableEnded) stream.end()
      } else writeResult(format, await handler(event, context), req, res)
    } catch (err) {
      // What Lambda's front ends answer for a failed invocation.
      console.error('invocation failed:', err)
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' })
      res.end('{"message":"Internal Server Error"}')
    }
  })
}

function arg(argv, name, fallback) {
  const i = argv.indexOf(name)
  return i === -1 ? fallback : argv[i + 1]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2)
  const file = argv.find((a, i) => !a.startsWith('-') && (i === 0 || !argv[i - 1].startsWith('-')))
  const format = arg(argv, '--format', 'v2')
  installAwsLambdaGlobal()
  const mod = await import(pathToFileURL(file).href)
  const server = createGateway(format, mod)
  server.listen(Number(arg(argv, '--port', '3000')), arg(argv, '--host', '127.0.0.1'), () => console.log(`gateway (${format}) ready`))
}
