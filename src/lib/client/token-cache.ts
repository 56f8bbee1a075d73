import {createHash} from 'node:crypto'
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

  private file(server: string, keyId: string): string {
    const id = createHash('sha256').update(`${server}\n${keyId}`).digest('hex').slice(0, 32)
    return join(this.dir, `${id}.json`)
  }

  async get(server: string, keyId: string): Promise<CachedToken | undefined> {
    try {
      const data = JSON.parse(await readFile(this.file(server, keyId), 'utf8')) as Partial<CachedToken>
      if (typeof data.token === 'string' && typeof data.expiresAt === 'number')
        return {token: data.token, expiresAt: data.expiresAt}
    } catch {}
    return undefined
  }

  async set(server: string, keyId: string, token: CachedToken): Promise<void> {
    await writeFileAtomic(this.file(server, keyId), JSON.stringify(token), 0o600)
  }

  async delete(server: string, keyId: string): Promise<void> {
    await rm(this.file(server, keyId), {force: true})
  }
}

/** Default lifetime when a token carries no readable `exp` (the SDKs assume 45 minutes). */
export const DEFAULT_TOKEN_TTL_MS = 45 * 60 * 1000

/** Reads `exp` from a JWT without verifying it (the server does that); undefined if not a JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {exp?: unknown}
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined
  } catch {
    return undefined
  }
}
