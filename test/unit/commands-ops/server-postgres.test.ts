import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {getGlobalDispatcher, MockAgent, setGlobalDispatcher, type Dispatcher} from 'undici'
import {afterAll, afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import ServerStart from '../../../src/commands/server/start.js'
import ServerStatus from '../../../src/commands/server/status.js'
import ServerStop from '../../../src/commands/server/stop.js'
import {
  freePort,
  portOpen,
  postgresPid,
  stopPrivatePostgres,
  type ManagedPostgres,
} from '../../../src/lib/server/postgres.js'
import {isAlive, tailLines, terminate} from '../../../src/lib/server/process.js'
import {knownPorts, readState, writeState} from '../../../src/lib/server/state.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {fakeJdk, freeLocalPort} from './fake-java.js'
import {fakePostgresBin} from './fake-postgres.js'

/**
 * Postgres-backed servers without Postgres or Java: an external database is a TCP listener (all that
 * `server status` probes), a private one is a process with a postmaster.pid and a pg_ctl script that
 * stops it as pg_ctl does; the JDK is fake-java.ts's script and /health is undici's MockAgent.
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

function serve(port: number, dataDir: string) {
  const pool = agent.get(`http://127.0.0.1:${port}`)
  pool
    .intercept({path: (p) => p === '/health' && existsSync(join(dataDir, `ready-${port}`)), method: 'GET'})
    .reply(200, HEALTHY, {headers: {'content-type': 'application/json'}})
    .persist()
  pool.intercept({path: '/api/version', method: 'GET'}).reply(200, '3.32.3').persist()
}

const listen = (): Promise<{server: Server; port: number}> =>
  new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => resolve({server, port: (server.address() as {port: number}).port}))
  })
const close = (server: Server) => new Promise((resolve) => server.close(resolve))

/** Two consecutive free ports, for --nodes 2. */
async function twoPorts(): Promise<number> {
  for (;;) {
    const port = await freeLocalPort()
    if (port >= 65535) continue
    const probe = createServer()
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false))
      probe.listen(port + 1, () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
}

/** A running "postmaster" (a shell loop) with its pid file, and a pg_ctl that stops it the way pg_ctl does. */
function fakeCluster(root: string, port: number): {managed: ManagedPostgres; exited: Promise<unknown>} {
  const binDir = join(root, 'pgbin')
  mkdirSync(binDir, {recursive: true})
  writeFileSync(
    join(binDir, 'pg_ctl'),
    `#!/bin/sh
PATH=/usr/bin:/bin
dir=""
while [ $# -gt 0 ]; do [ "$1" = "-D" ] && dir="$2"; shift; done
pid=$(head -n 1 "$dir/postmaster.pid")
kill "$pid"
rm -f "$dir/postmaster.pid"
echo "server stopped"
`,
  )
  chmodSync(join(binDir, 'pg_ctl'), 0o755)
  const dataDir = join(root, 'postgres')
  mkdirSync(dataDir, {recursive: true})
  const child = spawn('/bin/sh', ['-c', 'trap "exit 0" TERM; while :; do sleep 0.1; done'], {stdio: 'ignore'})
  pids.push(child.pid as number)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  writeFileSync(join(dataDir, 'postmaster.pid'), `${child.pid}\n${dataDir}\n1700000000\n${port}\n`)
  return {managed: {binDir, version: '16.4', dataDir, port, logFile: `${dataDir}.log`}, exited}
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'conductor-server-pg-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  vi.stubEnv('JAVA_HOME', jdk.home)
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

describe('server start --storage postgres --postgres-url (an existing database)', () => {
  it('starts two nodes on it, the password only in their environment; status shows both and the database; stop stops both', async () => {
    const db = await listen()
    try {
      const port = await twoPorts()
      const dataDir = join(home, 'data')
      serve(port, dataDir)
      serve(port + 1, dataDir)
      const url = `postgres://conductor:s3cret-pw@127.0.0.1:${db.port}/orders`
      const started = await runInProcess(Start, [
        ...['--jar', jdk.jar, '--port', String(port), '--data-dir', dataDir, '--wait', '5s'],
        ...['--storage', 'postgres', '--postgres-url', url, '--nodes', '2', '--json'],
      ])
      expect(started.stderr).toBe('')
      expect(started.exitCode).toBe(0)
      const result = started.doc as {urls: string[]; nodes: number[]; postgres: {url: string}; storage: string}
      expect(result.urls).toEqual([`http://localhost:${port}/api`, `http://localhost:${port + 1}/api`])
      expect(result.nodes).toEqual([port, port + 1])
      expect(result.storage).toBe('postgres')
      expect(result.postgres).toEqual({url: `postgres://conductor@127.0.0.1:${db.port}/orders`})
      expect(JSON.stringify(started.doc)).not.toContain('s3cret-pw')
      expect(await knownPorts()).toEqual([port, port + 1])
      for (const p of [port, port + 1]) {
        const state = await readState(p)
        pids.push(state?.pid as number)
        const log = (await tailLines(state?.logFile as string, 5)).join('\n')
        expect(log).toContain(`--spring.datasource.url=jdbc:postgresql://127.0.0.1:${db.port}/orders`)
        expect(log).toContain('--conductor.db.type=postgres')
        expect(log).toContain('--conductor.postgres.taskDefCacheRefreshInterval=1s')
        expect(log).toContain('datasource user from the environment: conductor')
        expect(log).not.toContain('s3cret-pw')
      }

      const status = await runInProcess(Status, ['--json'])
      expect(status.exitCode).toBe(0)
      expect(status.doc).toEqual([
        expect.objectContaining({port, running: true, healthy: true, kind: 'conductor', storage: 'postgres'}),
        expect.objectContaining({port: port + 1, running: true, healthy: true, storage: 'postgres'}),
        expect.objectContaining({
          port: db.port,
          kind: 'postgres',
          running: true,
          healthy: true,
          version: 'PostgreSQL (external)',
          url: `postgres://conductor@127.0.0.1:${db.port}/orders`,
        }),
      ])
      const text = await runInProcess(Status, [])
      expect(text.stdout).toContain(`Postgres is running (postgres://conductor@127.0.0.1:${db.port}/orders)`)
      const table = await runInProcess(Status, ['-o', 'csv'])
      expect(table.stdout).toContain(`${db.port},postgres,healthy,PostgreSQL (external)`)

      // stopping the first node's port stops the cluster's every node; an external database is left alone
      const stopped = await runInProcess(Stop, ['--port', String(port), '--json'])
      expect(stopped.exitCode).toBe(0)
      const rows = stopped.doc as {port: number; outcome: string}[]
      expect(rows.map((r) => [r.port, r.outcome])).toEqual([
        [port, 'terminated'],
        [port + 1, 'terminated'],
      ])
      expect(await knownPorts()).toEqual([])
      expect(await portOpen(db.port)).toBe(true)
    } finally {
      await close(db.server)
    }
  })

  it('an --postgres-url that is not a Postgres URL is a usage error before anything starts (2)', async () => {
    const port = await freeLocalPort()
    const run = await runInProcess(Start, [
      ...['--jar', jdk.jar, '--port', String(port), '--storage', 'postgres'],
      ...['--postgres-url', 'mysql://db/x', '--json'],
    ])
    expect(run.exitCode).toBe(2)
    expect((run.doc as {error: {message: string}}).error.message).toBe(
      '--postgres-url: expected postgres://, not mysql://',
    )
    expect(await knownPorts()).toEqual([])
  })

  it('the second node taken by another program: the first is not started (5)', async () => {
    const port = await twoPorts()
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(port + 1, () => resolve()))
    try {
      const run = await runInProcess(Start, [
        ...['--jar', jdk.jar, '--port', String(port), '--storage', 'postgres'],
        ...['--postgres-url', 'postgres://127.0.0.1:1/x', '--nodes', '2'],
      ])
      expect(run.exitCode).toBe(5)
      expect(run.stderr).toContain(`Error: Port ${port + 1} is already in use by another program`)
      expect(await knownPorts()).toEqual([])
    } finally {
      await close(blocker)
    }
  })
})

describe('a server with a private Postgres (state written by server start)', () => {
  async function withCluster() {
    const port = await freeLocalPort()
    const pgPort = await freePort()
    const {managed, exited} = fakeCluster(home, pgPort)
    await writeState({
      pid: 2 ** 22 + 7,
      port,
      version: '3.32.3',
      jar: jdk.jar,
      java: 'java',
      dataDir: home,
      logFile: join(home, 'server.log'),
      startedAt: new Date().toISOString(),
      storage: 'postgres',
      postgres: {url: `postgres://conductor@127.0.0.1:${pgPort}/conductor`, managed},
    })
    return {port, pgPort, managed, exited}
  }

  it('status reports the cluster by its pid file; stop stops it with pg_ctl', async () => {
    const {port, pgPort, managed, exited} = await withCluster()
    const pid = await postgresPid(managed)
    expect(pid).toBeTypeOf('number')
    const status = await runInProcess(Status, ['--json'])
    // the Conductor node is gone (stale pid): exit 6, the database row still says what runs
    expect(status.exitCode).toBe(6)
    const rows = (status.doc as {result: Record<string, unknown>[]}).result
    expect(rows[0]).toMatchObject({port, running: false, storage: 'postgres'})
    expect(rows[1]).toMatchObject({
      port: pgPort,
      kind: 'postgres',
      running: true,
      pid,
      version: 'PostgreSQL 16.4',
      dataDir: managed.dataDir,
      logFile: managed.logFile,
      // nothing listens on its port: running, not healthy
      healthy: false,
    })
    const text = await runInProcess(Status, [])
    expect(text.stdout).toContain(
      `Postgres is running (postgres://conductor@127.0.0.1:${pgPort}/conductor, PID: ${pid})`,
    )

    const stop = await runInProcess(Stop, [])
    expect(stop.exitCode).toBe(0)
    expect(stop.stdout).toBe('Conductor server is not running\n')
    expect(stop.stderr).toContain(`Stopped Postgres on port ${pgPort} (pid ${pid})`)
    // our child here (the real postmaster is not): gone once reaped
    await exited
    expect(isAlive(pid as number)).toBe(false)
    expect(await postgresPid(managed)).toBeUndefined()
    expect(await stopPrivatePostgres(managed)).toBe('not-running')
  })

  it('a cluster already stopped is reported as such', async () => {
    const {managed, exited} = await withCluster()
    const pid = (await postgresPid(managed)) as number
    process.kill(pid, 'SIGKILL')
    await exited
    const stop = await runInProcess(Stop, ['--json'])
    expect(stop.exitCode).toBe(0)
    expect((stop.doc as {kind?: string; outcome: string}[]).find((r) => r.kind === 'postgres')?.outcome).toBe(
      'not-running',
    )
    const status = await runInProcess(Status, ['--json'])
    // the state is gone with the stop: status falls back to port 8080
    expect((status.doc as {result: {port: number}[]}).result.map((r) => r.port)).toEqual([8080])
  })
})

describe('server start --storage postgres: a private Postgres created in the data dir', () => {
  const asRoot = process.getuid?.() === 0
  const hasPostgresUser = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .some((l) => l.startsWith('postgres:'))
  const clusters: string[] = []
  afterAll(async () => {
    const {rm} = await import('node:fs/promises')
    for (const dir of clusters.filter((d) => existsSync(join(d, 'postmaster.pid')) || existsSync(d))) {
      // a postmaster left by a failed test
      const text = existsSync(join(dir, 'postmaster.pid')) ? readFileSync(join(dir, 'postmaster.pid'), 'utf8') : ''
      const pid = Number.parseInt(text.split('\n')[0] ?? '', 10)
      if (Number.isFinite(pid) && isAlive(pid)) process.kill(pid, 'SIGKILL')
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('initdb, pg_ctl start and createdb, the server on it; stop stops both', async () => {
    const pgBin = fakePostgresBin()
    // as root the tools run through runuser (util-linux, in sbin); no java but the fake one on PATH
    const sbin = mkdtempSync(join(tmpdir(), 'conductor-sbin-'))
    const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((f) => existsSync(f))
    if (runuser) symlinkSync(runuser, join(sbin, 'runuser'))
    vi.stubEnv('PATH', `${pgBin}:${join(jdk.home, 'bin')}:${sbin}`)
    const port = await freeLocalPort()
    const pgPort = await freePort()
    const dataDir = join(home, 'data')
    serve(port, dataDir)
    const argv = ['--jar', jdk.jar, '--port', String(port), '--data-dir', dataDir, '--wait', '5s']
    const run = await runInProcess(Start, [
      ...argv,
      '--storage',
      'postgres',
      '--postgres-port',
      String(pgPort),
      '--json',
    ])
    if (asRoot && !hasPostgresUser) {
      expect(run.exitCode).toBe(3)
      expect((run.doc as {error: {message: string}}).error.message).toBe(
        'Postgres cannot run as root, and there is no `postgres` user to run it as',
      )
      return
    }
    expect(run.stdout).not.toContain('"error"')
    expect(run.exitCode).toBe(0)
    const result = run.doc as {pid: number; postgres: {url: string; managed: ManagedPostgres}}
    pids.push(result.pid)
    const managed = result.postgres.managed
    clusters.push(managed.dataDir, managed.logFile)
    expect(result.postgres.url).toBe(`postgres://conductor@127.0.0.1:${pgPort}/conductor`)
    expect(managed).toMatchObject({binDir: pgBin, version: '99.1', port: pgPort})
    // as root it runs as `postgres`, in a directory that user can reach (the data dir here is under a 0700 one)
    expect(managed.runAs).toBe(asRoot ? 'postgres' : undefined)
    expect(managed.dataDir).toEqual(
      asRoot ? expect.stringContaining('conductor-cli-postgres-') : join(dataDir, 'postgres'),
    )
    expect(readFileSync(join(managed.dataDir, 'PG_VERSION'), 'utf8').trim()).toBe('99')
    expect(readFileSync(join(pgBin, 'createdb.called'), 'utf8').trim()).toBe(
      `-h 127.0.0.1 -p ${pgPort} -U conductor conductor`,
    )
    const postmaster = (await postgresPid(managed)) as number
    expect(postmaster).toBeTypeOf('number')
    const log = (await tailLines((await readState(port))?.logFile as string, 5)).join('\n')
    expect(log).toContain(`--spring.datasource.url=jdbc:postgresql://127.0.0.1:${pgPort}/conductor`)
    expect(log).toContain('datasource user from the environment: conductor')

    const status = await runInProcess(Status, ['--json'])
    const rows = ((status.doc as {result?: unknown[]}).result ?? status.doc) as Record<string, unknown>[]
    expect(rows[1]).toMatchObject({kind: 'postgres', running: true, pid: postmaster, version: 'PostgreSQL 99.1'})

    const stop = await runInProcess(Stop, ['--json'])
    expect(stop.exitCode).toBe(0)
    expect((stop.doc as {kind?: string; outcome: string}[]).map((r) => [r.kind ?? 'conductor', r.outcome])).toEqual([
      ['conductor', 'terminated'],
      ['postgres', 'terminated'],
    ])
    for (let i = 0; i < 100 && isAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 50))
    expect(isAlive(postmaster)).toBe(false)
  })
})

describe('server start --storage postgres: a cluster left running, a Postgres port taken', () => {
  const clusters: string[] = []
  afterAll(async () => {
    const {rm} = await import('node:fs/promises')
    for (const dir of clusters) {
      const pidFile = join(dir, 'postmaster.pid')
      const pid = existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10) : NaN
      if (Number.isFinite(pid) && isAlive(pid)) process.kill(pid, 'SIGKILL')
      await rm(dir, {recursive: true, force: true})
      await rm(`${dir}.log`, {force: true})
    }
  })
  const setup = () => {
    const pgBin = fakePostgresBin()
    const sbin = mkdtempSync(join(tmpdir(), 'conductor-sbin-'))
    const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((f) => existsSync(f))
    if (runuser) symlinkSync(runuser, join(sbin, 'runuser'))
    vi.stubEnv('PATH', `${pgBin}:${join(jdk.home, 'bin')}:${sbin}`)
    const dataDir = join(home, 'data')
    // where the cluster lives: DATA/postgres, or (as root, the data dir closed to `postgres`) beside it in the temp dir
    clusters.push(
      join(dataDir, 'postgres'),
      join(tmpdir(), `conductor-cli-postgres-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`),
    )
    return {pgBin, dataDir}
  }
  const runnable = process.getuid?.() !== 0 || readFileSync('/etc/passwd', 'utf8').includes('\npostgres:')

  it('a server killed without stop: the next start finds its Postgres running and uses it as it is', async () => {
    if (!runnable) return
    const {dataDir} = setup()
    const port = await freeLocalPort()
    const pgPort = await freePort()
    serve(port, dataDir)
    const argv = [
      '--jar',
      jdk.jar,
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      '--wait',
      '5s',
      '--storage',
      'postgres',
    ]
    const first = await runInProcess(Start, [...argv, '--postgres-port', String(pgPort)])
    expect(first.exitCode).toBe(0)
    expect(first.stderr).toContain('Creating a Postgres 99.1 cluster in ')
    expect(first.stderr).toContain(`Starting Postgres 99.1 on port ${pgPort}`)
    const state = await readState(port)
    pids.push(state?.pid as number)
    process.kill(state?.pid as number, 'SIGKILL')
    for (let i = 0; i < 100 && isAlive(state?.pid as number); i++) await new Promise((r) => setTimeout(r, 20))
    // killed: it no longer answers /health
    rmSync(join(dataDir, `ready-${port}`))
    // asked for another port: the running cluster is used on its own
    const second = await runInProcess(Start, [...argv, '--postgres-port', String(await freePort()), '--json'])
    expect(second.exitCode).toBe(0)
    const result = second.doc as {pid: number; postgres: {url: string; managed: ManagedPostgres}}
    pids.push(result.pid)
    expect(result.postgres.managed.port).toBe(pgPort)
    expect(result.postgres.url).toBe(`postgres://conductor@127.0.0.1:${pgPort}/conductor`)
    const text = await runInProcess(Start, argv)
    expect(text.stdout).toContain('Conductor server is already running')
    const stop = await runInProcess(Stop, ['--json'])
    expect((stop.doc as {outcome: string}[]).map((r) => r.outcome)).toEqual(['terminated', 'terminated'])
  })

  it('a Postgres port another program listens on is a conflict (5); nothing is left running', async () => {
    if (!runnable) return
    const {dataDir} = setup()
    const db = await listen()
    try {
      const port = await freeLocalPort()
      const run = await runInProcess(Start, [
        ...['--jar', jdk.jar, '--port', String(port), '--data-dir', dataDir, '--storage', 'postgres'],
        ...['--postgres-port', String(db.port), '--json'],
      ])
      expect(run.exitCode).toBe(5)
      expect((run.doc as {error: {message: string; hint: string}}).error).toMatchObject({
        message: `Port ${db.port} for Postgres is already in use`,
        hint: 'Pick another with --postgres-port, or use that server with --postgres-url.',
      })
      expect(await knownPorts()).toEqual([])
    } finally {
      await close(db.server)
    }
  })
})

describe('process helpers', () => {
  it('terminate: SIGTERM, then SIGKILL for a process that ignores it', async () => {
    const stubborn = spawn('/bin/sh', ['-c', 'trap "" TERM; while :; do sleep 0.1; done'], {stdio: 'ignore'})
    pids.push(stubborn.pid as number)
    const exited = new Promise((resolve) => stubborn.once('exit', resolve))
    await new Promise((r) => setTimeout(r, 100))
    expect(await terminate(stubborn.pid as number, 300)).toBe('killed')
    await exited
    expect(isAlive(stubborn.pid as number)).toBe(false)
    expect(await terminate(stubborn.pid as number)).toBe('not-running')
  })

  it('tailLines of a missing file is empty; of a file, its last lines', async () => {
    expect(await tailLines(join(home, 'nosuch.log'), 5)).toEqual([])
    writeFileSync(join(home, 'a.log'), 'a\nb\nc')
    expect(await tailLines(join(home, 'a.log'), 2)).toEqual(['b', 'c'])
    expect(readFileSync(join(home, 'a.log'), 'utf8')).toBe('a\nb\nc')
  })

  it('portOpen and freePort', async () => {
    const {server, port} = await listen()
    expect(await portOpen(port)).toBe(true)
    await close(server)
    expect(await portOpen(port)).toBe(false)
    const free = await freePort()
    expect(free).toBeGreaterThan(0)
    expect(await portOpen(free)).toBe(false)
  })
})
