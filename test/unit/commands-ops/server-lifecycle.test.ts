import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {mkdir} from 'node:fs/promises'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {getGlobalDispatcher, MockAgent, setGlobalDispatcher, type Dispatcher} from 'undici'
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import ServerLogs from '../../../src/commands/server/logs.js'
import ServerStart from '../../../src/commands/server/start.js'
import ServerStatus from '../../../src/commands/server/status.js'
import ServerStop from '../../../src/commands/server/stop.js'
import {isAlive} from '../../../src/lib/server/process.js'
import {readState, writeState} from '../../../src/lib/server/state.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {fakeJdk, freeLocalPort} from './fake-java.js'

/**
 * `server start/status/stop/logs` in process, end to end but without Java: the JDK is a shell script
 * (fake-java.ts) and the server's /health and /api/version are answered by undici's MockAgent, as
 * Conductor answers them (`{"healthResults":[],"suppressedHealthResults":[],"healthy":true}`, text/plain
 * version), once the "server" has written its `ready-PORT` file.
 */
const HEALTHY = {healthResults: [], suppressedHealthResults: [], healthy: true}
const jdk = fakeJdk()
let home: string
let agent: MockAgent
let previous: Dispatcher
const pids: number[] = []

const Start = ServerStart as unknown as CommandClass
const Stop = ServerStop as unknown as CommandClass
const Status = ServerStatus as unknown as CommandClass
const Logs = ServerLogs as unknown as CommandClass

/** The server on `port` answers /health once the fake java wrote `ready-PORT` in `dataDir`; /api/version says 3.32.3. */
function serve(port: number, dataDir: () => string) {
  const pool = agent.get(`http://127.0.0.1:${port}`)
  pool
    .intercept({path: (p) => p === '/health' && existsSync(join(dataDir(), `ready-${port}`)), method: 'GET'})
    .reply(200, HEALTHY, {headers: {'content-type': 'application/json'}})
    .persist()
  pool
    .intercept({path: '/api/version', method: 'GET'})
    .reply(200, '3.32.3', {headers: {'content-type': 'text/plain'}})
    .persist()
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'conductor-server-cmd-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  vi.stubEnv('CONDUCTOR_CLI_CACHE', join(home, 'cache'))
  vi.stubEnv('JAVA_HOME', jdk.home)
  // no other java on PATH: one `java -version` would cost a JVM start (the fake java sets its own PATH)
  vi.stubEnv('PATH', join(jdk.home, 'bin'))
  vi.stubEnv('FAKE_JAVA_MODE', '')
  vi.stubEnv('CI', '1')
  previous = getGlobalDispatcher()
  agent = new MockAgent()
  agent.disableNetConnect()
  setGlobalDispatcher(agent)
})

afterEach(async () => {
  setGlobalDispatcher(previous)
  await agent.close()
  vi.unstubAllEnvs()
})

afterAll(() => {
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
})

const startArgs = (port: number, dataDir: string, ...more: string[]) => [
  '--jar',
  jdk.jar,
  '--port',
  String(port),
  '--data-dir',
  dataDir,
  '--wait',
  '5s',
  ...more,
]

