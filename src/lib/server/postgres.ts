import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {access, chown, mkdir, readdir, readFile, realpath, stat, writeFile} from 'node:fs/promises'
import {connect, createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {delimiter, dirname, join} from 'node:path'
import {promisify} from 'node:util'
import {CliError} from '../errors.js'
import {isAlive, sleep} from './process.js'

const run = promisify(execFile)

/** Where Conductor's datasource points: a JDBC URL plus the credentials (passed to Java through its environment). */
export interface PostgresTarget {
  jdbcUrl: string
  /** postgres://user@host:port/db, never with the password: for status and logs. */
  displayUrl: string
  host: string
  port: number
  user: string
  password: string
}

/** A Postgres cluster this CLI created and runs for a server (stopped with it). */
export interface ManagedPostgres {
  binDir: string
  version: string
  /** The cluster directory (PGDATA). */
  dataDir: string
  port: number
  logFile: string
  /** When running as root: the unprivileged user that owns and runs the cluster. */
  runAs?: string | undefined
}

const DATABASE = 'conductor'
const USER = 'conductor'

/**
 * `postgres://user:pass@host:port/db` or `jdbc:postgresql://host:port/db?user=..&password=..` → a target.
 * The password never appears in displayUrl.
 */
export function parsePostgresUrl(text: string): PostgresTarget {
  const raw = text.trim().replace(/^jdbc:/, '')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new CliError('usage', '--postgres-url: not a URL', {
      hint: 'For example --postgres-url postgres://conductor:secret@db.internal:5432/conductor',
    })
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new CliError('usage', `--postgres-url: expected postgres://, not ${url.protocol}//`, {
      hint: 'For example --postgres-url postgres://conductor:secret@db.internal:5432/conductor',
    })
  const db = decodeURIComponent(url.pathname.replace(/^\//, '')) || DATABASE
  const user = decodeURIComponent(url.username) || url.searchParams.get('user') || USER
  const password = decodeURIComponent(url.password) || url.searchParams.get('password') || ''
  const port = url.port ? Number(url.port) : 5432
  const host = url.hostname || '127.0.0.1'
  const params = new URLSearchParams(url.searchParams)
  params.delete('user')
  params.delete('password')
  const query = params.toString() ? `?${params.toString()}` : ''
  return {
    jdbcUrl: `jdbc:postgresql://${host}:${port}/${encodeURIComponent(db)}${query}`,
    displayUrl: `postgres://${user}@${host}:${port}/${db}`,
    host,
    port,
    user,
    password,
  }
}

export function localTarget(port: number): PostgresTarget {
  return parsePostgresUrl(`postgres://${USER}@127.0.0.1:${port}/${DATABASE}`)
}

/** The Spring properties that put Conductor's database, queues, index, scheduler and execution lock on Postgres. */
export function postgresProperties(target: PostgresTarget, nodes = 1): string[] {
  const shared = [
    // each node caches task definitions and re-reads them every 60 s by default: a definition changed
    // through one node would run with its old settings on the others for up to a minute
    '--conductor.postgres.taskDefCacheRefreshInterval=1s',
  ]
  return [
    ...(nodes > 1 ? shared : []),
    '--conductor.db.type=postgres',
    '--conductor.queue.type=postgres',
    '--conductor.indexing.type=postgres',
    '--conductor.indexing.enabled=true',
    `--spring.datasource.url=${target.jdbcUrl}`,
    // several nodes: one lock per execution across the nodes (the `locks` table), not a per-JVM lock
    '--conductor.workflow-execution-lock.type=postgres',
    '--conductor.app.workflow-execution-lock-enabled=true',
  ]
}

/** Credentials go through the environment (Spring's relaxed binding), never on the command line. */
export function postgresEnv(target: PostgresTarget): Record<string, string> {
  return {SPRING_DATASOURCE_USERNAME: target.user, SPRING_DATASOURCE_PASSWORD: target.password || 'unused'}
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

/** Postgres binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/<major>/bin, newest major first. */
export async function findPostgres(
  env: NodeJS.ProcessEnv = process.env,
  root = '/usr/lib/postgresql',
): Promise<{binDir: string; version: string} | undefined> {
  const dirs: string[] = []
  try {
    const majors = (await readdir(root)).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(b) - Number(a))
    dirs.push(...majors.map((m) => join(root, m, 'bin')))
  } catch {}
  dirs.unshift(...(env.PATH ?? '').split(delimiter).filter(Boolean))
  for (const dir of dirs) {
    if (!(await exists(join(dir, 'initdb'))) || !(await exists(join(dir, 'pg_ctl')))) continue
    // a PATH entry may hold symlinks to some tools only: the directory they point into has them all
    const binDir = dirname(await realpath(join(dir, 'pg_ctl')))
    if (!(await exists(join(binDir, 'psql'))) || !(await exists(join(binDir, 'createdb')))) continue
    try {
      const {stdout} = await run(join(binDir, 'pg_ctl'), ['--version'], {timeout: 10_000})
      const version = /(\d+(?:\.\d+)?)/.exec(stdout)?.[1] ?? 'unknown'
      return {binDir, version}
    } catch {}
  }
  return undefined
}

/** A free loopback port chosen by the kernel (for the private Postgres when --postgres-port is not given). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** True when something accepts TCP connections on 127.0.0.1:port (or host:port). */
export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({port, host})
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

async function userIds(name: string): Promise<{uid: number; gid: number} | undefined> {
  try {
    for (const line of (await readFile('/etc/passwd', 'utf8')).split('\n')) {
      const [user, , uid, gid] = line.split(':')
      if (user === name && uid && gid) return {uid: Number(uid), gid: Number(gid)}
    }
  } catch {}
  return undefined
}

/** `initdb` and `pg_ctl` refuse to run as root: as root they run as the `postgres` user. */
function command(pg: Pick<ManagedPostgres, 'binDir' | 'runAs'>, tool: string, args: string[]): [string, string[]] {
  const bin = join(pg.binDir, tool)
  return pg.runAs ? ['runuser', ['-u', pg.runAs, '--', bin, ...args]] : [bin, args]
}

async function tool(pg: Pick<ManagedPostgres, 'binDir' | 'runAs'>, name: string, args: string[], timeoutMs = 120_000) {
  const [file, argv] = command(pg, name, args)
  try {
    return await run(file, argv, {timeout: timeoutMs, cwd: '/'})
  } catch (error) {
    const e = error as {stderr?: string; stdout?: string; message: string}
    throw new CliError(
      'server',
      `${name} failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-3).join(' ')}`,
      {
        hint: 'See the Postgres log in the data directory, or use --postgres-url to point at a running Postgres.',
      },
    )
  }
}

/**
 * The cluster directory for a data dir: DATA/postgres. As root, the `postgres` user must reach it; when an
 * ancestor is closed to it (a 0700 home or mkdtemp directory), the cluster lives in a directory of its own
 * under the system temp dir, named after the data dir so that a restart finds it again.
 */
async function clusterDir(dataDir: string, runAs: string | undefined): Promise<string> {
  const inside = join(dataDir, 'postgres')
  if (!runAs) return inside
  await mkdir(dataDir, {recursive: true})
  const reachable = await run('runuser', ['-u', runAs, '--', 'test', '-x', dataDir], {cwd: '/'}).then(
    () => true,
    () => false,
  )
  if (reachable) return inside
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12)
  return join(tmpdir(), `conductor-cli-postgres-${hash}`)
}

/** Creates (first time) and starts a private Postgres for a data dir; the `conductor` database is ready when it resolves. */
export async function startPrivatePostgres(
  dataDir: string,
  port: number,
  env: NodeJS.ProcessEnv,
  onStatus?: (text: string) => void,
): Promise<ManagedPostgres> {
  const found = await findPostgres(env)
  if (!found)
    throw new CliError(
      'invalid',
      'No Postgres binaries found (initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin)',
      {
        hint: 'Install Postgres (Debian: apt-get install postgresql), or give an existing database with --postgres-url.',
      },
    )
  const asRoot = process.getuid?.() === 0
  const ids = asRoot ? await userIds('postgres') : undefined
  if (asRoot && !ids)
    throw new CliError('invalid', 'Postgres cannot run as root, and there is no `postgres` user to run it as', {
      hint: 'Create one (useradd -r postgres), run the CLI as another user, or use --postgres-url.',
    })
  const runAs = asRoot ? 'postgres' : undefined
  const pgData = await clusterDir(dataDir, runAs)
  const pg: ManagedPostgres = {
    binDir: found.binDir,
    version: found.version,
    dataDir: pgData,
    port,
    // beside the cluster directory: DATA/postgres.log, or next to the cluster outside the data dir
    logFile: `${pgData}.log`,
    runAs,
  }
  await mkdir(pgData, {recursive: true, mode: 0o700})
  await mkdir(dataDir, {recursive: true})
  if (ids) {
    await chown(pgData, ids.uid, ids.gid)
    // the log is written by the postgres user; it lives beside the other logs in the data dir
    if (!(await exists(pg.logFile))) await writeFile(pg.logFile, '')
    await chown(pg.logFile, ids.uid, ids.gid)
  }
  if (!(await exists(join(pgData, 'PG_VERSION')))) {
    onStatus?.(`Creating a Postgres ${found.version} cluster in ${pgData}`)
    await tool(pg, 'initdb', ['-D', pgData, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-instructions'])
  }
  // left running (a server that was killed, not stopped): use it as it is, on its own port
  const running = await runningPort(pg)
  if (running !== undefined) {
    const reused = {...pg, port: running}
    await ensureDatabase(reused)
    return reused
  }
  if (await portOpen(port))
    throw new CliError('conflict', `Port ${port} for Postgres is already in use`, {
      hint: 'Pick another with --postgres-port, or use that server with --postgres-url.',
    })
  onStatus?.(`Starting Postgres ${found.version} on port ${port}`)
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200`
  await tool(pg, 'pg_ctl', ['-D', pgData, '-o', options, '-l', pg.logFile, '-w', '-t', '60', 'start'])
  try {
    await ensureDatabase(pg)
  } catch (error) {
    await stopPrivatePostgres(pg).catch(() => {})
    throw error
  }
  return pg
}

async function ensureDatabase(pg: ManagedPostgres): Promise<void> {
  const port = pg.port
  const created = await tool(pg, 'psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    USER,
    '-d',
    'postgres',
    '-tAc',
    `SELECT 1 FROM pg_database WHERE datname='${DATABASE}'`,
  ])
  if (created.stdout.trim() !== '1')
    await tool(pg, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', USER, DATABASE])
}

/** The port of the cluster's postmaster when it is alive (line 4 of postmaster.pid). */
async function runningPort(pg: ManagedPostgres): Promise<number | undefined> {
  if (!(await postgresPid(pg))) return undefined
  const lines = (await readFile(join(pg.dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')
  const port = Number.parseInt(lines[3] ?? '', 10)
  return Number.isFinite(port) ? port : undefined
}

/** The postmaster's pid from its pid file, when it is alive. */
export async function postgresPid(pg: ManagedPostgres): Promise<number | undefined> {
  try {
    const first = (await readFile(join(pg.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? ''
    const pid = Number.parseInt(first, 10)
    return Number.isFinite(pid) && isAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

export async function stopPrivatePostgres(pg: ManagedPostgres): Promise<'terminated' | 'not-running'> {
  if (!(await postgresPid(pg))) return 'not-running'
  if (!(await stat(pg.dataDir).catch(() => undefined))) return 'not-running'
  await tool(pg, 'pg_ctl', ['-D', pg.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'])
  for (let i = 0; i < 50 && (await postgresPid(pg)); i++) await sleep(100)
  return 'terminated'
}
