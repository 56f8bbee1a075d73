/**
 * When and how long to wait before undici's retry interceptor repeats a request.
 * The loop itself is undici's; this file only holds our policy: exponential backoff with
 * full jitter, Retry-After honoured (capped), and a bounded number of attempts.
 */
export const RETRY_STATUS = [429, 502, 503, 504]
export const RETRY_ERROR_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]
/** Errors where the request never reached the server: safe to repeat even for a start. */
export const NOT_SENT_ERROR_CODES = ['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']

export interface RetryPolicy {
  maxRetries: number
  baseDelayMs: number
  maxDelayMs: number
  /** Longest Retry-After we wait for; beyond it the error is returned. */
  maxRetryAfterMs: number
  random: () => number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 200,
  maxDelayMs: 4000,
  maxRetryAfterMs: 30_000,
  random: Math.random,
}

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (!raw) return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(raw)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Delay before retry number `attempt` (1-based), or undefined when we should give up. */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  failure: {statusCode?: number | undefined; code?: string | undefined; retryAfter?: string | string[] | undefined},
  allowedCodes: string[],
  allowedStatus: number[],
): number | undefined {
  if (attempt > policy.maxRetries) return undefined
  if (failure.statusCode !== undefined && failure.statusCode > 0) {
    if (!allowedStatus.includes(failure.statusCode)) return undefined
    const after = parseRetryAfter(failure.retryAfter)
    if (after !== undefined) return after > policy.maxRetryAfterMs ? undefined : after
  } else if (!failure.code || !allowedCodes.includes(failure.code)) {
    return undefined
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2)
}
