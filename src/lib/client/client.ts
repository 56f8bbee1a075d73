import {CliError} from '../errors.js'
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
      this.transport.send(method, `/api${path}`, {...options, headers: {...options.headers, ...(await this.auth.header())}})
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
    const response = await this.ok(method, path, options)
    if (response.text === '') return undefined as T
    try {
      return JSON.parse(response.text) as T
    } catch {
      throw new CliError('server', `${method} /api${path}: the server answered ${response.status} with a body that is not JSON`, {
        hint: 'The response may have been cut off; try again, with --verbose to see the exchange.',
      })
    }
  }

  /** text/plain endpoints (start, rerun, version, task update): the bare string. */
  async text(method: string, path: string, options?: RequestOptions): Promise<string> {
    return (await this.ok(method, path, options)).text
  }

  async close(): Promise<void> {
    await this.transport.close()
  }
}

function isExpiredToken(response: RawResponse): boolean {
  if (response.status !== 403) return false
  return /"error"\s*:\s*"(EXPIRED_TOKEN|INVALID_TOKEN)"/.test(response.text)
}
