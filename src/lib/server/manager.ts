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
}

export interface StartResult extends ServerState {
  alreadyRunning: boolean
  url: string
  health: boolean
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

function serverArgs(jar: string, port: number, dataDir: string, properties: string[]): string[] {
  const db = `jdbc:sqlite:${dataDir}/conductor.db?busy_timeout=15000&journal_mode=WAL`
  const extra = properties.map((p) => (p.startsWith('--') ? p : `--${p}`))
  return [
    '-jar',
    jar,
    `--server.port=${port}`,
    `--spring.datasource.url=${db}`,
    '--conductor.integrations.ai.enabled=false',
    ...extra,
  ]
}

/**
 * Starts the official server jar: Java and jar resolved and verified, SQLite in the data dir,
 * detached with a pid and a log file (or attached with --foreground), then waits for /health.
 */
export async function startServer(options: StartOptions): Promise<StartResult> {
  const env = options.env ?? process.env
  const {port} = options
  const existing = await readState(port, env)
  if (existing && (await isConductorProcess(existing.pid))) {
    const health = await probeHealth(port)
    return {...existing, alreadyRunning: true, url: `http://localhost:${port}/api`, health}
  }
  if (await probeHealth(port))
    throw new CliError('conflict', `Port ${port} is already in use by a server this CLI did not start`, {
      hint: `Use it as it is (--server http://localhost:${port}/api), or pick another port with --port.`,
    })
  if (await portInUse(port)) throw portTaken(port)

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
  await mkdir(instanceDir(port, env), {recursive: true})
  const logFile = logFilePath(port, env)
  await rename(logFile, `${logFile}.1`).catch(() => {})
  const args = serverArgs(jar, port, dataDir, options.properties)
  options.onStatus?.(`Starting Conductor ${version} on port ${port} (Java ${java.version})`)

  const logFd = openSync(logFile, 'a', 0o644)
  const child = spawn(java.path, args, {
    cwd: dataDir,
    detached: !options.foreground,
    stdio: options.foreground ? ['ignore', 'inherit', 'inherit'] : ['ignore', logFd, logFd],
    env: {...env},
  })
  closeSync(logFd)
  let exited: number | null | undefined
  child.on('exit', (code) => {
    exited = code
  })
  const pid = child.pid
  if (pid === undefined) throw new CliError('server', `Could not start ${java.path}`)
  const state: ServerState = {
    pid,
    port,
    version,
    jar,
    java: java.path,
    dataDir,
    logFile,
    startedAt: new Date().toISOString(),
  }
  await writeState(state, env)

  const deadline = Date.now() + options.waitSeconds * 1000
  let healthy = false
  let clash = false
  while (Date.now() < deadline) {
    if (exited !== undefined || !isAlive(pid)) break
    if (await probeHealth(port, 1000)) {
      healthy = true
      break
    }
    // taken between our check and the server's bind: the server logs it and may linger for minutes
    if ((await tailLines(logFile, 40)).some((line) => PORT_CLASH.test(line))) {
      clash = true
      break
    }
    await sleep(500)
  }
  if (clash) {
    if (isAlive(pid)) await terminate(pid, 5000)
    await clearState(port, env)
    throw portTaken(port)
  }
  if (!healthy) {
    const tail = await tailLines(logFile, 15)
    const why =
      exited !== undefined || !isAlive(pid)
        ? `exited (code ${exited ?? '?'})`
        : `did not answer /health within ${options.waitSeconds}s`
    if (isAlive(pid)) await terminate(pid, 5000)
    await clearState(port, env)
    throw new CliError(
      'server',
      `Conductor ${version} ${why}. Last lines of ${logFile}:\n${tail.map((l) => '  ' + l).join('\n')}`,
      {
        hint: 'See the whole log with `conductor server logs`; a port clash or an old Java are the usual causes.',
      },
    )
  }
  if (options.foreground) {
    const forward = (signal: NodeJS.Signals) => child.kill(signal)
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
  } else {
    child.unref()
  }
  return {...state, alreadyRunning: false, url: `http://localhost:${port}/api`, health: true}
}

/** Resolves when a foreground server exits. */
export async function waitForExit(pid: number): Promise<void> {
  while (isAlive(pid)) await sleep(500)
}

export interface StopResult {
  port: number
  pid: number | undefined
  outcome: 'terminated' | 'killed' | 'not-running'
}

export async function stopServer(port: number, env: NodeJS.ProcessEnv = process.env): Promise<StopResult> {
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
  }
}
