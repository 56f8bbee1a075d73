import {CliError} from '../errors.js'
import {NetworkError} from './api-error.js'
import {Authenticator, type AuthSettings} from './auth.js'
import {Transport, type RawResponse, type RequestOptions, type TransportOptions} from './transport.js'

export interface ClientOptions extends TransportOptions {
  auth: AuthSettings
}

/**
 * The one API client. Every command talks to the server through it; it knows nothing of terminals.
 * Paths are given without the /api prefix.
 */
export class ConductorClient {
  readonly transport: Transport
  readonly auth: Authenticator

  constructor(options: ClientOptions) {
    this.transport = new Transport(options)
    this.auth = new Authenticator(options.auth, this.transport)
  }

  get root(): string {
    return this.transport.root
  }

  /** Sends with auth; on 401 refreshes the token once and repeats. Returns any status. */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const send = async () =>
      this.transport.send(method, `/api${path}`, {
        ...options,
        headers: {...options.headers, ...(await this.auth.header())},
      })
    let response = await send()
    if ((response.status === 401 || isExpiredToken(response)) && (await this.auth.invalidate())) response = await send()
    return response
  }

  private async ok(method: string, path: string, options?: RequestOptions): Promise<RawResponse> {
    const response = await this.raw(method, path, options)
    if (response.status >= 400) throw Transport.toError(response)
    return response
  }

  /** JSON endpoints. An empty body (void endpoints, 204) gives undefined. */
  async json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    return this.repeatable(method, options, async () => {
      const response = await this.ok(method, path, options)
      if (response.text === '') return undefined as T
      try {
        return JSON.parse(response.text) as T
      } catch {
        throw new TruncatedBodyError(
          `${method} /api${path}: the server answered ${response.status} with a body that is not JSON (cut off?)`,
        )
      }
    })
  }

  /**
   * A response cut off mid-body (reset, truncated JSON) cannot be replayed by undici's retry
   * interceptor once headers have arrived; requests that are safe to repeat are sent again here.
   */
  private async repeatable<T>(method: string, options: RequestOptions | undefined, fn: () => Promise<T>): Promise<T> {
    const idempotent = options?.idempotent ?? (method === 'GET' || method === 'HEAD')
    if (!idempotent) return fn().catch((error: unknown) => truncatedAsCliError(error, false))
    try {
      return await fn()
    } catch (error) {
      if (!cutOffMidResponse(error)) throw error
      return this.repeatAfter(error, fn)
    }
  }

  /**
   * Attempts 2 and 3 of a safe request whose first answer was cut off. p-retry (with its
   * dependencies ~13 ms of start-up) loads only now; it is handed the first failure as its own first
   * attempt, so it waits its usual backoff before sending again.
   */
  private async repeatAfter<T>(firstFailure: Error, fn: () => Promise<T>): Promise<T> {
    const {default: pRetry, AbortError} = await import('p-retry')
    let replay: Error | undefined = firstFailure
    return pRetry(
      async () => {
        if (replay) {
          const failure = replay
          replay = undefined
          throw failure
        }
        try {
          return await fn()
        } catch (error) {
          if (cutOffMidResponse(error)) throw error
          throw new AbortError(error as Error)
        }
      },
      {retries: 2, minTimeout: 100, maxTimeout: 1000, randomize: true},
    ).catch((error: unknown) => truncatedAsCliError(error, true))
  }

  /** text/plain endpoints (start, rerun, version, task update): the bare string. */
  async text(method: string, path: string, options?: RequestOptions): Promise<string> {
    return this.repeatable(method, options, async () => (await this.ok(method, path, options)).text)
  }

  async close(): Promise<void> {
    await this.transport.close()
  }
}

function isExpiredToken(response: RawResponse): boolean {
  if (response.status !== 403) return false
  return /"error"\s*:\s*"(EXPIRED_TOKEN|INVALID_TOKEN)"/.test(response.text)
}

class TruncatedBodyError extends Error {}

/** A failure after the request was sent, which a safe request may repeat. */
function cutOffMidResponse(error: unknown): error is Error {
  return (
    error instanceof TruncatedBodyError || (error instanceof NetworkError && MID_RESPONSE_CODES.has(error.code ?? ''))
  )
}

/** A body cut off is the server's failure; a request that is not safe to repeat may have taken effect. */
function truncatedAsCliError(error: unknown, repeatable: boolean): never {
  if (error instanceof TruncatedBodyError)
    throw new CliError('server', error.message, {
      hint: repeatable
        ? 'The response was cut off; try again, with --verbose to see the exchange.'
        : 'The response was cut off after the request was sent: the server may have acted on it, so check before sending it again.',
    })
  throw error
}

/** Failures after the request was sent: the server may have acted, so only safe requests repeat. */
const MID_RESPONSE_CODES = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'EPIPE',
  'UND_ERR_REQ_RETRY',
])
