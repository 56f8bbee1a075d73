import {spawn} from 'node:child_process'
import {createServer} from 'node:net'
import {closeSync, openSync} from 'node:fs'
import {mkdir, rename, stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import {request} from '../client/undici-lite.js'
import {CliError} from '../errors.js'
import {ensureJar, resolveVersion, type Progress} from './jar.js'
import {pickJava} from './java.js'
import {isAlive, isConductorProcess, sleep, tailLines, terminate} from './process.js'
import {clearState, defaultDataDir, instanceDir, logFilePath, readState, writeState, type ServerState} from './state.js'

export interface StartOptions {
  version?: string | undefined
  jar?: string | undefined
  port: number
  dataDir?: string | undefined
  foreground: boolean
  waitSeconds: number
  properties: string[]
  env?: NodeJS.ProcessEnv
  onStatus?: (text: string) => void
  onProgress?: Progress
  /** Default sqlite. */
  storage?: 'sqlite' | 'postgres' | undefined
  /** An existing database; without it a private Postgres is created in the data dir. */
  postgresUrl?: string | undefined
  /** The private Postgres's port (default: a free one). */
  postgresPort?: number | undefined
  /** Conductor nodes on consecutive ports from `port`, sharing the database (Postgres only). */
  nodes?: number | undefined
}

export interface StartResult extends ServerState {
  alreadyRunning: boolean
  url: string
  health: boolean
  /** Every node's API URL (one for a single server). */
  urls: string[]
}

/** GET /health on loopback; true when the server says healthy. Never throws. */
export async function probeHealth(port: number, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await request(`http://127.0.0.1:${port}/health`, {
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    })
    const body = await response.body.text()
    return response.statusCode === 200 && body.includes('"healthy":true')
  } catch {
    return false
  }
}

export async function probeVersion(port: number): Promise<string | undefined> {
  try {
    const response = await request(`http://127.0.0.1:${port}/api/version`, {headersTimeout: 2000, bodyTimeout: 2000})
    const text = await response.body.text()
    return response.statusCode === 200 ? text.trim() : undefined
  } catch {
    return undefined
  }
}

/** Spring Boot's "Port 8080 was already in use", or the BindException under it. */
const PORT_CLASH = /already in use/i

const portTaken = (port: number): CliError =>
  new CliError('conflict', `Port ${port} is already in use by another program`, {
    hint: `Stop that program, or pick another port with --port (e.g. --port ${port === 65535 ? port - 1 : port + 1}).`,
  })

/** True when another program listens on the port: binding it the way the server will fails. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'))
    probe.listen({port, exclusive: true}, () => probe.close(() => resolve(false)))
  })
}

function serverArgs(jar: string, port: number, storage: string[], properties: string[]): string[] {
  const extra = properties.map((p) => (p.startsWith('--') ? p : `--${p}`))
  return ['-jar', jar, `--server.port=${port}`, ...storage, '--conductor.integrations.ai.enabled=false', ...extra]
}

function sqliteProperties(dataDir: string): string[] {
  return [`--spring.datasource.url=jdbc:sqlite:${dataDir}/conductor.db?busy_timeout=15000&journal_mode=WAL`]
}

interface Launched {
  pid: number
  child: ReturnType<typeof spawn>
  exitCode: () => number | null | undefined
}

async function launch(
  javaPath: string,
  args: string[],
  dataDir: string,
  logFile: string,
  foreground: boolean,
  env: NodeJS.ProcessEnv,
): Promise<Launched> {
  await rename(logFile, `${logFile}.1`).catch(() => {})
  const logFd = openSync(logFile, 'a', 0o644)
  const child = spawn(javaPath, args, {
    cwd: dataDir,
    detached: !foreground,
    stdio: foreground ? ['ignore', 'inherit', 'inherit'] : ['ignore', logFd, logFd],
    env,
  })
  closeSync(logFd)
  let exited: number | null | undefined
  child.on('exit', (code) => {
    exited = code
  })
  if (child.pid === undefined) throw new CliError('server', `Could not start ${javaPath}`)
  return {pid: child.pid, child, exitCode: () => exited}
}

/** Waits for /health; on failure stops the process and throws with the log's tail. */
async function awaitHealth(node: Launched, port: number, version: string, logFile: string, waitSeconds: number) {
  const deadline = Date.now() + waitSeconds * 1000
  while (Date.now() < deadline) {
    if (node.exitCode() !== undefined || !isAlive(node.pid)) break
    if (await probeHealth(port, 1000)) return
    // taken between our check and the server's bind: the server logs it and may linger for minutes
    if ((await tailLines(logFile, 40)).some((line) => PORT_CLASH.test(line))) {
      if (isAlive(node.pid)) await terminate(node.pid, 5000)
      throw portTaken(port)
    }
    await sleep(500)
  }
  const tail = await tailLines(logFile, 15)
  const why =
    node.exitCode() !== undefined || !isAlive(node.pid)
      ? `exited (code ${node.exitCode() ?? '?'})`
      : `did not answer /health within ${waitSeconds}s`
  if (isAlive(node.pid)) await terminate(node.pid, 5000)
  throw new CliError(
    'server',
    `Conductor ${version} on port ${port} ${why}. Last lines of ${logFile}:\n${tail.map((l) => '  ' + l).join('\n')}`,
    {
      hint: 'See the whole log with `conductor server logs`; a port clash or an old Java are the usual causes.',
    },
  )
}

