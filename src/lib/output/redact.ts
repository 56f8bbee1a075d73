/** Replaces every known secret value, and anything that looks like a bearer token, with [redacted]. */
export function redact(text: string, secrets: string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]')
  return out.replace(/(x-authorization|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]')
}
