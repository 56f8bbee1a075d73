import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {CliError} from '../errors.js'
import type {AuthSettings} from './auth.js'
import type {ConductorClient} from './client.js'
import type {Dispatcher} from 'undici'

/** Where to connect and how to authenticate: one side of a connection, already resolved. */
export interface Connection {
  server: string
  authKey?: string | undefined
  authSecret?: string | undefined
  authToken?: string | undefined
}

export interface BuildOptions {
  timeoutSeconds?: number | undefined
  caFile?: string | undefined
  insecure?: boolean | undefined
  userAgent: string
  log?: ((line: string) => void) | undefined
  /** Tests pass undici's MockAgent. */
  dispatcher?: Dispatcher | undefined
}

/** The auth mode a connection asks for: a token wins, then key + secret (both needed), else none. */
export async function authFor(connection: Connection): Promise<AuthSettings> {
  const {authToken, authKey, authSecret} = connection
  if (authToken) return {mode: 'token', token: authToken}
  if (authKey && authSecret) {
    const [{TokenCache}, {configHome}] = await Promise.all([import('./token-cache.js'), import('../paths.js')])
    return {mode: 'key', keyId: authKey, keySecret: authSecret, cache: new TokenCache(join(configHome(), 'tokens'))}
  }
  if (authKey || authSecret)
    throw new CliError('usage', 'Both an auth key and an auth secret are needed (only one is set)', {
      hint: 'Set CONDUCTOR_AUTH_KEY and CONDUCTOR_AUTH_SECRET (or --auth-key/--auth-secret), or use CONDUCTOR_AUTH_TOKEN.',
    })
  return {mode: 'none'}
}

/** One API client for one server; the base command and commands that talk to two servers (promote) use it. */
export async function buildClient(connection: Connection, options: BuildOptions): Promise<ConductorClient> {
  const [{ConductorClient}, {serverRoot}] = await Promise.all([
    import('./client.js'),
    import('../config/server-url.js'),
  ])
  const root = serverRoot(connection.server)
  let ca: string[] | undefined
  if (options.caFile) {
    try {
      ca = [...(await defaultCas()), await readFile(options.caFile, 'utf8')]
    } catch (error) {
      throw new CliError(
        'usage',
        `Cannot read --ca-file ${options.caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      )
    }
  }
  const auth = await authFor(connection)
  return new ConductorClient({
    root,
    timeoutMs: (options.timeoutSeconds ?? 30) * 1000,
    auth,
    userAgent: options.userAgent,
    log: options.log,
    tls: {ca, rejectUnauthorized: !options.insecure},
    ...(options.dispatcher ? {dispatcher: options.dispatcher} : {}),
  })
}

/**
 * The CAs Node trusts by default: its bundled roots and NODE_EXTRA_CA_CERTS. Passing `ca` to TLS
 * replaces them, so --ca-file starts from these and adds its own.
 */
async function defaultCas(): Promise<string[]> {
  const {rootCertificates} = await import('node:tls')
  const extra = process.env.NODE_EXTRA_CA_CERTS
  const fromEnv = extra ? await readFile(extra, 'utf8').catch(() => undefined) : undefined
  return [...rootCertificates, ...(fromEnv ? [fromEnv] : [])]
}
