import {readdir, readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {writeFileAtomic} from '../fs-atomic.js'
import {configHome} from '../paths.js'
import type {ManagedPostgres} from './postgres.js'

/** What `server start` records so that stop/status/logs find the process later. One per port. */
export interface ServerState {
  pid: number
  port: number
  version: string
  jar: string
  java: string
  dataDir: string
  logFile: string
  startedAt: string
  /** Absent in states written before Postgres support: SQLite. */
  storage?: 'sqlite' | 'postgres'
  /** Every node's port when several share one database (this one included), in start order. */
  nodes?: number[]
  /** The database of a Postgres-backed server: its URL without the password, and the cluster when this CLI runs it. */
  postgres?: {url: string; managed?: ManagedPostgres | undefined}
}

export function instanceDir(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return join(configHome(env), 'server', String(port))
}

export function defaultDataDir(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return join(instanceDir(port, env), 'data')
}

export function logFilePath(port: number, env: NodeJS.ProcessEnv = process.env): string {
  return join(instanceDir(port, env), 'server.log')
}

export async function readState(port: number, env: NodeJS.ProcessEnv = process.env): Promise<ServerState | undefined> {
  try {
    return JSON.parse(await readFile(join(instanceDir(port, env), 'state.json'), 'utf8')) as ServerState
  } catch {
    return undefined
  }
}

export async function writeState(state: ServerState, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await writeFileAtomic(join(instanceDir(state.port, env), 'state.json'), JSON.stringify(state, null, 2) + '\n')
}

export async function clearState(port: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await rm(join(instanceDir(port, env), 'state.json'), {force: true})
}

export async function knownPorts(env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  try {
    // a server stopped cleanly has no state.json left: it is no longer one of ours to report
    const names = await readdir(join(configHome(env), 'server'))
    const ports = names.filter((n) => /^\d+$/.test(n)).map(Number)
    const known = await Promise.all(ports.map(async (p) => ((await readState(p, env)) ? p : undefined)))
    return known.filter((p): p is number => p !== undefined).sort((a, b) => a - b)
  } catch {
    return []
  }
}
