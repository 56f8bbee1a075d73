import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, inject, it} from 'vitest'
import {runCli} from '../helpers/run-cli.js'
import {cli, serverUrl, tempDir} from '../helpers/server-env.js'
import {testSecret} from '../helpers/secrets.js'

describe('doctor against the real server', () => {
  it('reports it healthy, with its version and the OSS API families', async () => {
    const result = await cli(['doctor'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('✓ reachable')
    expect(result.stdout).toMatch(/✓ version: 3\.\d+\.\d+/)
    expect(result.stdout).toContain('Conductor OSS')
  })

  it('gives the same facts as JSON, on stdout only', async () => {
    const result = await cli(['doctor', '--json'])
    expect(result.exitCode).toBe(0)
    const report = JSON.parse(result.stdout) as {
      healthy: boolean
      version: string
      flavour: string
      capabilities: Record<string, boolean>
    }
    expect(report).toMatchObject({healthy: true, flavour: 'oss'})
    expect(report.version).toBe(inject('serverVersion') ?? report.version)
    expect(report.capabilities).toMatchObject({metadata: true, search: true, 'workflow-variables': false})
  })

  it('accepts global flags before the command words, and the URL without /api', async () => {
    const root = serverUrl().replace(/\/api$/, '')
    const result = await runCli(['--server', root, '--verbose', 'doctor'], {env: {CONDUCTOR_CLI_HOME: tempDir()}})
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stderr).toMatch(/\[http\] > GET http:\/\/localhost:\d+\/health/)
    expect(result.stderr).toMatch(/\[http\] < 200 GET \/api\/version/)
  })

  it('never prints secrets, even with --verbose and in errors', async () => {
    const secret = testSecret('secret')
    const result = await runCli(['doctor', '--verbose', '--auth-key', 'it-key', '--auth-secret', secret], {
      env: {CONDUCTOR_CLI_HOME: tempDir(), CONDUCTOR_SERVER_URL: serverUrl()},
    })
    expect(result.exitCode, result.stderr).toBe(0) // OSS: /api/token is 404, so no auth is used
    expect(result.stdout + result.stderr).not.toContain(secret)
  })

  it('never prints a token, with --verbose, in config show, or when the request fails', async () => {
    const token = testSecret('token')
    const env = {CONDUCTOR_CLI_HOME: tempDir(), CONDUCTOR_AUTH_TOKEN: token}
    const runs = [
      await runCli(['workflow', 'list', '--verbose'], {env: {...env, CONDUCTOR_SERVER_URL: serverUrl()}}),
      await runCli(['workflow', 'get', 'no_such_workflow_xyz', '--verbose'], {
        env: {...env, CONDUCTOR_SERVER_URL: serverUrl()},
      }),
      await runCli(['doctor', '--verbose'], {env: {...env, CONDUCTOR_SERVER_URL: 'http://127.0.0.1:9/api'}}),
      await runCli(['config', 'show'], {env}),
      await runCli(['config', 'show', '--json'], {env}),
    ]
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain(token)
    expect(runs[0]?.stderr).toContain('[http] > GET')
  })
})

describe('a server that is down', () => {
  for (const args of [['doctor'], ['doctor', '--json']]) {
    it(`fails fast with the URL, a hint and exit 7: ${args.join(' ')}`, async () => {
      const result = await runCli(args, {
        env: {CONDUCTOR_CLI_HOME: tempDir(), CONDUCTOR_SERVER_URL: 'http://localhost:9/api'},
      })
      expect(result.ms).toBeLessThan(5000)
      expect(result.exitCode).toBe(7)
      const out = result.stdout + result.stderr
      expect(out).toContain('http://localhost:9/health')
      expect(out).toContain('conductor server start')
      expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/) // no stack trace
    })
  }
})

describe('server status', () => {
  it('shows the running integration server as healthy with its version and data dir', async () => {
    const port = new URL(serverUrl()).port
    const result = await cli(['server', 'status', '--port', port, '--json'])
    expect(result.exitCode, result.stderr).toBe(0)
    const [status] = JSON.parse(result.stdout) as {healthy: boolean; version: string; dataDir: string; pid: number}[]
    expect(status).toMatchObject({healthy: true})
    expect(status?.pid).toBeGreaterThan(0)
    expect(status?.dataDir).toContain(inject('cliHome'))
  })

  it('keeps its data in the data dir, never the working directory (on Postgres, no SQLite file at all)', () => {
    const db = join(inject('cliHome'), 'data', 'conductor.db')
    if (inject('storage') === 'postgres') expect(existsSync(db)).toBe(false)
    else expect(statSync(db).size).toBeGreaterThan(0)
    expect(existsSync(join(process.cwd(), 'conductor.db'))).toBe(false)
  })
})

describe('config', () => {
  it('saves a 0600 profile, shows each value with its source, masks secrets', async () => {
    const home = tempDir()
    const env = {CONDUCTOR_CLI_HOME: home}
    const secretValue = testSecret('profile')
    const saved = await runCli(
      [
        'config',
        'save',
        '--profile',
        'stage',
        '--server',
        'https://stage.example/api',
        '--auth-key',
        'k-1',
        '--auth-secret',
        secretValue,
      ],
      {env},
    )
    expect(saved.exitCode, saved.stderr).toBe(0)
    expect(statSync(join(home, 'config-stage.yaml')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(home, 'config-stage.yaml'), 'utf8')).toContain('auth-key: k-1')
    const shown = await runCli(['--profile', 'stage', 'config', 'show', '--json'], {
      env: {...env, CONDUCTOR_SERVER_URL: 'http://env.example:8080'},
    })
    expect(shown.exitCode, shown.stderr).toBe(0)
    const settings = (JSON.parse(shown.stdout) as {settings: {key: string; value: string; source: string}[]}).settings
    // an explicit profile beats the environment (as in the Go CLI and the AWS CLI)
    expect(settings.find((s) => s.key === 'server')).toMatchObject({
      value: 'https://stage.example/api',
      source: join(home, 'config-stage.yaml'),
    })
    expect(settings.find((s) => s.key === 'auth-key')).toMatchObject({
      value: 'k-1',
      source: join(home, 'config-stage.yaml'),
    })
    expect(shown.stdout + shown.stderr).not.toContain(secretValue)
    const listed = await runCli(['config', 'list', '-o', 'csv'], {env}).catch(() => undefined)
    expect(listed?.exitCode).toBe(0)
    const deleted = await runCli(['config', 'delete', 'stage'], {env})
    expect(deleted.exitCode).toBe(2)
    expect(deleted.stderr).toContain('--yes')
    expect((await runCli(['config', 'delete', 'stage', '--yes'], {env})).exitCode).toBe(0)
    expect((await runCli(['--profile', 'stage', 'config', 'show'], {env})).exitCode).toBe(4) // a missing profile: not found
  })
})