describe('server start → status → logs → stop, in process', () => {
  it('starts, reports healthy, prints the log, stops; a second stop says not running', async () => {
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    serve(port, () => dataDir)

    const started = await runInProcess(Start, startArgs(port, dataDir, '--property', 'conductor.foo=bar', '--json'))
    expect(started.stderr).toBe('')
    expect(started.exitCode).toBe(0)
    const result = started.doc as {pid: number; port: number; url: string; alreadyRunning: boolean; dataDir: string}
    pids.push(result.pid)
    expect(result).toMatchObject({port, url: `http://localhost:${port}/api`, alreadyRunning: false, dataDir})
    expect(isAlive(result.pid)).toBe(true)
    // the state file that stop/status/logs read, and the arguments the jar got
    const state = await readState(port)
    expect(state).toMatchObject({pid: result.pid, port, version: 'local', storage: 'sqlite', dataDir})
    const log = readFileSync(state?.logFile as string, 'utf8')
    expect(log).toContain(`--server.port=${port}`)
    expect(log).toContain(`--spring.datasource.url=jdbc:sqlite:${dataDir}/conductor.db`)
    expect(log).toContain('--conductor.foo=bar')
    expect(log).toContain('--conductor.integrations.ai.enabled=false')

    // a second start finds it running and says so in the Go CLI's words
    const again = await runInProcess(Start, startArgs(port, dataDir))
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain(`Conductor server is already running (PID: ${result.pid})`)

    const status = await runInProcess(Status, ['--json'])
    expect(status.exitCode).toBe(0)
    expect(status.doc).toEqual([
      expect.objectContaining({
        port,
        running: true,
        healthy: true,
        pid: result.pid,
        version: '3.32.3',
        storage: 'sqlite',
      }),
    ])
    const text = await runInProcess(Status, [])
    expect(text.stdout).toContain(`Conductor server is running (PID: ${result.pid})`)
    expect(text.stdout).toContain('Status: healthy')
    expect(text.stdout).toContain(`  API: http://localhost:${port}/api`)
    const csv = await runInProcess(Status, ['-o', 'csv', '--port', String(port)])
    expect(csv.stdout.split('\n')[0]).toBe('Port,Kind,Status,Version,PID,URL,Data dir')
    expect(csv.stdout).toContain(`${port},conductor (sqlite),healthy,3.32.3,${result.pid}`)

    const logs = await runInProcess(Logs, ['-n', '1'])
    expect(logs.exitCode).toBe(0)
    expect(logs.stdout.trim().split('\n')).toHaveLength(1)
    const logsJson = await runInProcess(Logs, ['--port', String(port), '--json'])
    expect((logsJson.doc as {lines: string[]}).lines[0]).toContain(`fake server on port ${port}`)

    const stopped = await runInProcess(Stop, [])
    expect(stopped.exitCode).toBe(0)
    expect(stopped.stdout).toBe(`Stopping Conductor server (PID: ${result.pid})...\nServer stopped\n`)
    expect(stopped.stderr).toContain(`Stopped the server on port ${port} (pid ${result.pid})`)
    expect(isAlive(result.pid)).toBe(false)
    expect(await readState(port)).toBeUndefined()

    // stopped cleanly: no server of ours is left, so status checks 8080 (nothing there: exit 6)
    const after = await runInProcess(Status, ['--port', String(port), '--json'])
    expect(after.exitCode).toBe(6)
    const doc = after.doc as {error: {kind: string; message: string}; result: {running: boolean}[]}
    expect(doc.error.kind).toBe('server')
    expect(doc.error.message).toBe(`The server on port ${port} is not running`)
    expect(doc.result[0]?.running).toBe(false)

    const second = await runInProcess(Stop, ['--port', String(port), '--json'])
    expect(second.exitCode).toBe(0)
    expect(second.doc).toStrictEqual([{port, outcome: 'not-running'}])
  })

  it('uses the default data dir under the config home and writes the pid state there', async () => {
    const port = await freeLocalPort()
    const dataDir = join(home, 'server', String(port), 'data')
    serve(port, () => dataDir)
    const started = await runInProcess(Start, ['--jar', jdk.jar, '--port', String(port), '--wait', '5', '--json'])
    expect(started.exitCode).toBe(0)
    const {pid} = started.doc as {pid: number}
    pids.push(pid)
    expect(existsSync(join(dataDir, `ready-${port}`))).toBe(true)
    expect(statSync(join(home, 'server', String(port), 'state.json')).isFile()).toBe(true)
    const all = await runInProcess(Stop, ['--all', '--json'])
    expect(all.exitCode).toBe(0)
    expect(all.doc).toEqual([{port, pid, outcome: 'terminated'}])
    expect(isAlive(pid)).toBe(false)
  })

  it('a server that exits at start is reported with the end of its log (6), and leaves no state', async () => {
    vi.stubEnv('FAKE_JAVA_MODE', 'exit')
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    serve(port, () => dataDir)
    const run = await runInProcess(Start, startArgs(port, dataDir))
    expect(run.exitCode).toBe(6)
    expect(run.stderr).toMatch(new RegExp(`Error: Conductor local on port ${port} exited \\(code (3|\\?)\\)`))
    expect(run.stderr).toContain('  APPLICATION FAILED TO START')
    expect(run.stderr).toContain('Hint: See the whole log with `conductor server logs`')
    expect(await readState(port)).toBeUndefined()
  })

  it('a port clash in the log stops the server and is a conflict (5)', async () => {
    vi.stubEnv('FAKE_JAVA_MODE', 'clash')
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    serve(port, () => dataDir)
    const run = await runInProcess(Start, startArgs(port, dataDir, '--json'))
    expect(run.exitCode).toBe(5)
    const doc = run.doc as {error: {kind: string; message: string; hint: string}}
    expect(doc.error.kind).toBe('conflict')
    expect(doc.error.message).toBe(`Port ${port} is already in use by another program`)
    expect(doc.error.hint).toContain(`--port ${port + 1}`)
    expect(await readState(port)).toBeUndefined()
  })

  it('a server that never answers /health is stopped after --wait (6)', async () => {
    vi.stubEnv('FAKE_JAVA_MODE', 'clash-free-silent')
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    // /health never answers: no interceptor for it
    const started = Date.now()
    const run = await runInProcess(
      Start,
      startArgs(port, dataDir).map((a) => (a === '5s' ? '1s' : a)),
    )
    expect(run.exitCode).toBe(6)
    expect(run.stderr).toContain(`did not answer /health within 1s`)
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(await readState(port)).toBeUndefined()
  })

  it('a port another program listens on is refused before anything starts (5)', async () => {
    const blocker: Server = createServer()
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, () => resolve((blocker.address() as {port: number}).port)),
    )
    try {
      const run = await runInProcess(Start, startArgs(port, join(home, 'data'), '--json'))
      expect(run.exitCode).toBe(5)
      expect((run.doc as {error: {message: string}}).error.message).toBe(
        `Port ${port} is already in use by another program`,
      )
      expect(existsSync(join(home, 'server', String(port), 'server.log'))).toBe(false)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it('a healthy server this CLI did not start is a conflict naming it (5)', async () => {
    const port = await freeLocalPort()
    serve(port, () => home)
    writeFileSync(join(home, `ready-${port}`), '')
    const run = await runInProcess(Start, startArgs(port, join(home, 'data')))
    expect(run.exitCode).toBe(5)
    expect(run.stderr).toContain(`Error: Port ${port} is already in use by a server this CLI did not start`)
    expect(run.stderr).toContain(`--server http://localhost:${port}/api`)
  })

  it('downloads the pinned version, verifies its sha256 and runs it', async () => {
    vi.stubEnv('CONDUCTOR_MAVEN_REPO', 'http://maven.test/maven2')
    const jar = readFileSync(jdk.jar)
    const sha = createHash('sha256').update(jar).digest('hex')
    const base = '/maven2/org/conductoross/conductor-server/3.32.9/conductor-server-3.32.9-boot.jar'
    const maven = agent.get('http://maven.test')
    maven.intercept({path: `${base}.sha256`, method: 'GET'}).reply(200, `${sha}\n`)
    maven.intercept({path: base, method: 'GET'}).reply(200, jar, {headers: {'content-length': String(jar.length)}})
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    serve(port, () => dataDir)
    const run = await runInProcess(Start, ['--version', '3.32.9', ...startArgs(port, dataDir).slice(2)])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      `Conductor server is ready!\n  API: http://localhost:${port}/api\n  UI:  http://localhost:${port}`,
    )
    expect(run.stderr).toContain('Downloading http://maven.test/maven2/')
    const state = await readState(port)
    pids.push(state?.pid as number)
    expect(state?.version).toBe('3.32.9')
    expect(state?.jar).toBe(join(home, 'cache', 'jars', 'conductor-server-3.32.9-boot.jar'))
    expect(readFileSync(state?.jar as string)).toEqual(jar)
    expect((await runInProcess(Stop, ['--port', String(port)])).exitCode).toBe(0)
  })
})

