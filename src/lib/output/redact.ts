import {knownSecrets, rememberSecret} from '../secrets.js'

/**
 * Replaces every known secret value (those passed, and every one the process has recorded), and
 * anything that looks like an authorization header, with [redacted]. Longest first, so a secret
 * that contains another is replaced whole.
 */
export function redact(text: string, secrets: string[] = []): string {
  let out = text
  const all = [...new Set([...secrets, ...knownSecrets()])].filter((s) => s.length >= 4)
  for (const secret of all.sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]')
  return out.replace(/(x-authorization|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]')
}

/** The same for any JSON-like value: every string in it (keys included) is redacted. */
export function redactDeep<T>(value: T, secrets: string[] = []): T {
  for (const s of secrets) rememberSecret(s)
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v)
    if (Array.isArray(v)) return v.map(walk)
    if (
      v &&
      typeof v === 'object' &&
      (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
    )
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x)]))
    return v
  }
  return walk(value) as T
}