/**
 * Starts the official server jar: Java and jar resolved and verified, SQLite in the data dir (or Postgres,
 * with one or more nodes sharing it), detached with a pid and a log file (or attached with --foreground),
 * then waits for /health on every node.
 */
export async function startServer(options: StartOptions): Promise<StartResult> {
  const env = options.env ?? process.env
  const {port} = options
  const storage = options.storage ?? 'sqlite'
  const nodeCount = options.nodes ?? 1
  if (storage === 'sqlite' && nodeCount > 1)
    throw new CliError('usage', '--nodes needs a database the nodes share: SQLite is one file per server', {
      hint: 'Add --storage postgres.',
    })
  if (storage === 'sqlite' && (options.postgresUrl || options.postgresPort))
    throw new CliError('usage', '--postgres-url and --postgres-port need --storage postgres')
  if (options.foreground && storage === 'postgres')
    throw new CliError(
      'usage',
      '--foreground runs one SQLite server; a Postgres-backed server runs in the background',
      {
        hint: 'Follow its log with `conductor server logs --follow`.',
      },
    )
  const ports = Array.from({length: nodeCount}, (_, i) => port + i)
  const existing = await readState(port, env)
  if (existing && (await isConductorProcess(existing.pid))) {
    const health = await probeHealth(port)
    return {...existing, alreadyRunning: true, url: `http://localhost:${port}/api`, health, urls: urlsOf(existing)}
  }
  for (const p of ports) {
    if (await probeHealth(p))
      throw new CliError('conflict', `Port ${p} is already in use by a server this CLI did not start`, {
        hint: `Use it as it is (--server http://localhost:${p}/api), or pick another port with --port.`,
      })
    if (await portInUse(p)) throw portTaken(p)
  }

  const version = options.jar ? (options.version ?? 'local') : await resolveVersion(options.version, env)
  const java = await pickJava(options.jar && !options.version ? '3.32.0' : version, env)
  let jar: string
  if (options.jar) {
    jar = resolve(options.jar)
    if (
      !(await stat(jar).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      throw new CliError('usage', `--jar ${options.jar}: no such file`)
  } else {
    jar = await ensureJar(version, {
      env,
      ...(options.onProgress ? {onProgress: options.onProgress} : {}),
      ...(options.onStatus ? {onStatus: options.onStatus} : {}),
    })
  }

  const dataDir = resolve(options.dataDir ?? defaultDataDir(port, env))
  await mkdir(dataDir, {recursive: true})
  let storageArgs = sqliteProperties(dataDir)
  let childEnv: NodeJS.ProcessEnv = {...env}
  let postgres: ServerState['postgres']
  if (storage === 'postgres') {
    const pg = await import('./postgres.js')
    let target
    if (options.postgresUrl) {
      target = pg.parsePostgresUrl(options.postgresUrl)
      postgres = {url: target.displayUrl}
    } else {
      const managed = await pg.startPrivatePostgres(
        dataDir,
        options.postgresPort ?? (await pg.freePort()),
        env,
        options.onStatus,
      )
      target = pg.localTarget(managed.port)
      postgres = {url: target.displayUrl, managed}
    }
    storageArgs = pg.postgresProperties(target, nodeCount)
    childEnv = {...childEnv, ...pg.postgresEnv(target)}
  }

  const states: ServerState[] = []
  const launched: Launched[] = []
  const startNode = async (nodePort: number): Promise<void> => {
    await mkdir(instanceDir(nodePort, env), {recursive: true})
    const logFile = logFilePath(nodePort, env)
    const args = serverArgs(jar, nodePort, storageArgs, options.properties)
    const node = await launch(java.path, args, dataDir, logFile, options.foreground, childEnv)
    launched.push(node)
    const state: ServerState = {
      pid: node.pid,
      port: nodePort,
      version,
      jar,
      java: java.path,
      dataDir,
      logFile,
      startedAt: new Date().toISOString(),
      storage,
      ...(nodeCount > 1 ? {nodes: ports} : {}),
      ...(postgres ? {postgres} : {}),
    }
    states.push(state)
    await writeState(state, env)
    await awaitHealth(node, nodePort, version, logFile, options.waitSeconds)
  }
  try {
    const [first, ...rest] = ports
    const where = storage === 'postgres' ? `on Postgres (${postgres?.url})` : ''
    options.onStatus?.(
      `Starting Conductor ${version} on port ${first} ${where} (Java ${java.version})`.replace('  ', ' '),
    )
    // the first node creates the schema (Flyway); the others start once it is there
    await startNode(first as number)
    if (rest.length > 0) {
      options.onStatus?.(`Starting ${rest.length} more node(s) on port(s) ${rest.join(', ')}`)
      await Promise.all(rest.map(startNode))
    }
  } catch (error) {
    await Promise.all(launched.map((n) => (isAlive(n.pid) ? terminate(n.pid, 5000) : undefined)))
    await Promise.all(ports.map((p) => clearState(p, env)))
    if (postgres?.managed) await (await import('./postgres.js')).stopPrivatePostgres(postgres.managed).catch(() => {})
    throw error
  }
  const state = states.find((s) => s.port === port) as ServerState
  if (options.foreground) {
    const child = launched[0]?.child
    const forward = (signal: NodeJS.Signals) => child?.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
  } else {
    for (const n of launched) n.child.unref()
  }
  return {...state, alreadyRunning: false, url: `http://localhost:${port}/api`, health: true, urls: urlsOf(state)}
}

function urlsOf(state: ServerState): string[] {
  return (state.nodes ?? [state.port]).map((p) => `http://localhost:${p}/api`)
}

/** Resolves when a foreground server exits. */
export async function waitForExit(pid: number): Promise<void> {
  while (isAlive(pid)) await sleep(500)
}

export interface StopResult {
  port: number
  pid: number | undefined
  outcome: 'terminated' | 'killed' | 'not-running'
  /** 'postgres' for the private Postgres stopped with its server. */
  kind?: 'conductor' | 'postgres'
}

async function stopNode(port: number, env: NodeJS.ProcessEnv): Promise<StopResult> {
  const state = await readState(port, env)
  if (!state || !(await isConductorProcess(state.pid))) {
    await clearState(port, env)
    return {port, pid: state?.pid, outcome: 'not-running'}
  }
  const outcome = await terminate(state.pid)
  if (isAlive(state.pid)) throw new CliError('server', `The server (pid ${state.pid}) is still running after SIGKILL`)
  await clearState(port, env)
  return {port, pid: state.pid, outcome}
}

/** Stops the server on a port; for several nodes sharing a database, every node, then the private Postgres. */
export async function stopServers(port: number, env: NodeJS.ProcessEnv = process.env): Promise<StopResult[]> {
  const state = await readState(port, env)
  const ports = state?.nodes ?? [port]
  const results = await Promise.all(ports.map((p) => stopNode(p, env)))
  const managed = state?.postgres?.managed
  if (managed) {
    const {postgresPid, stopPrivatePostgres} = await import('./postgres.js')
    const pid = await postgresPid(managed)
    results.push({port: managed.port, pid, outcome: await stopPrivatePostgres(managed), kind: 'postgres'})
  }
  return results
}

export async function stopServer(port: number, env: NodeJS.ProcessEnv = process.env): Promise<StopResult> {
  return stopNode(port, env)
}

export interface StatusResult {
  port: number
  running: boolean
  healthy: boolean
  pid?: number | undefined
  version?: string | undefined
  dataDir?: string | undefined
  logFile: string
  url: string
  startedAt?: string | undefined
  /** 'postgres' for a server's database (its row has the database URL, without password). */
  kind?: 'conductor' | 'postgres'
  storage?: 'sqlite' | 'postgres' | undefined
}

export async function serverStatus(port: number, env: NodeJS.ProcessEnv = process.env): Promise<StatusResult> {
  const state = await readState(port, env)
  const running = state ? await isConductorProcess(state.pid) : false
  const healthy = running ? await probeHealth(port) : false
  return {
    port,
    running,
    healthy,
    pid: running ? state?.pid : undefined,
    version: healthy ? ((await probeVersion(port)) ?? state?.version) : state?.version,
    dataDir: state?.dataDir,
    logFile: logFilePath(port, env),
    url: `http://localhost:${port}/api`,
    startedAt: running ? state?.startedAt : undefined,
    kind: 'conductor',
    storage: state ? (state.storage ?? 'sqlite') : undefined,
  }
}

/** The database row of `server status` for a Postgres-backed server: the private cluster's pid, or a TCP probe. */
export async function databaseStatus(
  port: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StatusResult | undefined> {
  const state = await readState(port, env)
  if (!state?.postgres) return undefined
  const {portOpen, postgresPid, parsePostgresUrl} = await import('./postgres.js')
  const {managed, url} = state.postgres
  const target = parsePostgresUrl(url)
  const pid = managed ? await postgresPid(managed) : undefined
  const open = await portOpen(target.port, target.host)
  return {
    port: target.port,
    running: managed ? pid !== undefined : open,
    healthy: open && (managed ? pid !== undefined : true),
    pid,
    version: managed ? `PostgreSQL ${managed.version}` : 'PostgreSQL (external)',
    dataDir: managed?.dataDir,
    logFile: managed?.logFile ?? '',
    url,
    kind: 'postgres',
  }
}