describe('server start --foreground', () => {
  it('stays attached until the server exits; Ctrl-C is passed on to it', async () => {
    vi.stubEnv('FAKE_JAVA_MODE', 'quiet')
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    serve(port, () => dataDir)
    const before = process.listeners('SIGINT')
    const beforeTerm = process.listeners('SIGTERM')
    let forwarded = false
    // once the server is up, a Ctrl-C reaches this process: the command's listener hands it to the server
    const timer = setInterval(() => {
      if (forwarded || !existsSync(join(dataDir, `ready-${port}`))) return
      const added = process.listeners('SIGINT').filter((l) => !before.includes(l))
      if (added.length === 0) return
      forwarded = true
      for (const listener of added) listener('SIGINT')
    }, 50)
    try {
      const run = await runInProcess(Start, ['-f', ...startArgs(port, dataDir)])
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`Conductor server is ready!\n  API: http://localhost:${port}/api`)
      expect(forwarded).toBe(true)
      const state = await readState(port)
      pids.push(state?.pid as number)
      expect(isAlive(state?.pid as number)).toBe(false)
    } finally {
      clearInterval(timer)
      // the command leaves its forwarding listeners for the life of the process (the CLI's ends with the server)
      for (const l of process.listeners('SIGINT')) if (!before.includes(l)) process.off('SIGINT', l)
      for (const l of process.listeners('SIGTERM')) if (!beforeTerm.includes(l)) process.off('SIGTERM', l)
    }
  })
})

