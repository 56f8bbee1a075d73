import {CliError} from '../errors.js'
import {rememberSecret} from '../secrets.js'
import {DEFAULT_TOKEN_TTL_MS, jwtExpiry, type TokenCache} from './token-cache.js'
import {Transport, type RawResponse} from './transport.js'

export type AuthSettings =
  | {mode: 'none'}
  | {mode: 'token'; token: string}
  | {mode: 'key'; keyId: string; keySecret: string; cache?: TokenCache | undefined}

/** Refresh this long before the token's expiry, so a request never carries a dying token. */
const REFRESH_MARGIN_MS = 60_000

/**
 * Supplies the X-Authorization header. With key + secret it exchanges them for a token
 * (POST /api/token), caches it, refreshes it before expiry and once after a 401.
 * A 404 from /api/token means an OSS server without auth: requests go out without a header.
 */
export class Authenticator {
  private token: string | undefined
  private expiresAt = 0
  private ossNoAuth = false

  constructor(
    private readonly settings: AuthSettings,
    private readonly transport: Transport,
    private readonly now: () => number = Date.now,
  ) {
    if (settings.mode === 'token') rememberSecret(settings.token)
    if (settings.mode === 'key') rememberSecret(settings.keySecret)
  }

  get mode(): AuthSettings['mode'] {
    return this.settings.mode
  }

  /** True once /api/token answered 404: the server has no auth (OSS). */
  get serverHasNoAuth(): boolean {
    return this.ossNoAuth
  }

  async header(): Promise<Record<string, string>> {
    const s = this.settings
    if (s.mode === 'none' || this.ossNoAuth) return {}
    if (s.mode === 'token') return {'x-authorization': s.token}
    if (!this.token || this.now() > this.expiresAt - REFRESH_MARGIN_MS) await this.refresh(false)
    return this.token ? {'x-authorization': this.token} : {}
  }

  /** After a 401: drop the token and fetch a new one. Returns false if there is nothing to refresh. */
  async invalidate(): Promise<boolean> {
    if (this.settings.mode !== 'key' || this.ossNoAuth) return false
    this.token = undefined
    await this.settings.cache?.delete(this.transport.root, this.settings.keyId)
    await this.refresh(true)
    return this.token !== undefined
  }

  private async refresh(skipCache: boolean): Promise<void> {
    const s = this.settings
    if (s.mode !== 'key') return
    if (!skipCache && s.cache) {
      const cached = await s.cache.get(this.transport.root, s.keyId)
      if (cached && this.now() < cached.expiresAt - REFRESH_MARGIN_MS) {
        this.token = cached.token
        rememberSecret(cached.token)
        this.expiresAt = cached.expiresAt
        return
      }
    }
    const response: RawResponse = await this.transport.send('POST', '/api/token', {
      body: {keyId: s.keyId, keySecret: s.keySecret},
      idempotent: true,
    })
    if (response.status === 404) {
      this.ossNoAuth = true
      return
    }
    if (response.status >= 400) {
      const error = Transport.toError(response)
      throw new CliError(
        'auth',
        `Authentication failed: the server refused the key ${s.keyId} (HTTP ${response.status})`,
        {
          hint: 'Check the key id and secret (`conductor config show`); keys are created in the Orkes UI under Applications.',
          details: {status: response.status, serverMessage: error.serverMessage},
        },
      )
    }
    let token: unknown
    try {
      token = (JSON.parse(response.text) as {token?: unknown}).token
    } catch {}
    if (typeof token !== 'string' || token === '')
      throw new CliError('auth', 'Authentication failed: POST /api/token returned no token')
    this.token = token
    rememberSecret(token)
    this.expiresAt = jwtExpiry(token) ?? this.now() + DEFAULT_TOKEN_TTL_MS
    await s.cache?.set(this.transport.root, s.keyId, {token, expiresAt: this.expiresAt})
  }
}
