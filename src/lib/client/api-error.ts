import {CliError, type ErrorKind} from '../errors.js'

export interface ValidationIssue {
  path?: string
  message?: string
  invalidValue?: string
}

/** The server's ErrorResponse body (reference §1); every field is optional on the wire. */
export interface ServerErrorBody {
  status?: number
  message?: string
  retryable?: boolean
  validationErrors?: ValidationIssue[]
  error?: string
}

export interface RequestInfo {
  method: string
  path: string
  url: string
}

function kindForStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth'
  if (status === 404) return 'notFound'
  if (status === 409) return 'conflict'
  if (status === 400 || status === 405 || status === 413 || status === 415 || status === 422) return 'invalid'
  return 'server'
}

/** An HTTP exchange that ended in an error status: carries status, server message and the request. */
export class ApiError extends CliError {
  readonly status: number
  readonly serverMessage: string | undefined
  readonly validationErrors: ValidationIssue[]
  readonly request: RequestInfo
  /** The server's own verdict (ErrorResponse.retryable), when it gave one. */
  readonly retryable: boolean | undefined

  constructor(status: number, body: ServerErrorBody | undefined, request: RequestInfo, hint?: string) {
    const serverMessage = body?.message ?? body?.error
    const issues = body?.validationErrors ?? []
    const detail = issues.length > 0 ? ': ' + issues.map((v) => `${v.path ?? '?'}: ${v.message ?? ''}`).join('; ') : ''
    const message = `${request.method} ${request.path} failed with HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}${detail}`
    super(kindForStatus(status), message, {
      hint: hint ?? defaultHint(status),
      details: {status, method: request.method, path: request.path, serverMessage, validationErrors: issues},
    })
    this.name = 'ApiError'
    this.status = status
    this.serverMessage = serverMessage
    this.validationErrors = issues
    this.request = request
    this.retryable = typeof body?.retryable === 'boolean' ? body.retryable : undefined
  }
}

function defaultHint(status: number): string | undefined {
  if (status === 401 || status === 403)
    return 'Check CONDUCTOR_AUTH_KEY/CONDUCTOR_AUTH_SECRET (or CONDUCTOR_AUTH_TOKEN), or run `conductor config show`.'
  if (status >= 500) return "The server failed; `conductor server logs` shows a local server's log."
  return undefined
}

/** No HTTP answer at all: refused, reset, timed out, DNS. */
export class NetworkError extends CliError {
  readonly code: string | undefined
  readonly request: RequestInfo

  constructor(request: RequestInfo, code: string | undefined, reason: string, hint?: string) {
    super('network', `${request.method} ${request.url} failed: ${reason}`, {
      hint,
      details: {code, method: request.method, path: request.path, url: request.url},
    })
    this.name = 'NetworkError'
    this.code = code
    this.request = request
  }
}

/** A failure that may pass by itself: no answer at all, a 429, or a 5xx. */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError) return true
  return error instanceof ApiError && (error.status === 429 || error.status >= 500)
}