describe('server start on a terminal', () => {
  it('shows progress with a spinner and ends it with the outcome line', async () => {
    vi.stubEnv('CI', undefined)
    vi.stubEnv('TERM', 'xterm')
    // a terminal as ora uses one (the test runner's stderr is a pipe)
    const terminal: Record<string, unknown> = {
      isTTY: true,
      columns: 100,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    }
    const saved = Object.keys(terminal).map((k) => [k, Object.getOwnPropertyDescriptor(process.stderr, k)] as const)
    for (const [k, value] of Object.entries(terminal))
      Object.defineProperty(process.stderr, k, {value, configurable: true})
    try {
      const port = await freeLocalPort()
      const dataDir = join(home, 'data')
      serve(port, () => dataDir)
      const run = await runInProcess(Start, startArgs(port, dataDir))
      expect(run.exitCode).toBe(0)
      const state = await readState(port)
      pids.push(state?.pid as number)
      // spinner frames with the progress, then the outcome line that stays; no progress printed as lines
      expect(run.stderr).toContain('⠋ Preparing the Conductor server')
      expect(run.stderr).toMatch(/✔\S* Conductor local started/)
      expect(run.stderr).not.toMatch(/Starting Conductor local on port \d+ \(Java 99\.0\.1\)\n/)
      expect(run.stderr).toContain(
        `Conductor local started on http://localhost:${port}/api (pid ${state?.pid}, data ${dataDir})`,
      )
      expect(run.stdout).toContain('Conductor server is ready!')
      expect((await runInProcess(Stop, ['--port', String(port)])).exitCode).toBe(0)
    } finally {
      for (const [k, descriptor] of saved)
        if (descriptor) Object.defineProperty(process.stderr, k, descriptor)
        else delete (process.stderr as unknown as Record<string, unknown>)[k]
    }
  })
})

describe('server start: refused before anything runs', () => {
  const refused = async (argv: string[], code: number, message: string) => {
    const run = await runInProcess(Start, [...argv, '--json'])
    expect(run.exitCode).toBe(code)
    expect((run.doc as {error: {message: string}}).error.message).toContain(message)
  }
  it('--orkes (2)', () => refused(['--orkes'], 2, 'Orkes Conductor server download is not yet available'))
  it('--nodes 2 on SQLite (2)', () => refused(['--nodes', '2'], 2, '--nodes needs a database the nodes share'))
  it('--postgres-url without --storage postgres (2)', () =>
    refused(['--postgres-url', 'postgres://u:p@db/x'], 2, '--postgres-url and --postgres-port need --storage postgres'))
  it('--foreground with Postgres (2)', () =>
    refused(['--foreground', '--storage', 'postgres'], 2, '--foreground runs one SQLite server'))
  it('--jar that does not exist (2)', async () => {
    const port = await freeLocalPort()
    await refused(['--jar', join(home, 'nosuch.jar'), '--port', String(port)], 2, 'nosuch.jar: no such file')
  })
  it('a malformed --version (2)', async () => {
    const port = await freeLocalPort()
    await refused(['--version', 'three', '--port', String(port)], 2, 'Invalid server version "three"')
  })
  it('--wait that is not a duration (2)', async () => {
    const run = await runInProcess(Start, ['--wait', 'soon'])
    expect(run.exitCode).toBe(2)
  })
  it('a version nobody published is not found (4)', async () => {
    vi.stubEnv('CONDUCTOR_MAVEN_REPO', 'http://maven.test/maven2')
    agent
      .get('http://maven.test')
      .intercept({path: (p) => p.includes('/3.32.99/'), method: 'GET'})
      .reply(404, 'Not Found')
      .persist()
    const port = await freeLocalPort()
    await refused(['--version', '3.32.99', '--port', String(port)], 4, 'Conductor server 3.32.99 is not published')
  })
})

