import {chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import Doctor from '../../../src/commands/doctor.js'
import Whoami from '../../../src/commands/whoami.js'
import {runInProcess, type CommandClass} from '../../helpers/in-process.js'
import {MOCK_ORIGIN, mockServer} from '../../helpers/mock-server.js'
import {runConnected} from './connect.js'
import {fakeJdk} from './fake-java.js'

/** doctor and whoami in process; the server is undici's MockAgent answering as Conductor OSS (or Orkes) does. */
const server = mockServer()
const json = {headers: {'content-type': 'application/json'}}
const SERVER = `${MOCK_ORIGIN}/api`
const jdk = fakeJdk()
let home: string

const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') +
  '.c2lnbmF0dXJl'

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'conductor-doctor-'))
  vi.stubEnv('CONDUCTOR_CLI_HOME', home)
  for (const name of ['CONDUCTOR_SERVER_URL', 'CONDUCTOR_AUTH_KEY', 'CONDUCTOR_AUTH_SECRET', 'CONDUCTOR_AUTH_TOKEN'])
    vi.stubEnv(name, '')
  vi.stubEnv('CONDUCTOR_PROFILE', '')
  vi.stubEnv('CI', '1')
})
afterEach(() => vi.unstubAllEnvs())

describe('whoami', () => {
  it('without auth: the server and "none", in the Go CLI words', async () => {
    const run = await runInProcess(Whoami as CommandClass, ['--server', 'http://localhost:8080'])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe('Server:         http://localhost:8080/api\nAuthentication: none (OSS Conductor)\n')
    const doc = await runInProcess(Whoami as CommandClass, ['--server', 'http://localhost:8080/api/', '--json'])
    expect(doc.doc).toEqual({server: 'http://localhost:8080/api', authentication: 'none'})
  })

  it('with a token: the name and email from its claims; the token itself is never printed', async () => {
    const token = jwt({name: 'Ada Lovelace', email: 'ada@example.com', sub: 'u-1'})
    const run = await runInProcess(Whoami as CommandClass, ['--server', SERVER, '--auth-token', token])
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toBe(`${SERVER}\nAda Lovelace\nada@example.com\n`)
    const doc = await runInProcess(Whoami as CommandClass, ['--server', SERVER, '--auth-token', token, '--json'])
    expect(doc.doc).toEqual({
      server: SERVER,
      authentication: 'token',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      sub: 'u-1',
    })
    expect(doc.stdout + doc.stderr).not.toContain(token)
  })

  it('a token with only a subject prints the subject', async () => {
    const run = await runInProcess(Whoami as CommandClass, ['--server', SERVER, '--auth-token', jwt({sub: 'app:42'})])
    expect(run.stdout).toBe(`${SERVER}\napp:42\n`)
  })

  it('a token that is not a JWT is an auth error (8)', async () => {
    const run = await runInProcess(Whoami as CommandClass, ['--server', SERVER, '--auth-token', 'opaque-token-1234'])
    expect(run.exitCode).toBe(8)
    expect(run.stderr).toContain('Error: The auth token is not a JWT: it names no user')
    expect(run.stderr).toContain('Hint: Check it with `conductor doctor`.')
    expect(run.stderr).not.toContain('opaque-token-1234')
  })

  it('a JWT naming nobody is an auth error (8) with what was found', async () => {
    const run = await runInProcess(Whoami as CommandClass, [
      ...['--server', SERVER, '--auth-token', jwt({exp: 9_999_999_999, name: ''}), '--json'],
    ])
    expect(run.exitCode).toBe(8)
    // an object result's fields sit beside the error
    expect(run.doc).toEqual({
      server: SERVER,
      authentication: 'token',
      error: {kind: 'auth', exitCode: 8, message: 'no user information found in token (email, name, or sub)'},
    })
  })

  it('key + secret on Orkes: exchanged for a token (cached 0600), whose name is printed', async () => {
    const token = jwt({name: 'ci-bot', exp: Math.floor(Date.now() / 1000) + 3600})
    let sent: unknown
    server
      .pool()
      .intercept({path: '/api/token', method: 'POST'})
      .reply(
        200,
        (opts) => {
          sent = JSON.parse(String(opts.body))
          return {token}
        },
        json,
      )
    const run = await runConnected(
      Whoami as CommandClass,
      ['--server', SERVER, '--auth-key', 'key-id-1', '--auth-secret', 'TESTSECRET-whoami', '--json'],
      server,
    )
    expect(run.exitCode).toBe(0)
    expect(sent).toEqual({keyId: 'key-id-1', keySecret: 'TESTSECRET-whoami'})
    expect(run.doc).toEqual({server: SERVER, authentication: 'key + secret', name: 'ci-bot'})
    const files = readdirSync(join(home, 'tokens'))
    expect(files).toHaveLength(1)
    expect(statSync(join(home, 'tokens', files[0] as string)).mode & 0o777).toBe(0o600)
    expect(run.stdout + run.stderr).not.toContain('TESTSECRET')
  })

  it('key + secret on OSS (no /api/token): says the key is not used', async () => {
    server
      .pool()
      .intercept({path: '/api/token', method: 'POST'})
      .reply(404, {status: 404, message: 'No static resource api/token.', retryable: false}, json)
    const run = await runConnected(
      Whoami as CommandClass,
      ['--server', SERVER, '--auth-key', 'k', '--auth-secret', 'TESTSECRET-oss', '--json'],
      server,
    )
    expect(run.exitCode).toBe(0)
    expect(run.doc).toEqual({
      server: SERVER,
      authentication: 'none',
      warnings: [`${SERVER} has no authentication (OSS): the key is not used`],
    })
  })

  it('key + secret refused by the server is an auth error (8)', async () => {
    server
      .pool()
      .intercept({path: '/api/token', method: 'POST'})
      .reply(401, {status: 401, message: 'Invalid credentials'}, json)
    const run = await runConnected(
      Whoami as CommandClass,
      ['--server', SERVER, '--auth-key', 'bad-key', '--auth-secret', 'TESTSECRET-bad'],
      server,
    )
    expect(run.exitCode).toBe(8)
    expect(run.stderr).toContain('Error: Authentication failed: the server refused the key bad-key (HTTP 401)')
    expect(run.stderr).not.toContain('TESTSECRET')
  })

  it('only one of key and secret is a usage error (2)', async () => {
    const run = await runConnected(Whoami as CommandClass, ['--server', SERVER, '--auth-key', 'k'], server)
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toContain('Both an auth key and an auth secret are needed')
  })
})

