import {readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {writeFileAtomic} from '../fs-atomic.js'

export interface CachedToken {
  token: string
  /** epoch ms after which the token must not be used */
  expiresAt: number
}

/** Orkes tokens, one 0600 file per server + key id under the config dir. Never holds the secret. */
export class TokenCache {
  constructor(private readonly dir: string) {}

  /** node:crypto is loaded here, not at start-up (4-8 ms a run that uses no key). */
  private async file(server: string, keyId: string): Promise<string> {
    const {createHash} = await import('node:crypto')
    const id = createHash('sha256').update(`${server}\n${keyId}`).digest('hex').slice(0, 32)
    return join(this.dir, `${id}.json`)
  }

  async get(server: string, keyId: string): Promise<CachedToken | undefined> {
    try {
      const data = JSON.parse(await readFile(await this.file(server, keyId), 'utf8')) as Partial<CachedToken>
      if (typeof data.token === 'string' && typeof data.expiresAt === 'number')
        return {token: data.token, expiresAt: data.expiresAt}
    } catch {}
    return undefined
  }

  async set(server: string, keyId: string, token: CachedToken): Promise<void> {
    await writeFileAtomic(await this.file(server, keyId), JSON.stringify(token), 0o600)
  }

  async delete(server: string, keyId: string): Promise<void> {
    await rm(await this.file(server, keyId), {force: true})
  }
}

/** Default lifetime when a token carries no readable `exp` (the SDKs assume 45 minutes). */
export const DEFAULT_TOKEN_TTL_MS = 45 * 60 * 1000

/** Reads `exp` from a JWT without verifying it (the server does that); undefined if not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp
  return typeof exp === 'number' ? exp * 1000 : undefined
}

/** The claims of a JWT, unverified (for display and expiry only); undefined if it is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[1]) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
