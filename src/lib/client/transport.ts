import type {Dispatcher} from 'undici'
import {Agent, request, retryInterceptor} from './undici-lite.js'
import {ApiError, NetworkError, type RequestInfo, type ServerErrorBody} from './api-error.js'
import {
  DEFAULT_RETRY_POLICY,
  NOT_SENT_ERROR_CODES,
  RETRY_ERROR_CODES,
  RETRY_STATUS,
  retryDelay,
  type RetryPolicy,
} from './retry-policy.js'

export type Query = Record<string, string | number | boolean | string[] | undefined>

export interface RequestOptions {
  query?: Query | undefined
  body?: unknown
  /** Raw text body (sent as text/plain), e.g. task logs. */
  textBody?: string | undefined
  headers?: Record<string, string> | undefined
  /**
   * Safe to repeat: reads and upserts. Requests that start or change an execution must say false;
   * they are retried only when the connection was never made.
   */
  idempotent?: boolean | undefined
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  request: RequestInfo
}

export interface TransportOptions {
  /** Server root without /api, e.g. http://localhost:8080 */
  root: string
  timeoutMs: number
  connectTimeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** A dispatcher to send through (tests pass undici's MockAgent). */
  dispatcher?: Dispatcher
  log?: ((line: string) => void) | undefined
  userAgent?: string
  tls?: {ca?: string | string[] | undefined; rejectUnauthorized?: boolean} | undefined
}

type RetryCallback = (err: Error | null) => void
interface RetryState {
  state: {counter: number}
}

const REDACTED_QUERY = /([?&](?:token|keySecret|secret|key)=)[^&]*/gi

/** One keep-alive connection pool with timeouts, retries, and every failure turned into a typed error. */
export class Transport {
  readonly root: string
  private readonly base: Dispatcher
  private readonly policy: RetryPolicy
  private readonly log: ((line: string) => void) | undefined
  private readonly userAgent: string
  private readonly timeoutMs: number