describe('doctor', () => {
  beforeEach(() => {
    // a runtime that answers at once: a JDK's release file, and a python3 on PATH
    const bin = mkdtempSync(join(tmpdir(), 'conductor-doctor-bin-'))
    writeFileSync(join(bin, 'python3'), '#!/bin/sh\necho "Python 3.11.2"\n')
    chmodSync(join(bin, 'python3'), 0o755)
    vi.stubEnv('JAVA_HOME', jdk.home)
    vi.stubEnv('PATH', bin)
  })

  /** Conductor OSS 3.32: healthy, no /api/token, a version, names, search and the scheduler. */
  function oss(overrides: {names?: [number, unknown]; version?: [number, string]} = {}) {
    const pool = server.pool()
    pool
      .intercept({path: '/health', method: 'GET'})
      .reply(200, {healthResults: [], suppressedHealthResults: [], healthy: true}, json)
    pool
      .intercept({path: '/api/token', method: 'POST'})
      .reply(404, {status: 404, message: 'No static resource api/token.', retryable: false}, json)
    const [vs, vt] = overrides.version ?? [200, '3.32.3']
    pool.intercept({path: '/api/version', method: 'GET'}).reply(vs, vt)
    const [ns, nb] = overrides.names ?? [200, ['orders']]
    pool.intercept({path: '/api/metadata/workflow/names', method: 'GET'}).reply(ns, nb as object, json)
    pool.intercept({path: '/api/workflow/search?size=1', method: 'GET'}).reply(200, {totalHits: 0, results: []}, json)
    pool.intercept({path: '/api/scheduler/schedules', method: 'GET'}).reply(200, [], json)
  }

  it('an OSS server: every check passes, the APIs it offers and the runtime (--json)', async () => {
    oss()
    const run = await runInProcess(Doctor as CommandClass, ['--json'], server)
    expect(run.exitCode).toBe(0)
    const doc = run.doc as Record<string, unknown>
    expect(doc).toMatchObject({
      server: SERVER,
      healthy: true,
      version: '3.32.3',
      flavour: 'oss',
      auth: 'none',
      capabilities: {
        metadata: true,
        executions: true,
        bulk: true,
        search: true,
        scheduler: true,
        'workflow-variables': false,
        'token-auth': false,
      },
      runtime: {
        java: {version: '99.0.1', major: 99, path: join(jdk.home, 'bin', 'java'), source: 'JAVA_HOME'},
        python: {version: '3.11.2', path: 'python3'},
      },
    })
    expect((doc.checks as {name: string; ok: boolean}[]).map((c) => [c.name, c.ok])).toEqual([
      ['reachable', true],
      ['version', true],
      ['auth', true],
    ])
  })

  it('text: the runtime in the Go CLI words, then each check, the flavour and the APIs', async () => {
    oss()
    const run = await runInProcess(Doctor as CommandClass, [], server)
    expect(run.exitCode).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines.slice(0, 3)).toEqual([
      'Runtime',
      `  ok  Java 99.0.1 (${join(jdk.home, 'bin', 'java')})`,
      '  ok  Python 3.11.2',
    ])
    expect(run.stdout).toContain(`Server:  ${SERVER} (from --server)`)
    expect(run.stdout).toContain(`✓ reachable: ${MOCK_ORIGIN} answered /health (healthy)`)
    expect(run.stdout).toContain('✓ version: 3.32.3')
    expect(run.stdout).toContain('✓ auth: no authentication (OSS server)')
    expect(run.stdout).toContain('Flavour: Conductor OSS')
    expect(run.stdout).toContain('APIs:    metadata, executions, bulk, search, scheduler')
    expect(run.stdout).toContain('Absent:  workflow-variables, token-auth')
  })

  it('no Python on PATH is noted, not a failure', async () => {
    oss()
    vi.stubEnv('PATH', mkdtempSync(join(tmpdir(), 'conductor-empty-')))
    const run = await runInProcess(Doctor as CommandClass, [], server)
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain('  --  Python not found (optional, needed for the Python SDK)')
  })

  it('an unreachable server fails the reachable check: network (7), the report beside the error', async () => {
    server
      .pool()
      .intercept({path: '/health', method: 'GET'})
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'}))
      .persist()
    const run = await runInProcess(Doctor as CommandClass, ['--json'], server)
    expect(run.exitCode).toBe(7)
    const doc = run.doc as {
      checks?: unknown[]
      error: {kind: string; message: string; details?: {report: {checks: unknown[]}}}
    }
    expect(doc.error.kind).toBe('network')
    expect(doc.error.message).toMatch(/^doctor: the reachable check failed: /)
    // the report beside the error (main since i15-jsondoc: at the top level; before: error.details.report)
    const checks = doc.checks ?? doc.error.details?.report.checks
    expect(checks).toEqual([expect.objectContaining({name: 'reachable', ok: false})])
  })

  it('a server that refuses the credentials fails the auth check (8), printed with its hint', async () => {
    oss({names: [401, {status: 401, message: 'Unauthorized'}]})
    const run = await runInProcess(Doctor as CommandClass, [], server)
    expect(run.exitCode).toBe(8)
    expect(run.stdout).toMatch(/✗ auth: /)
    expect(run.stdout).not.toContain('Flavour:')
    expect(run.stderr).toMatch(/Error: doctor: the auth check failed: /)
  })

  it('a server that does not report a version fails that check (6)', async () => {
    oss({version: [404, '']})
    const run = await runInProcess(Doctor as CommandClass, ['--json'], server)
    expect(run.exitCode).toBe(6)
    expect((run.doc as {error: {message: string}}).error.message).toBe(
      'doctor: the version check failed: the server does not report a version',
    )
  })
})