describe('server status, stop and logs from the state files', () => {
  it('status with no server started looks at 8080 and exits 6 (not running)', async () => {
    const run = await runInProcess(Status, [])
    expect(run.exitCode).toBe(6)
    expect(run.stdout).toBe('Conductor server is not running\n  Port: 8080\n')
    expect(run.stderr).toContain('Error: The server on port 8080 is not running')
  })

  it('a stale state (its pid is gone) is not running, and stop clears it', async () => {
    const port = await freeLocalPort()
    const dataDir = join(home, 'data')
    await writeState({
      pid: 2 ** 22 + 12345,
      port,
      version: '3.32.3',
      jar: jdk.jar,
      java: join(jdk.home, 'bin', 'java'),
      dataDir,
      logFile: join(home, 'server', String(port), 'server.log'),
      startedAt: new Date().toISOString(),
    })
    const status = await runInProcess(Status, ['-o', 'json'])
    expect(status.exitCode).toBe(6)
    const rows = JSON.parse(status.stdout.slice(0, status.stdout.lastIndexOf(']') + 1)) as Record<string, unknown>[]
    expect(rows[0]).toMatchObject({port, running: false, healthy: false, version: '3.32.3', dataDir, storage: 'sqlite'})
    const stop = await runInProcess(Stop, [])
    expect(stop.exitCode).toBe(0)
    expect(stop.stdout).toBe('Conductor server is not running\n')
    expect(stop.stderr).toContain(`No server started by this CLI is running on port ${port}`)
    expect(await readState(port)).toBeUndefined()
  })

  it('a live process that is not a server is not trusted as one (pid reuse)', async () => {
    const port = await freeLocalPort()
    // a process that took over the recorded pid: alive, but its command line has no -jar
    const other = spawn('/bin/sh', ['-c', 'while :; do sleep 0.1; done'], {stdio: 'ignore'})
    pids.push(other.pid as number)
    await writeState({
      pid: other.pid as number,
      port,
      version: '3.32.3',
      jar: jdk.jar,
      java: 'java',
      dataDir: home,
      logFile: join(home, 'x.log'),
      startedAt: new Date().toISOString(),
    })
    const stop = await runInProcess(Stop, ['--port', String(port), '--json'])
    expect(stop.exitCode).toBe(0)
    expect(stop.doc).toEqual([{port, pid: other.pid, outcome: 'not-running'}])
    expect(isAlive(other.pid as number)).toBe(true)
    other.kill('SIGKILL')
  })

  it('logs without a log file is not found (4); -n 0 prints nothing', async () => {
    const missing = await runInProcess(Logs, ['--port', '8327'])
    expect(missing.exitCode).toBe(4)
    expect(missing.stderr).toContain(
      `Error: No log for a server on port 8327 (${join(home, 'server', '8327', 'server.log')})`,
    )
    await mkdir(join(home, 'server', '8327'), {recursive: true})
    writeFileSync(join(home, 'server', '8327', 'server.log'), 'one\ntwo\nthree\n')
    const none = await runInProcess(Logs, ['--port', '8327', '-n', '0'])
    expect(none.exitCode).toBe(0)
    expect(none.stdout).toBe('')
    const two = await runInProcess(Logs, ['--port', '8327', '-n', '2'])
    expect(two.stdout).toBe('two\nthree\n')
    const negative = await runInProcess(Logs, ['--port', '8327', '-n', '-1'])
    expect(negative.exitCode).toBe(2)
  })

  it('status lists every server this CLI started, each by its state', async () => {
    const [a, b] = [await freeLocalPort(), await freeLocalPort()]
    for (const port of [a, b])
      await writeState({
        pid: 2 ** 22 + port,
        port,
        version: '3.32.1',
        jar: jdk.jar,
        java: 'java',
        dataDir: join(home, String(port)),
        logFile: join(home, `${port}.log`),
        startedAt: new Date().toISOString(),
        storage: 'sqlite',
      })
    const run = await runInProcess(Status, ['--json'])
    expect(run.exitCode).toBe(6)
    const doc = run.doc as {error: {message: string}; result: {port: number}[]}
    expect(doc.error.message).toBe('Not every server (or database) is running')
    expect(doc.result.map((r) => r.port)).toEqual([a, b].sort((x, y) => x - y))
  })
})