  constructor(options: TransportOptions) {
    this.root = options.root
    this.log = options.log
    this.timeoutMs = options.timeoutMs
    this.userAgent = options.userAgent ?? 'conductor-cli'
    const connectTimeout = options.connectTimeoutMs ?? Math.min(options.timeoutMs, 5000)
    this.base =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: 10_000,
        connections: 16,
        connect: {
          timeout: connectTimeout,
          ...(options.tls?.ca ? {ca: options.tls.ca} : {}),
          ...(options.tls?.rejectUnauthorized === false ? {rejectUnauthorized: false} : {}),
        },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      })
    this.policy = {...DEFAULT_RETRY_POLICY, ...options.retry}
  }

  /** Retries within one exchange, which must end by `deadline` (performance.now() time): no wait goes past it. */
  private retryInterceptor(policy: RetryPolicy, codes: string[], statuses: number[], deadline: number) {
    const log = this.log
    const timeoutMs = this.timeoutMs
    return retryInterceptor({
      throwOnError: false,
      maxRetries: policy.maxRetries,
      statusCodes: statuses,
      errorCodes: codes,
      methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
      retry(err: Error, {state}: RetryState, cb: RetryCallback) {
        const e = err as Error & {statusCode?: number; code?: string; headers?: Record<string, string | string[]>}
        const delay = retryDelay(
          policy,
          state.counter,
          {
            statusCode: e.statusCode,
            code: e.code === 'UND_ERR_REQ_RETRY' ? undefined : e.code,
            retryAfter: e.headers?.['retry-after'],
          },
          codes,
          statuses,
        )
        if (delay === undefined) {
          cb(err)
          return
        }
        if (performance.now() + delay >= deadline) {
          log?.(`no retry: waiting ${delay} ms would go past the ${timeoutMs} ms --timeout`)
          cb(err)
          return
        }
        log?.(
          `retry ${state.counter}/${policy.maxRetries} in ${delay} ms after ${e.statusCode ? `HTTP ${e.statusCode}` : e.code}`,
        )
        setTimeout(() => cb(null), delay)
      },
    } as Parameters<typeof retryInterceptor>[0])
  }

  url(path: string, query?: Query): string {
    const url = new URL(this.root + path)
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v)
      else url.searchParams.set(key, String(value))
    }
    return url.toString()
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const url = this.url(path, options.query)
    const info: RequestInfo = {method, path, url}
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: 'application/json, text/plain',
      ...options.headers,
    }
    let body: string | undefined
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] = 'application/json'
    } else if (options.textBody !== undefined) {
      body = options.textBody
      headers['content-type'] = 'text/plain'
    }
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'HEAD')
    const started = performance.now()
    // --timeout bounds the whole exchange: retries, their waits, and a body that trickles in
    const deadline = started + this.timeoutMs
    const dispatcher = this.base.compose(
      idempotent
        ? this.retryInterceptor(this.policy, RETRY_ERROR_CODES, RETRY_STATUS, deadline)
        : this.retryInterceptor(this.policy, NOT_SENT_ERROR_CODES, [], deadline),
    )
    const signal = AbortSignal.timeout(this.timeoutMs)
    let answered = false
    this.log?.(
      `> ${method} ${url.replace(REDACTED_QUERY, '$1[redacted]')}${body ? ` (${Buffer.byteLength(body)} B body)` : ''}`,
    )
    try {
      const response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal,
      })
      answered = true
      const text = await response.body.text()
      this.log?.(
        `< ${response.statusCode} ${method} ${path} (${Math.round(performance.now() - started)} ms, ${Buffer.byteLength(text)} B)`,
      )
      return {status: response.statusCode, headers: response.headers, text, request: info}
    } catch (error) {
      if (signal.aborted)
        throw this.networkError(info, {code: answered ? 'CLI_BODY_DEADLINE' : 'UND_ERR_HEADERS_TIMEOUT'})
      throw this.networkError(info, error)
    }
  }

  private networkError(info: RequestInfo, error: unknown): Error {
    if (error instanceof ApiError || error instanceof NetworkError) return error
    const e = error as Error & {code?: string; cause?: {code?: string; message?: string}}
    const code = e.code ?? e.cause?.code
    const reasons: Record<string, string> = {
      ECONNREFUSED: 'connection refused',
      ENOTFOUND: 'host not found',
      EAI_AGAIN: 'host name lookup failed',
      ECONNRESET: 'connection reset by the server',
      UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
      UND_ERR_HEADERS_TIMEOUT: `no response within ${this.timeoutMs} ms`,
      UND_ERR_BODY_TIMEOUT: `response body stalled for ${this.timeoutMs} ms`,
      CLI_BODY_DEADLINE: `response not complete within ${this.timeoutMs} ms (--timeout)`,
      UND_ERR_SOCKET: 'the connection closed unexpectedly',
      UND_ERR_REQ_RETRY: 'the connection broke in the middle of the response',
      UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response was cut off',
      CERT_HAS_EXPIRED: 'the server certificate has expired',
      DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
      SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is not trusted',
      UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate could not be verified',
    }
    const reason = (code && reasons[code]) ?? e.cause?.message ?? e.message
    let hint: string | undefined
    if (code === 'ECONNREFUSED') {
      const host = new URL(info.url).hostname
      hint =
        host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]'
          ? 'Is the server running? Start a local one with `conductor server start`, or point at another with --server.'
          : 'Check the server URL (--server, CONDUCTOR_SERVER_URL or the profile) and that the server is up.'
    } else if ((code?.startsWith('UND_ERR_') && code.includes('TIMEOUT')) || code === 'CLI_BODY_DEADLINE') {
      hint = 'The server is slow or unreachable; raise the limit with --timeout if it is just busy.'
    } else if (code && /CERT|SIGNATURE/.test(code)) {
      hint =
        'Pass a CA bundle with --ca-file (or NODE_EXTRA_CA_CERTS), or --insecure to skip the check (not for production).'
    }
    this.log?.(`! ${info.method} ${info.path}: ${reason}`)
    return new NetworkError(info, code, reason, hint)
  }

  /** Turns a non-2xx response into an ApiError carrying the server's message. */
  static toError(response: RawResponse): ApiError {
    let body: ServerErrorBody | undefined
    try {
      const parsed: unknown = JSON.parse(response.text)
      if (parsed && typeof parsed === 'object') body = parsed as ServerErrorBody
    } catch {
      const text = response.text.trim()
      if (text) body = {message: text.length > 300 ? text.slice(0, 300) + '…' : text}
    }
    return new ApiError(response.status, body, response.request)
  }

  async close(): Promise<void> {
    await this.base.close()
  }
}
