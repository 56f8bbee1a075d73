import {CliError} from '../errors.js'

export const DEFAULT_SERVER_URL = 'http://localhost:8080/api'

/**
 * Accepts `http://host:8080`, `http://host:8080/`, `http://host:8080/api` or `.../api/` and returns
 * the server's root (no trailing slash, no `/api`): API paths are appended as `/api/...`.
 */
export function serverRoot(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new CliError('usage', `Invalid server URL "${withoutCredentials(input)}"`, {
      hint: 'Use a full URL such as http://localhost:8080/api',
    })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError('usage', `Invalid server URL "${withoutCredentials(input)}": only http and https are supported`)
  if (url.username || url.password)
    throw new CliError('usage', 'Credentials in the server URL are not supported', {
      hint: 'Use --auth-key/--auth-secret or --auth-token instead.',
    })
  let path = url.pathname.replace(/\/+$/, '')
  if (path.endsWith('/api')) path = path.slice(0, -4)
  return `${url.protocol}//${url.host}${path}`
}

export function isLocalhost(root: string): boolean {
  const host = new URL(root).hostname
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1'
}

/** `scheme://user:password@host` → `scheme://[redacted]@host`, for messages about a URL that may not even parse. */
export function withoutCredentials(input: string): string {
  return input.replace(/^([^:/?#]*:?\/\/)[^/?#]*@/, '$1[redacted]@')
}
