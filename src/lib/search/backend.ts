import type {ConductorClient} from '../client/client.js'
import {CliError} from '../errors.js'
import type {CompiledSearch, CompileOptions} from './compile.js'

/**
 * Which index answers a search. The query language compiles per backend (see compile.ts): the SQLite
 * and Postgres indexes take the same `query` grammar but differ in free text (a substring vs Postgres
 * full-text words) and in wildcard case; --explain shows the SQL each builds.
 */
import type {SearchBackend} from './types.js'

export type {SearchBackend}

export interface BackendInfo {
  backend: SearchBackend
  /** How it was found, for --explain: "CONDUCTOR_SEARCH_BACKEND", "server command line", ... */
  source: string
}

const KNOWN = ['sqlite', 'postgres', 'elasticsearch'] as const

function normalise(type: string): SearchBackend {
  const t = type.trim().toLowerCase()
  if (t === 'postgres' || t === 'postgresql') return 'postgres'
  if (t === 'sqlite') return 'sqlite'
  if (t.startsWith('elasticsearch') || t === 'opensearch') return 'elasticsearch'
  return 'unknown'
}

/**
 * From GET /api/admin/config (the server JVM's system properties): `conductor.indexing.type` set as a
 * -D property, or as a `--conductor.indexing.type=` argument in the command line (how `server start`
 * runs it). The boot jar with neither runs its default, SQLite. Anything else says nothing reliable.
 */
export function backendFromConfig(config: Record<string, unknown>): BackendInfo {
  const direct = config['conductor.indexing.type']
  if (typeof direct === 'string') return {backend: normalise(direct), source: 'server property conductor.indexing.type'}
  const command = typeof config['sun.java.command'] === 'string' ? config['sun.java.command'] : ''
  const arg = /--conductor\.indexing\.type=(\S+)/.exec(command)?.[1]
  if (arg) return {backend: normalise(arg), source: 'server command line (--conductor.indexing.type)'}
  if (/conductor-server-[\w.-]*boot\.jar/.test(command) && !/spring\.config|--spring\.profiles/.test(command))
    return {backend: 'sqlite', source: "the server jar's default (no indexing type given)"}
  return {backend: 'unknown', source: 'the server does not say (GET /api/admin/config names no indexing type)'}
}

export function backendFromEnv(env: NodeJS.ProcessEnv): BackendInfo | undefined {
  const value = env.CONDUCTOR_SEARCH_BACKEND?.trim()
  if (!value) return undefined
  const backend = normalise(value)
  if (backend === 'unknown')
    throw new CliError('usage', `CONDUCTOR_SEARCH_BACKEND=${value}: expected one of ${KNOWN.join(', ')}`)
  return {backend, source: 'CONDUCTOR_SEARCH_BACKEND'}
}

/** The environment's answer, else the server's; never throws for a server that will not say. */
export async function detectBackend(
  client: ConductorClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackendInfo> {
  const fromEnv = backendFromEnv(env)
  if (fromEnv) return fromEnv
  try {
    const config = await client.json<unknown>('GET', '/admin/config')
    if (config && typeof config === 'object') return backendFromConfig(config as Record<string, unknown>)
  } catch {}
  return {backend: 'unknown', source: 'GET /api/admin/config did not answer'}
}

/**
 * Compiles for the index that will answer: first for the common grammar, so that a malformed query is
 * refused before anything is sent, then for the backend the server runs (one GET). That GET is sent
 * only when it can matter: when the query compiles differently for Postgres (free text, wildcards)
 * or `always` (--explain shows the index's SQL). Otherwise the search is its only request.
 */
export async function compileForServer(
  client: ConductorClient | (() => Promise<ConductorClient>),
  input: string,
  options: CompileOptions,
  env: NodeJS.ProcessEnv = process.env,
  always = false,
): Promise<{search: CompiledSearch; backend: BackendInfo}> {
  const {compileSearch} = await import('./compile.js')
  const common = compileSearch(input, options)
  if (
    !always &&
    !backendFromEnv(env) &&
    samePerBackend(() => compileSearch(input, {...options, backend: 'postgres'}), common)
  )
    return {search: common, backend: {backend: 'unknown', source: 'not asked: the query is the same for every index'}}
  const backend = await detectBackend(typeof client === 'function' ? await client() : client, env)
  if (backend.backend !== 'postgres') return {search: common, backend}
  return {search: compileSearch(input, {...options, backend: 'postgres'}), backend}
}

/** Does the Postgres compile equal the common one (a refusal counts as different)? */
function samePerBackend(postgres: () => CompiledSearch, common: CompiledSearch): boolean {
  try {
    return JSON.stringify(postgres()) === JSON.stringify(common)
  } catch {
    return false
  }
}
